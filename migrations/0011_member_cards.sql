-- The event cards in members' private chats (announcements and /events pages): when a sign-up
-- changes, every card showing the event is redrawn with the newest state, and only those whose
-- text or buttons would change (Telegram refuses an edit that changes nothing).
CREATE TABLE member_cards (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    event_id   INTEGER NOT NULL REFERENCES events (id),
    member_id  INTEGER NOT NULL REFERENCES members (id),
    -- An /events card's page and page count, which its arrows show; NULL for an announcement.
    page       INTEGER,
    pages      INTEGER,
    -- A fingerprint of the text and buttons the card shows now.
    shown      INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) STRICT;
CREATE INDEX member_cards_event ON member_cards (event_id);
CREATE INDEX member_cards_member ON member_cards (member_id);

-- A queued message with an `event_id` (migration 0010) is that event's announcement card: once
-- delivered to a member, it is one of their cards.
