-- After an event: each volunteer marked present is thanked, with the event's hours, and may
-- rate it from 1 to 5 with an optional comment, changeable for 7 days after its end.

-- When the thank-you was queued for this sign-up: it is queued and marked in one transaction,
-- so a scheduler pass that runs twice, or a restart, never sends it twice.
ALTER TABLE signups ADD COLUMN thanked_at INTEGER;

-- Events that ended before ratings existed are not thanked afterwards.
UPDATE signups SET thanked_at = 0 WHERE event_id IN (SELECT id FROM events WHERE status = 'finished');

-- One answer per event and member; a second answer replaces the first.
CREATE TABLE event_ratings (
    event_id    INTEGER NOT NULL REFERENCES events (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    -- NULL until the member writes one (a skipped comment stays NULL).
    comment     TEXT,
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, member_id)
) STRICT;
CREATE INDEX event_ratings_member ON event_ratings (member_id);
