-- Which admins ADMIN_IDS made: at every start an admin it made who is no longer listed stops
-- being an admin, while admins granted otherwise (`birlik grant`, `/grant`) stay until revoked.
-- Any other grant of a role sets it back to 0.
ALTER TABLE roles ADD COLUMN from_admin_ids INTEGER NOT NULL DEFAULT 0 CHECK (from_admin_ids IN (0, 1));

-- Today's admins whose latest grant came from ADMIN_IDS.
UPDATE roles SET from_admin_ids = 1
WHERE role = 'admin'
  AND (SELECT json_extract(a.details, '$.via') FROM audit_log a
       WHERE a.action = 'role_granted' AND a.target_user_id = roles.telegram_user_id
       ORDER BY a.id DESC LIMIT 1) = 'ADMIN_IDS';
