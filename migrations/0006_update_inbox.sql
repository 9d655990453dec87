-- Each update as it came from Telegram, kept until it is handled: Telegram counts an update as
-- delivered as soon as the bot asks for the next ones, which happens while the last ones are
-- still being handled, so after a crash these rows are the only copy of the updates that were
-- in hand. Handling an update (a row in processed_updates) removes its row here.
CREATE TABLE update_inbox (
    update_id   INTEGER PRIMARY KEY NOT NULL,
    body        TEXT NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;

CREATE TRIGGER update_inbox_handled AFTER INSERT ON processed_updates
BEGIN
    DELETE FROM update_inbox WHERE update_id = NEW.update_id;
END;
