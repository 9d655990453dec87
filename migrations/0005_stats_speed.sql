-- Member figures read these indexes alone, never the member rows: new members of a period
-- (national and by region) and a region's members by youth wing.
CREATE INDEX members_registered ON members (registered_at);
CREATE INDEX members_region_registered ON members (region_iso, registered_at);
CREATE INDEX members_region_wing ON members (region_iso, wing_id);

-- The sign-ups that count as attendance, with their member: "most active volunteers" reads
-- this index alone.
CREATE INDEX signups_attended ON signups (event_id, member_id) WHERE attended = 1 AND status != 'cancelled';

-- Members per region, kept by triggers: the national breakdown reads 20 rows, not every member.
CREATE TABLE region_member_counts (
    region_iso TEXT PRIMARY KEY REFERENCES regions (iso_code),
    members    INTEGER NOT NULL
) STRICT;

INSERT INTO region_member_counts (region_iso, members)
SELECT r.iso_code, (SELECT COUNT(*) FROM members m WHERE m.region_iso = r.iso_code) FROM regions r;

CREATE TRIGGER region_member_counts_new AFTER INSERT ON members
BEGIN
    INSERT INTO region_member_counts (region_iso, members) VALUES (NEW.region_iso, 1)
    ON CONFLICT (region_iso) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER region_member_counts_move AFTER UPDATE OF region_iso ON members
WHEN OLD.region_iso IS NOT NEW.region_iso
BEGIN
    UPDATE region_member_counts SET members = members - 1 WHERE region_iso = OLD.region_iso;
    INSERT INTO region_member_counts (region_iso, members) VALUES (NEW.region_iso, 1)
    ON CONFLICT (region_iso) DO UPDATE SET members = members + 1;
END;

CREATE TRIGGER region_member_counts_gone AFTER DELETE ON members
BEGIN
    UPDATE region_member_counts SET members = members - 1 WHERE region_iso = OLD.region_iso;
END;

-- Standings: each member's attended events and seconds, by scope ('' for the country, else
-- the region of the events) and period (30d, 90d, year, all), for the periods as they start on
-- `standings_state.day`. Triggers keep them exact as attendance, sign-ups and events change;
-- the bot moves the periods on at Almaty midnight (src/db/standings.rs). Until it has built
-- them (no rows in `standings_periods`) the triggers do nothing and figures are computed from
-- the sign-ups directly.
CREATE TABLE standings_state (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    day TEXT
) STRICT;

INSERT INTO standings_state (id, day) VALUES (1, NULL);

CREATE TABLE standings_periods (
    period TEXT PRIMARY KEY,
    since  INTEGER NOT NULL
) STRICT;

CREATE TABLE standings (
    scope     TEXT NOT NULL,
    period    TEXT NOT NULL,
    member_id INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    seconds   INTEGER NOT NULL,
    PRIMARY KEY (scope, period, member_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX standings_top ON standings (scope, period, events DESC, seconds DESC, member_id);

-- A sign-up counts when attended and not cancelled, for an event published or finished.
CREATE TRIGGER standings_signup_new AFTER INSERT ON signups
WHEN NEW.attended = 1 AND NEW.status != 'cancelled'
BEGIN
    INSERT INTO standings (scope, period, member_id, events, seconds)
    SELECT sc.scope, p.period, NEW.member_id, 1, e.ends_at - e.starts_at
    FROM events e
    JOIN standings_periods p ON e.starts_at >= p.since
    JOIN (SELECT '' AS scope UNION ALL
          SELECT region_iso FROM events WHERE id = NEW.event_id AND region_iso IS NOT NULL) sc
    WHERE e.id = NEW.event_id AND e.status IN ('published', 'finished')
    ON CONFLICT (scope, period, member_id) DO UPDATE
        SET events = events + excluded.events, seconds = seconds + excluded.seconds;
END;

CREATE TRIGGER standings_signup_change AFTER UPDATE OF attended, status ON signups
WHEN (NEW.attended = 1 AND NEW.status != 'cancelled') != (OLD.attended = 1 AND OLD.status != 'cancelled')
BEGIN
    INSERT INTO standings (scope, period, member_id, events, seconds)
    SELECT sc.scope, p.period, NEW.member_id, d.delta, d.delta * (e.ends_at - e.starts_at)
    FROM (SELECT (NEW.attended = 1 AND NEW.status != 'cancelled')
               - (OLD.attended = 1 AND OLD.status != 'cancelled') AS delta) d
    JOIN events e
    JOIN standings_periods p ON e.starts_at >= p.since
    JOIN (SELECT '' AS scope UNION ALL
          SELECT region_iso FROM events WHERE id = NEW.event_id AND region_iso IS NOT NULL) sc
    WHERE e.id = NEW.event_id AND e.status IN ('published', 'finished')
    ON CONFLICT (scope, period, member_id) DO UPDATE
        SET events = events + excluded.events, seconds = seconds + excluded.seconds;
END;

CREATE TRIGGER standings_signup_gone AFTER DELETE ON signups
WHEN OLD.attended = 1 AND OLD.status != 'cancelled'
BEGIN
    INSERT INTO standings (scope, period, member_id, events, seconds)
    SELECT sc.scope, p.period, OLD.member_id, -1, -(e.ends_at - e.starts_at)
    FROM events e
    JOIN standings_periods p ON e.starts_at >= p.since
    JOIN (SELECT '' AS scope UNION ALL
          SELECT region_iso FROM events WHERE id = OLD.event_id AND region_iso IS NOT NULL) sc
    WHERE e.id = OLD.event_id AND e.status IN ('published', 'finished')
    ON CONFLICT (scope, period, member_id) DO UPDATE
        SET events = events + excluded.events, seconds = seconds + excluded.seconds;
END;

-- An event cancelled, reinstated, moved in time or to another region: what its attendances
-- counted before is taken away, what they count now is added.
CREATE TRIGGER standings_event_change AFTER UPDATE OF status, starts_at, ends_at, region_iso ON events
WHEN (OLD.status IN ('published', 'finished')) != (NEW.status IN ('published', 'finished'))
  OR (NEW.status IN ('published', 'finished')
      AND (OLD.starts_at != NEW.starts_at OR OLD.ends_at != NEW.ends_at OR OLD.region_iso IS NOT NEW.region_iso))
BEGIN
    INSERT INTO standings (scope, period, member_id, events, seconds)
    SELECT sc.scope, p.period, s.member_id, -1, -(OLD.ends_at - OLD.starts_at)
    FROM signups s
    JOIN standings_periods p ON OLD.starts_at >= p.since
    JOIN (SELECT '' AS scope UNION ALL SELECT OLD.region_iso WHERE OLD.region_iso IS NOT NULL) sc
    WHERE OLD.status IN ('published', 'finished')
      AND s.event_id = OLD.id AND s.attended = 1 AND s.status != 'cancelled'
    ON CONFLICT (scope, period, member_id) DO UPDATE
        SET events = events + excluded.events, seconds = seconds + excluded.seconds;
    INSERT INTO standings (scope, period, member_id, events, seconds)
    SELECT sc.scope, p.period, s.member_id, 1, NEW.ends_at - NEW.starts_at
    FROM signups s
    JOIN standings_periods p ON NEW.starts_at >= p.since
    JOIN (SELECT '' AS scope UNION ALL SELECT NEW.region_iso WHERE NEW.region_iso IS NOT NULL) sc
    WHERE NEW.status IN ('published', 'finished')
      AND s.event_id = NEW.id AND s.attended = 1 AND s.status != 'cancelled'
    ON CONFLICT (scope, period, member_id) DO UPDATE
        SET events = events + excluded.events, seconds = seconds + excluded.seconds;
END;
