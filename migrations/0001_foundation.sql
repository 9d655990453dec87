-- Foundation: reference regions, youth wings, members, dialogue state and update de-duplication.
-- Times are INTEGER seconds since the Unix epoch, in UTC.

CREATE TABLE regions (
    iso_code   TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('city', 'region')),
    name_kk    TEXT NOT NULL,
    name_ru    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    center_en  TEXT NOT NULL,
    sort_order INTEGER NOT NULL UNIQUE
) STRICT;

-- The 20 regions of Kazakhstan (cities of republican significance first), from shared/data/kz_regions.csv.
INSERT INTO regions (iso_code, kind, name_kk, name_ru, name_en, center_en, sort_order) VALUES
    ('KZ-71', 'city', 'Астана', 'Астана', 'Astana', 'Astana', 1),
    ('KZ-75', 'city', 'Алматы', 'Алматы', 'Almaty', 'Almaty', 2),
    ('KZ-79', 'city', 'Шымкент', 'Шымкент', 'Shymkent', 'Shymkent', 3),
    ('KZ-10', 'region', 'Абай облысы', 'Абайская область', 'Abai Region', 'Semey', 4),
    ('KZ-11', 'region', 'Ақмола облысы', 'Акмолинская область', 'Akmola Region', 'Kokshetau', 5),
    ('KZ-15', 'region', 'Ақтөбе облысы', 'Актюбинская область', 'Aktobe Region', 'Aktobe', 6),
    ('KZ-19', 'region', 'Алматы облысы', 'Алматинская область', 'Almaty Region', 'Konaev', 7),
    ('KZ-23', 'region', 'Атырау облысы', 'Атырауская область', 'Atyrau Region', 'Atyrau', 8),
    ('KZ-27', 'region', 'Батыс Қазақстан облысы', 'Западно-Казахстанская область', 'West Kazakhstan Region', 'Oral', 9),
    ('KZ-31', 'region', 'Жамбыл облысы', 'Жамбылская область', 'Jambyl Region', 'Taraz', 10),
    ('KZ-33', 'region', 'Жетісу облысы', 'Область Жетысу', 'Jetisu Region', 'Taldykorgan', 11),
    ('KZ-35', 'region', 'Қарағанды облысы', 'Карагандинская область', 'Karaganda Region', 'Karaganda', 12),
    ('KZ-39', 'region', 'Қостанай облысы', 'Костанайская область', 'Kostanay Region', 'Kostanay', 13),
    ('KZ-43', 'region', 'Қызылорда облысы', 'Кызылординская область', 'Kyzylorda Region', 'Kyzylorda', 14),
    ('KZ-47', 'region', 'Маңғыстау облысы', 'Мангистауская область', 'Mangystau Region', 'Aktau', 15),
    ('KZ-55', 'region', 'Павлодар облысы', 'Павлодарская область', 'Pavlodar Region', 'Pavlodar', 16),
    ('KZ-59', 'region', 'Солтүстік Қазақстан облысы', 'Северо-Казахстанская область', 'North Kazakhstan Region', 'Petropavl', 17),
    ('KZ-61', 'region', 'Түркістан облысы', 'Туркестанская область', 'Turkistan Region', 'Turkistan', 18),
    ('KZ-62', 'region', 'Ұлытау облысы', 'Область Улытау', 'Ulytau Region', 'Jezkazgan', 19),
    ('KZ-63', 'region', 'Шығыс Қазақстан облысы', 'Восточно-Казахстанская область', 'East Kazakhstan Region', 'Oskemen', 20);

CREATE TABLE wings (
    id          INTEGER PRIMARY KEY,
    region_iso  TEXT NOT NULL REFERENCES regions (iso_code),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    archived_at INTEGER,
    UNIQUE (region_iso, name)
) STRICT;

CREATE TABLE members (
    id                  INTEGER PRIMARY KEY,
    -- NULL once the member is erased: the row stays, anonymised, so aggregate counts stay right.
    telegram_user_id    INTEGER UNIQUE,
    chat_id             INTEGER,
    full_name           TEXT,
    birth_year          INTEGER NOT NULL,
    region_iso          TEXT NOT NULL REFERENCES regions (iso_code),
    wing_id             INTEGER REFERENCES wings (id),
    phone               TEXT,
    lang                TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    consent_at          INTEGER NOT NULL,
    consent_version     TEXT NOT NULL,
    -- Set when the member was under 18 and confirmed that a parent or guardian agrees.
    guardian_consent_at INTEGER,
    registered_at       INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'erased')),
    erased_at           INTEGER
) STRICT;

CREATE INDEX members_region ON members (region_iso, status);
CREATE INDEX members_wing ON members (wing_id);

-- Dialogue state per chat, so that a restart in the middle of a dialogue loses nothing.
CREATE TABLE dialogues (
    chat_id    INTEGER PRIMARY KEY NOT NULL,
    state      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- Updates already handled: Telegram may deliver the same update twice.
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY NOT NULL,
    processed_at INTEGER NOT NULL
) STRICT;
