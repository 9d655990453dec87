//! Looking at what the bot did: its database and its calls to the Bot API.

use super::TestApp;

impl TestApp {
    /// Fails the test if Telegram refused any call: a bug, unless the test injected a fault.
    pub fn assert_no_api_errors(&self) {
        let errors = self.fake.errors();
        assert!(
            errors.is_empty(),
            "the Bot API refused calls: {:#?}",
            errors.iter().map(|c| (&c.method, &c.error)).collect::<Vec<_>>()
        );
    }

    /// The number `sql` counts (a `SELECT COUNT(*) …`).
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// Rows of every table, as text, to compare before and after something that must change nothing.
    pub async fn snapshot(&self, tables: &[&str]) -> Vec<String> {
        let mut rows = Vec::new();
        for table in tables {
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
                .bind(table)
                .fetch_all(&self.pool)
                .await
                .unwrap();
            assert!(!columns.is_empty(), "no table {table}");
            let dump: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT json_array({}) AS row FROM {table} ORDER BY row",
                columns.join(", ")
            )))
            .fetch_all(&self.pool)
            .await
            .unwrap();
            rows.extend(dump.into_iter().map(|row| format!("{table}: {row}")));
        }
        rows
    }
}
