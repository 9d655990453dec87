//! The sender's view of a broadcast: one status message, edited as delivery goes on, that
//! becomes the final report.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MessageId};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::clock::Clock;
use crate::db::broadcasts::{self, Broadcast, DeliveryTally};
use crate::db::{Db, regions};
use crate::domain::status::BroadcastStatus;
use crate::i18n::Locales;
use crate::telegram::callback::Callback;

use crate::telegram::limits::Pacer;

/// How often the status message may change: Telegram users do not need more, and every edit
/// counts against the global rate.
pub const EDIT_EVERY: Duration = Duration::from_secs(3);

pub struct ProgressReporter {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl ProgressReporter {
    pub fn spawn(pool: Db, clock: Clock, bot: Bot, locales: Arc<Locales>, pacer: Arc<Mutex<Pacer>>) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut shown: HashMap<i64, String> = HashMap::new();
            loop {
                if let Err(error) = report_all(&pool, &bot, &locales, &pacer, &mut shown, clock.unix()).await
                {
                    tracing::warn!(error = format!("{error:#}"), "cannot report broadcast progress");
                }
                tokio::select! {
                    _ = tokio::time::sleep(EDIT_EVERY) => {}
                    _ = stopped.changed() => break,
                }
            }
        });
        Self { stop, task }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn report_all(
    pool: &Db,
    bot: &Bot,
    locales: &Locales,
    pacer: &Mutex<Pacer>,
    shown: &mut HashMap<i64, String>,
    now: i64,
) -> anyhow::Result<()> {
    for broadcast in broadcasts::unfinished(pool).await? {
        let figures = broadcasts::figures(pool, broadcast.id).await?;
        let finished = figures.is_finished();
        let text = if finished {
            report_text(locales, pool, &broadcast, &figures).await?
        } else {
            progress_text(locales, &broadcast, &figures)
        };
        if shown.get(&broadcast.id) != Some(&text) {
            // The sender is waiting to see it: a reply's place in the budget.
            let slot = pacer
                .lock()
                .unwrap()
                .reserve_reply(broadcast.sender_chat_id, false, Instant::now());
            tokio::time::sleep_until(slot).await;
            crate::telegram::limits::admitted(pacer).await;
            show(bot, locales, &broadcast, &figures, &text, finished).await;
            shown.insert(broadcast.id, text);
        }
        if finished {
            broadcasts::finish(pool, broadcast.id, now).await?;
            shown.remove(&broadcast.id);
        }
    }
    Ok(())
}

/// Edits the status message, or sends a new one if it is gone.
async fn show(
    bot: &Bot,
    locales: &Locales,
    broadcast: &Broadcast,
    figures: &DeliveryTally,
    text: &str,
    finished: bool,
) {
    let lang = broadcast.lang;
    let chat = ChatId(broadcast.sender_chat_id);
    let unreached = figures.blocked + figures.failed + figures.cancelled;
    let buttons = if !finished {
        vec![InlineKeyboardButton::callback(
            locales.text(lang, "broadcast-cancel"),
            Callback::BroadcastCancel(broadcast.id).encode(),
        )]
    } else if unreached > 0 {
        vec![InlineKeyboardButton::callback(
            locales.text(lang, "broadcast-unreached-csv"),
            Callback::BroadcastUnreached(broadcast.id).encode(),
        )]
    } else {
        vec![]
    };
    let markup = InlineKeyboardMarkup::new(if buttons.is_empty() { vec![] } else { vec![buttons] });
    let edited = match broadcast.status_message_id {
        Some(id) => bot
            .edit_message_text(chat, MessageId(id as i32), text)
            .reply_markup(markup.clone())
            .await
            .is_ok(),
        None => false,
    };
    if !edited && let Err(error) = bot.send_message(chat, text).reply_markup(markup).await {
        tracing::warn!(%error, broadcast = broadcast.id, "cannot show broadcast progress");
    }
}

pub fn progress_text(locales: &Locales, broadcast: &Broadcast, figures: &DeliveryTally) -> String {
    let done = figures.delivered + figures.blocked + figures.failed;
    locales.text_with(
        broadcast.lang,
        "broadcast-progress",
        &[
            ("id", broadcast.id.into()),
            ("done", done.into()),
            ("total", broadcast.total.into()),
        ],
    )
}

/// The final report: delivered, blocked, failed, per region, and "Seen it" counts.
pub async fn report_text(
    locales: &Locales,
    pool: &Db,
    broadcast: &Broadcast,
    figures: &DeliveryTally,
) -> anyhow::Result<String> {
    let lang = broadcast.lang;
    let key = if broadcast.status == BroadcastStatus::Cancelled {
        "broadcast-report-cancelled"
    } else {
        "broadcast-report"
    };
    let mut text = locales.text_with(
        lang,
        key,
        &[
            ("id", broadcast.id.into()),
            ("total", broadcast.total.into()),
            ("delivered", figures.delivered.into()),
            ("blocked", figures.blocked.into()),
            ("failed", figures.failed.into()),
            ("cancelled", figures.cancelled.into()),
        ],
    );
    let names: HashMap<String, String> = regions::list(pool)
        .await?
        .into_iter()
        .map(|r| (r.iso_code.clone(), r.name(lang).to_owned()))
        .collect();
    for (iso, delivered, blocked, failed) in &figures.by_region {
        text.push('\n');
        text.push_str(&locales.text_with(
            lang,
            "broadcast-report-region",
            &[
                (
                    "region",
                    names.get(iso).cloned().unwrap_or_else(|| iso.clone()).into(),
                ),
                ("delivered", (*delivered).into()),
                ("blocked", (*blocked).into()),
                ("failed", (*failed).into()),
            ],
        ));
    }
    if broadcast.with_ack {
        let acks = broadcasts::acknowledgements(pool, broadcast.id).await?;
        let seen: i64 = acks.iter().map(|(_, _, count)| count).sum();
        text.push_str("\n\n");
        text.push_str(&locales.text_with(lang, "broadcast-report-seen", &[("count", seen.into())]));
        for (iso, wing, count) in acks {
            let wing = wing.unwrap_or_else(|| locales.text(lang, "wing-none"));
            let region = names.get(&iso).cloned().unwrap_or(iso);
            text.push('\n');
            text.push_str(&locales.text_with(
                lang,
                "broadcast-report-seen-line",
                &[
                    ("region", region.into()),
                    ("wing", wing.into()),
                    ("count", count.into()),
                ],
            ));
        }
    }
    Ok(fit_message(text))
}

/// Telegram's limit on a message's text. Telegram counts UTF-16 code units, so an emoji counts
/// twice: [`fit_message`] counts the same way.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// The length of a text as Telegram counts it, in UTF-16 code units.
pub fn telegram_length(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Cuts a long text at a line boundary so it fits one message, marking the cut with "…"; a
/// first line longer than a whole message is cut at a character.
pub fn fit_message(text: String) -> String {
    if telegram_length(&text) <= MAX_MESSAGE_CHARS {
        return text;
    }
    // Room left for the line break and the "…" that mark the cut.
    let room = MAX_MESSAGE_CHARS - 2;
    let mut fitted = String::new();
    let mut length = 0;
    // Lines as written, breaks included: `lines()` would drop a "\r" before a "\n", and what
    // is kept must be the text's own beginning.
    for line in text.split_inclusive('\n') {
        let unbroken = !line.ends_with('\n');
        let line_length = telegram_length(line) + usize::from(unbroken);
        if length + line_length > room {
            break;
        }
        fitted.push_str(line);
        if unbroken {
            fitted.push('\n');
        }
        length += line_length;
    }
    if fitted.is_empty() {
        for c in text.chars().take_while(|c| {
            length += c.len_utf16();
            length < room
        }) {
            fitted.push(c);
        }
        fitted.push('\n');
    }
    fitted.push('…');
    fitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reports_are_cut_at_a_line() {
        let long: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        let fitted = fit_message(long);
        assert!(fitted.chars().count() <= MAX_MESSAGE_CHARS);
        assert!(fitted.ends_with("\n…"));
        assert_eq!(fit_message("short".into()), "short");
    }

    #[test]
    fn emoji_count_twice_and_one_endless_line_is_cut_too() {
        let emoji = "😀".repeat(3000);
        let fitted = fit_message(emoji.clone());
        assert!(telegram_length(&fitted) <= MAX_MESSAGE_CHARS);
        assert!(fitted.starts_with("😀😀") && fitted.ends_with("\n…"));
        let at_limit = "😀".repeat(2048);
        assert_eq!(fit_message(at_limit.clone()), at_limit);
    }

    use crate::domain::hostile;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_fits_one_message_and_keeps_its_beginning(text in hostile::text(), lines in 0usize..3) {
            let text = format!("{text}\n").repeat(lines * 40 + 1);
            let fitted = fit_message(text.clone());
            prop_assert!(telegram_length(&fitted) <= MAX_MESSAGE_CHARS);
            if telegram_length(&text) <= MAX_MESSAGE_CHARS {
                prop_assert_eq!(fitted, text);
            } else {
                let kept = fitted.strip_suffix("\n…").unwrap();
                prop_assert!(text.starts_with(kept));
            }
        }
    }
}
