-- Certificates of volunteer hours as issued. /verify answers from what a certificate stated
-- when it was issued, not from today's figures; /forget deletes the member's rows, so their
-- certificates stop verifying and nothing of them is left here.
CREATE TABLE certificates (
    id          INTEGER PRIMARY KEY,
    -- Printed on the certificate and in its QR code's link: 64 random bits, unguessable.
    code        TEXT NOT NULL UNIQUE,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    full_name   TEXT NOT NULL,
    -- The first and the last attended event: when they started and ended.
    period_from INTEGER NOT NULL,
    period_to   INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    seconds     INTEGER NOT NULL,
    issued_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX certificates_member ON certificates (member_id);
