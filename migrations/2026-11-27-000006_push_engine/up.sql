-- A stage without its own timeout runs with the worker's default (ROLF_STAGE_TIMEOUT_SECONDS), which the API
-- cannot know when it snapshots the stage; NULL records "the default".
ALTER TABLE push_stages ALTER COLUMN timeout_seconds DROP NOT NULL;
