-- An event's announcements are found by the event's id (to withdraw the undelivered ones when
-- it is cancelled), not by the data of a button inside their JSON.
ALTER TABLE deliveries ADD COLUMN event_id INTEGER REFERENCES events(id);

UPDATE deliveries
SET event_id = CAST(substr(json_extract(payload, '$.buttons[0].callback_data'), 3) AS INTEGER)
WHERE kind = 'event' AND status = 'pending'
  AND json_extract(payload, '$.buttons[0].callback_data') LIKE 'v:%';

CREATE INDEX deliveries_pending_of_event ON deliveries (event_id)
    WHERE event_id IS NOT NULL AND status = 'pending';

-- Card edits no longer go through the queue (the card painter redraws cards, newest per card,
-- in memory): the edits an older version queued are dropped, as the painter drops redraws at a
-- stop; each card is drawn afresh at the member's next press.
DROP TRIGGER IF EXISTS deliveries_card_edit_replaces;
DROP INDEX IF EXISTS deliveries_pending_cards;
UPDATE deliveries SET status = 'cancelled' WHERE kind = 'event_card' AND status = 'pending';
