-- Every refresh attempt is on record, including one that never finishes: a
-- refresh writes its row when it starts (outcome 'running', with the PostgreSQL
-- backend that runs it) in a transaction of its own, and completes the row when
-- it ends. A 'running' row whose backend is gone was interrupted (process killed,
-- connection lost); the next refresh of that view marks it 'interrupted'.
--
-- The enum is rebuilt rather than extended with ADD VALUE, so the whole change
-- is ordinary transactional DDL and the new values are usable at once.

ALTER TYPE data_portal.refresh_outcome RENAME TO refresh_outcome_before_attempts;
CREATE TYPE data_portal.refresh_outcome AS ENUM ('succeeded', 'failed', 'skipped', 'running', 'interrupted');

ALTER TABLE data_portal.refresh_log
    ALTER COLUMN outcome TYPE data_portal.refresh_outcome
        USING outcome::text::data_portal.refresh_outcome,
    -- Unknown while the attempt runs, or forever when it was interrupted.
    ALTER COLUMN finished_at DROP NOT NULL,
    ALTER COLUMN duration_ms DROP NOT NULL,
    -- An attempt that failed before choosing a mode (e.g. the view is missing).
    ALTER COLUMN mode DROP NOT NULL,
    -- pg_backend_pid() of the session that ran the attempt.
    ADD COLUMN backend_pid integer;

DROP TYPE data_portal.refresh_outcome_before_attempts;
