-- People a headquarters brought in from its own lists (`/import`). They are not members: only
-- staff of their region see them, the bot never writes to them, and each becomes a member only
-- by opening their own link and registering with their own consent. A pending person's row is
-- deleted when they activate, are removed, ask to be forgotten or are not activated in time.

-- One file of people, from its dry run to its import. The file is kept at Telegram (its file
-- id) and read again when Import is pressed, so what is stored is checked against the members
-- of that moment.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    region_iso  TEXT NOT NULL REFERENCES regions (iso_code),
    -- The Telegram user who sent the file (NULL from the command line).
    imported_by INTEGER,
    file_id     TEXT,
    file_name   TEXT NOT NULL,
    checked_at  INTEGER NOT NULL,
    -- NULL until Import is pressed: a second press imports nothing twice.
    imported_at INTEGER,
    people      INTEGER
) STRICT;

CREATE TABLE pending_people (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports (id),
    -- In the person's link (`m_<code>`): 80 random bits, unguessable, deleted once used.
    code        TEXT NOT NULL UNIQUE,
    region_iso  TEXT NOT NULL REFERENCES regions (iso_code),
    wing_id     INTEGER NOT NULL REFERENCES wings (id),
    full_name   TEXT NOT NULL,
    birth_year  INTEGER NOT NULL,
    phone       TEXT,
    lang        TEXT CHECK (lang IN ('kk', 'ru', 'en')),
    imported_at INTEGER NOT NULL
) STRICT;
CREATE INDEX pending_people_region_wing ON pending_people (region_iso, wing_id);
CREATE INDEX pending_people_imported_at ON pending_people (imported_at);

-- Set for a member who joined through an imported person's link: activation rates count them.
ALTER TABLE members ADD COLUMN import_id INTEGER REFERENCES imports (id);
CREATE INDEX members_import ON members (import_id) WHERE import_id IS NOT NULL;
