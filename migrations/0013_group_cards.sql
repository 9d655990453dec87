-- An event's card in the group chats linked to its region shows everybody's figures in the
-- language the event was published in. Recording the cards lets every change of the event
-- (a sign-up anywhere, an edit, a cancellation) redraw them with the event's final figures,
-- not only presses on the card itself.
ALTER TABLE events ADD COLUMN group_lang TEXT CHECK (group_lang IN ('kk', 'ru', 'en'));

-- Events published before: their publisher's language, when the publisher is a member.
UPDATE events SET group_lang = (SELECT m.lang FROM members m WHERE m.telegram_user_id = events.organiser_id);

CREATE TABLE group_cards (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    event_id   INTEGER NOT NULL REFERENCES events (id),
    -- A fingerprint of the text and buttons the card shows now; 0 when not known (a card sent
    -- before cards were recorded, first seen when somebody pressed it).
    shown      INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) STRICT;
CREATE INDEX group_cards_event ON group_cards (event_id);

-- The cards already delivered to groups.
INSERT OR IGNORE INTO group_cards (chat_id, message_id, event_id, shown)
SELECT chat_id, sent_message_id, event_id, 0 FROM deliveries
WHERE kind = 'event' AND is_group = 1 AND status = 'delivered'
  AND event_id IS NOT NULL AND sent_message_id IS NOT NULL;
