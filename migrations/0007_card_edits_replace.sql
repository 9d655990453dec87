-- A card's new text waits in the queue as one edit: a newer edit of the same message replaces
-- the one not yet sent. A burst of presses on a group's card (groups take 20 messages a minute)
-- then costs the group a few edits, the last showing the latest figures, not one per press.
CREATE INDEX deliveries_pending_cards ON deliveries (chat_id)
    WHERE status = 'pending' AND kind = 'event_card';

CREATE TRIGGER deliveries_card_edit_replaces BEFORE INSERT ON deliveries
WHEN NEW.kind = 'event_card'
BEGIN
    DELETE FROM deliveries
    WHERE status = 'pending' AND kind = 'event_card' AND chat_id = NEW.chat_id
      AND json_extract(payload, '$.message_id') = json_extract(NEW.payload, '$.message_id');
END;
