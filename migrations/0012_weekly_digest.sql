-- The weekly digest to coordinators and admins.

-- Staff who turned the digest off (its button); `/digest` deletes the row.
CREATE TABLE digest_opt_outs (
    telegram_user_id INTEGER PRIMARY KEY NOT NULL,
    at               INTEGER NOT NULL
) STRICT;

-- One row per Monday whose digest was queued: after days down the bot queues the latest
-- Monday's once, never one per missed Monday.
CREATE TABLE digest_weeks (
    -- Monday 09:00 Almaty, seconds since the epoch.
    due_at    INTEGER PRIMARY KEY NOT NULL,
    queued_at INTEGER NOT NULL
) STRICT;
