//! The states rows go through, as types: stored as the words the migrations' CHECK
//! constraints list, so a typo is a compile error instead of a query that matches nothing.

use serde::{Deserialize, Serialize};

/// A member: reachable, blocked the bot (Telegram answered 403), or erased at their request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum MemberStatus {
    Active,
    Blocked,
    Erased,
}

impl MemberStatus {
    /// The stored word, for files people read beside the database (the CSV exports).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Blocked => "blocked",
            Self::Erased => "erased",
        }
    }
}

/// An event: a draft only its organiser sees (the `/newevent` preview), published, cancelled
/// by its staff, or finished once it has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum EventStatus {
    Draft,
    Published,
    Cancelled,
    Finished,
}

impl EventStatus {
    /// The stored word, for files people read beside the database (the CSV exports).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
            Self::Finished => "finished",
        }
    }
}

/// A sign-up: a confirmed place, a spot on the waiting list, or cancelled by the member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum SignupStatus {
    Confirmed,
    Waiting,
    Cancelled,
}

impl SignupStatus {
    /// Confirmed or waiting: the sign-ups that hold a member to an event.
    pub const SIGNED_UP: [Self; 2] = [Self::Confirmed, Self::Waiting];
    /// Every status, in the order the volunteer lists show them.
    pub const ALL: [Self; 3] = [Self::Confirmed, Self::Waiting, Self::Cancelled];

    /// The stored word, for files people read beside the database (the CSV exports).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Waiting => "waiting",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A broadcast: being sent, finished, or cancelled by its sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum BroadcastStatus {
    Sending,
    Done,
    Cancelled,
}

/// A message in the delivery queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    /// Claimed by the worker, its request on the way.
    Sending,
    Delivered,
    /// The member blocked the bot (403).
    Blocked,
    /// Telegram refused it, or kept failing.
    Failed,
    /// Withdrawn: a cancelled broadcast or event.
    Cancelled,
}

impl DeliveryStatus {
    /// The stored word, for files people read beside the database (a broadcast's CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Delivered => "delivered",
            Self::Blocked => "blocked",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// What a queued message is: a broadcast's copy, about an event (its announcement, a notice to
/// those signed up, a reminder), or the weekly digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum DeliveryKind {
    Broadcast,
    Event,
    /// The weekly digest to coordinators and admins.
    Digest,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_word_is_the_stored_word() {
        use DeliveryStatus::*;
        for status in [Pending, Sending, Delivered, Blocked, Failed, Cancelled] {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for status in [MemberStatus::Active, MemberStatus::Blocked, MemberStatus::Erased] {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        use EventStatus::{Draft, Finished, Published};
        for status in [Draft, Published, EventStatus::Cancelled, Finished] {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for status in SignupStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }
}
