//! Wrong check-in codes, counted per person: after [`MAX_WRONG`] in a minute the person is
//! asked to wait, so nobody can guess codes (or learn which codes exist) at the bot's speed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Wrong codes one person may send within [`WINDOW_SECONDS`].
pub const MAX_WRONG: u32 = 10;
/// The window wrong codes are counted in, in seconds of the injectable clock.
pub const WINDOW_SECONDS: i64 = 60;
/// People remembered before the memory drops windows that have run out.
const MAX_REMEMBERED: usize = 10_000;

/// Wrong check-in codes per Telegram user, in memory: a restart forgives them, which costs a
/// guesser no more than a minute.
#[derive(Clone, Debug, Default)]
pub struct CheckinGuard(Arc<Mutex<HashMap<i64, Strikes>>>);

#[derive(Debug)]
struct Strikes {
    since: i64,
    wrong: u32,
}

impl CheckinGuard {
    /// Seconds `user` must wait before trying a code again, if they used up their wrong codes.
    pub fn wait(&self, user: i64, now: i64) -> Option<i64> {
        let people = self.0.lock().expect("check-in guard");
        let strikes = people.get(&user)?;
        let until = strikes.since + WINDOW_SECONDS;
        (strikes.wrong >= MAX_WRONG && now < until).then_some(until - now)
    }

    /// Counts a wrong code (unknown, or of an event `user` is not signed up for).
    pub fn wrong(&self, user: i64, now: i64) {
        let mut people = self.0.lock().expect("check-in guard");
        if people.len() >= MAX_REMEMBERED {
            people.retain(|_, strikes| now < strikes.since + WINDOW_SECONDS);
        }
        let strikes = people.entry(user).or_insert(Strikes { since: now, wrong: 0 });
        if now >= strikes.since + WINDOW_SECONDS {
            *strikes = Strikes { since: now, wrong: 0 };
        }
        strikes.wrong += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_wrong_codes_a_minute_then_a_wait_until_the_minute_is_over() {
        let guard = CheckinGuard::default();
        for second in 0..MAX_WRONG as i64 {
            assert_eq!(guard.wait(1, 100 + second), None);
            guard.wrong(1, 100 + second);
        }
        assert_eq!(guard.wait(1, 110), Some(50));
        assert_eq!(guard.wait(2, 110), None, "somebody else is not held up");
        assert_eq!(guard.wait(1, 159), Some(1));
        assert_eq!(guard.wait(1, 160), None);
        guard.wrong(1, 160);
        assert_eq!(guard.wait(1, 161), None, "a new minute starts afresh");
    }
}
