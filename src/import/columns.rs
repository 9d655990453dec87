//! Which column of a file holds what, from its header row in Kazakh, Russian or English.

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    FullName,
    BirthYear,
    Wing,
    Phone,
    Language,
}

impl Column {
    /// The columns a file must have; phone and language may be left out.
    pub const REQUIRED: [Column; 3] = [Column::FullName, Column::BirthYear, Column::Wing];

    /// The header names recognised, in kk, ru and en (compared without case, spaces or marks).
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::FullName => &[
                "Аты-жөні",
                "Толық аты-жөні",
                "Аты",
                "ФИО",
                "Ф.И.О.",
                "Имя",
                "Полное имя",
                "Full name",
                "Name",
            ],
            Column::BirthYear => &[
                "Туған жылы",
                "Туылған жылы",
                "Год рождения",
                "Birth year",
                "Year of birth",
            ],
            Column::Wing => &["Қанат", "Крыло", "Wing"],
            Column::Phone => &[
                "Телефон",
                "Телефон нөмірі",
                "Номер телефона",
                "Phone",
                "Phone number",
            ],
            Column::Language => &["Тіл", "Язык", "Language", "Lang"],
        }
    }

    /// The column a header names, if any.
    pub fn recognise(header: &str) -> Option<Column> {
        let header = fold(header);
        [
            Column::FullName,
            Column::BirthYear,
            Column::Wing,
            Column::Phone,
            Column::Language,
        ]
        .into_iter()
        .find(|column| column.names().iter().any(|name| fold(name) == header))
    }
}

/// Lower case with spaces, hyphens, dots and underscores left out, so «Аты-жөні», «аты жөні»,
/// «Ф.И.О.» and "full_name" match the names above however they were typed.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each recognised column is in a header row; the first of two alike wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    places: Vec<(Column, usize)>,
}

impl Layout {
    /// The layout of `header`, or the required columns it lacks.
    pub fn of(header: &[String]) -> Result<Self, Vec<Column>> {
        let mut places: Vec<(Column, usize)> = Vec::new();
        for (index, cell) in header.iter().enumerate() {
            if let Some(column) = Column::recognise(cell)
                && !places.iter().any(|(c, _)| *c == column)
            {
                places.push((column, index));
            }
        }
        let missing: Vec<_> = Column::REQUIRED
            .into_iter()
            .filter(|c| !places.iter().any(|(p, _)| p == c))
            .collect();
        if missing.is_empty() {
            Ok(Self { places })
        } else {
            Err(missing)
        }
    }

    /// The cell of `row` in `column`, or "" when the file has no such column or the row is short.
    pub fn cell<'a>(&self, row: &'a [String], column: Column) -> &'a str {
        self.places
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, index)| row.get(*index))
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn recognises_headers_in_each_language_whatever_the_case_and_spaces() {
        for (text, column) in [
            ("Аты-жөні", Column::FullName),
            ("аты жөні", Column::FullName),
            ("ФИО", Column::FullName),
            ("ф.и.о.", Column::FullName),
            ("FULL NAME", Column::FullName),
            ("full_name", Column::FullName),
            ("Туған жылы", Column::BirthYear),
            ("Год  рождения", Column::BirthYear),
            ("birth_year", Column::BirthYear),
            ("Қанат", Column::Wing),
            ("крыло", Column::Wing),
            ("Wing", Column::Wing),
            ("Телефон", Column::Phone),
            ("phone", Column::Phone),
            ("Тіл", Column::Language),
            ("Язык", Column::Language),
            ("language", Column::Language),
        ] {
            assert_eq!(Column::recognise(text), Some(column), "{text}");
        }
        assert_eq!(Column::recognise("Email"), None);
        assert_eq!(Column::recognise(""), None);
    }

    #[test]
    fn finds_each_column_wherever_it_stands() {
        let layout = Layout::of(&header(&["№", "Крыло", "ФИО", "Год рождения"])).unwrap();
        let row = header(&["1", "Корейцы", "Анна Ким", "2005"]);
        assert_eq!(layout.cell(&row, Column::FullName), "Анна Ким");
        assert_eq!(layout.cell(&row, Column::Wing), "Корейцы");
        assert_eq!(layout.cell(&row, Column::Phone), "");
        assert_eq!(layout.cell(&header(&["1"]), Column::FullName), "");
    }

    #[test]
    fn names_the_required_columns_a_header_lacks() {
        assert_eq!(
            Layout::of(&header(&["ФИО", "Телефон"])),
            Err(vec![Column::BirthYear, Column::Wing])
        );
    }
}
