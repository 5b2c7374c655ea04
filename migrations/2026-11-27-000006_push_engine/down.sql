UPDATE push_stages SET timeout_seconds = 3600 WHERE timeout_seconds IS NULL;
ALTER TABLE push_stages ALTER COLUMN timeout_seconds SET NOT NULL;
