-- The durable delivery queue for every bulk or deferred message, broadcasts, and linked groups.

CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY,
    created_by        INTEGER,
    -- The sender's private chat: the source of the copied messages and where progress shows.
    sender_chat_id    INTEGER NOT NULL,
    -- {"kind": "all"} | {"kind": "regions", "regions": [...]} | {"kind": "wing", "wing_id": N}
    audience          TEXT NOT NULL,
    with_ack          INTEGER NOT NULL DEFAULT 0,
    -- The sender's language, for the progress message and the report.
    lang              TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    status            TEXT NOT NULL CHECK (status IN ('sending', 'done', 'cancelled')),
    status_message_id INTEGER,
    total             INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    finished_at       INTEGER
) STRICT;

-- One version of a broadcast per language; position 0 is the fallback for other languages.
CREATE TABLE broadcast_versions (
    broadcast_id      INTEGER NOT NULL REFERENCES broadcasts (id),
    lang              TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    position          INTEGER NOT NULL,
    source_message_id INTEGER NOT NULL,
    PRIMARY KEY (broadcast_id, lang)
) STRICT;

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    broadcast_id    INTEGER REFERENCES broadcasts (id),
    member_id       INTEGER REFERENCES members (id),
    chat_id         INTEGER NOT NULL,
    is_group        INTEGER NOT NULL DEFAULT 0,
    -- What to send (JSON): a copy of a message, or a text with buttons.
    payload         TEXT NOT NULL,
    priority        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'delivered', 'blocked', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Milliseconds since the epoch: retries and per-chat spacing need sub-second times.
    next_attempt_ms INTEGER NOT NULL,
    last_error      TEXT,
    sent_message_id INTEGER,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX deliveries_due ON deliveries (status, priority DESC, next_attempt_ms, id);
CREATE INDEX deliveries_broadcast ON deliveries (broadcast_id, status);
CREATE INDEX deliveries_member ON deliveries (member_id);

-- "Seen it" presses on broadcasts that carry the button.
CREATE TABLE acknowledgements (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    member_id    INTEGER NOT NULL REFERENCES members (id),
    at           INTEGER NOT NULL,
    PRIMARY KEY (broadcast_id, member_id)
) STRICT;

-- Group chats linked to a region with /linkgroup: they receive the region's announcements.
CREATE TABLE linked_groups (
    chat_id    INTEGER PRIMARY KEY NOT NULL,
    region_iso TEXT NOT NULL REFERENCES regions (iso_code),
    title      TEXT,
    linked_by  INTEGER,
    linked_at  INTEGER NOT NULL
) STRICT;
