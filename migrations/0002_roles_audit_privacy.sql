-- Roles, invites, the audit log, and usernames for naming people in /grant.

-- The member's Telegram @username, kept current as they write; erased with the rest by /forget.
ALTER TABLE members ADD COLUMN username TEXT;
CREATE INDEX members_username ON members (username COLLATE NOCASE);

-- Staff roles by Telegram user id (a coordinator need not have registered as a member first).
-- One role per person; admins cover the whole country, the others one region.
CREATE TABLE roles (
    telegram_user_id INTEGER PRIMARY KEY NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('organiser', 'coordinator', 'admin')),
    region_iso       TEXT REFERENCES regions (iso_code),
    granted_by       INTEGER,
    granted_at       INTEGER NOT NULL,
    CHECK ((role = 'admin') = (region_iso IS NULL))
) STRICT;

-- Single-use invite links: https://t.me/<bot>?start=inv_<code>
CREATE TABLE invites (
    code       TEXT PRIMARY KEY NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('organiser', 'coordinator')),
    region_iso TEXT NOT NULL REFERENCES regions (iso_code),
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER,
    used_at    INTEGER
) STRICT;

-- Who did what, when: role changes, invites, wing changes, exports of personal data.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    -- NULL: the operator's command line (or an actor who has since erased their data).
    actor_user_id  INTEGER,
    action         TEXT NOT NULL,
    target_user_id INTEGER,
    region_iso     TEXT,
    details        TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
