-- Registration drafts untouched for 7 days are deleted (db::dialogues::expire_drafts, every
-- second): the index keeps that pass to the old rows.
CREATE INDEX dialogues_updated ON dialogues (updated_at);
