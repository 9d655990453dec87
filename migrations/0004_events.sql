-- Events, volunteer sign-ups with a waiting list, durable reminders, attendance.

CREATE TABLE events (
    id                INTEGER PRIMARY KEY,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    -- NULL: republic-wide.
    region_iso        TEXT REFERENCES regions (iso_code),
    place             TEXT NOT NULL,
    -- Seconds since the epoch, UTC; shown in Asia/Almaty.
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL CHECK (ends_at > starts_at),
    -- NULL: unlimited.
    capacity          INTEGER CHECK (capacity > 0),
    deadline_at       INTEGER NOT NULL CHECK (deadline_at <= starts_at),
    organiser_id      INTEGER NOT NULL,
    organiser_chat_id INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'finished')),
    checkin_code      TEXT NOT NULL UNIQUE,
    -- Sign-ups by status, and those marked present (all present; confirmed and present), kept
    -- by the triggers below: a card and the figures read them without counting sign-ups.
    taken             INTEGER NOT NULL DEFAULT 0,
    waiting           INTEGER NOT NULL DEFAULT 0,
    cancelled         INTEGER NOT NULL DEFAULT 0,
    present           INTEGER NOT NULL DEFAULT 0,
    present_confirmed INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    published_at      INTEGER,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX events_upcoming ON events (status, region_iso, starts_at);

CREATE TABLE signups (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events (id),
    member_id     INTEGER NOT NULL REFERENCES members (id),
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    -- Order of arrival in the event: the waiting list is served by it.
    seq           INTEGER NOT NULL,
    -- The answer to "Still coming?": NULL until answered.
    still_coming  INTEGER,
    attended      INTEGER NOT NULL DEFAULT 0,
    checked_in_at INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (event_id, member_id)
) STRICT;
CREATE INDEX signups_by_status ON signups (event_id, status, seq);
CREATE INDEX signups_member ON signups (member_id);
CREATE INDEX signups_order ON signups (event_id, seq);

CREATE TRIGGER signups_count_new AFTER INSERT ON signups
BEGIN
    UPDATE events
    SET taken = taken + (NEW.status = 'confirmed'),
        waiting = waiting + (NEW.status = 'waiting'),
        cancelled = cancelled + (NEW.status = 'cancelled'),
        present = present + (NEW.attended = 1 AND NEW.status != 'cancelled'),
        present_confirmed = present_confirmed + (NEW.attended = 1 AND NEW.status = 'confirmed')
    WHERE id = NEW.event_id;
END;

CREATE TRIGGER signups_count_change AFTER UPDATE OF status, attended ON signups
    WHEN OLD.status != NEW.status OR OLD.attended != NEW.attended
BEGIN
    UPDATE events
    SET taken = taken + (NEW.status = 'confirmed') - (OLD.status = 'confirmed'),
        waiting = waiting + (NEW.status = 'waiting') - (OLD.status = 'waiting'),
        cancelled = cancelled + (NEW.status = 'cancelled') - (OLD.status = 'cancelled'),
        present = present + (NEW.attended = 1 AND NEW.status != 'cancelled')
            - (OLD.attended = 1 AND OLD.status != 'cancelled'),
        present_confirmed = present_confirmed + (NEW.attended = 1 AND NEW.status = 'confirmed')
            - (OLD.attended = 1 AND OLD.status = 'confirmed')
    WHERE id = NEW.event_id;
END;

-- Reminders are rows before they are messages: the scheduler queues a reminder's deliveries and
-- marks it sent in one transaction, so a restart neither loses nor repeats it.
CREATE TABLE reminders (
    event_id INTEGER NOT NULL REFERENCES events (id),
    -- 'day_before' ("Still coming?") or 'two_hours'.
    kind     TEXT NOT NULL CHECK (kind IN ('day_before', 'two_hours')),
    due_at   INTEGER NOT NULL,
    sent_at  INTEGER,
    PRIMARY KEY (event_id, kind)
) STRICT;
CREATE INDEX reminders_due ON reminders (sent_at, due_at);
