-- Member figures read these indexes alone, never the member rows: new members of a period
-- (national and by region) and a region's members by youth wing.
CREATE INDEX members_registered ON members (registered_at);
CREATE INDEX members_region_registered ON members (region_iso, registered_at);
CREATE INDEX members_region_wing ON members (region_iso, wing_id);

-- The sign-ups that count as attendance, with their member: "most active volunteers" reads
-- this index alone.
CREATE INDEX signups_attended ON signups (event_id, member_id) WHERE attended = 1 AND status != 'cancelled';
