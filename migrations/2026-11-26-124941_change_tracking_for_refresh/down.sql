-- Written by hand (created by `biositing migration new`): undoes 2026-11-26-124941_change_tracking_for_refresh.
-- 'unchanged' attempts become 'skipped' ones that say why.

SET LOCAL lock_timeout = '5s';

-- The refresh log is rebuilt (not just altered), as in 092600's down.sql, so
-- that its columns keep their positions without source_snapshot.
ALTER TABLE data_portal.refresh_log RENAME TO refresh_log_with_snapshots;
ALTER INDEX data_portal.refresh_log_pkey RENAME TO refresh_log_with_snapshots_pkey;
ALTER INDEX data_portal.refresh_log_view_finished RENAME TO refresh_log_with_snapshots_view_finished;
ALTER SEQUENCE data_portal.refresh_log_id_seq RENAME TO refresh_log_with_snapshots_id_seq;
ALTER TYPE data_portal.refresh_outcome RENAME TO refresh_outcome_with_unchanged;

CREATE TYPE data_portal.refresh_outcome AS ENUM ('succeeded', 'failed', 'skipped', 'running', 'interrupted');

CREATE TABLE data_portal.refresh_log (
    id bigserial PRIMARY KEY,
    view_name varchar NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    duration_ms bigint,
    rows_after bigint,
    mode data_portal.refresh_mode,
    outcome data_portal.refresh_outcome NOT NULL,
    error text,
    backend_pid integer
);

INSERT INTO data_portal.refresh_log
       (id, view_name, started_at, finished_at, duration_ms, rows_after, mode, outcome, error, backend_pid)
SELECT id, view_name, started_at, finished_at, duration_ms, rows_after, mode,
       CASE WHEN outcome = 'unchanged' THEN 'skipped' ELSE outcome::text END::data_portal.refresh_outcome,
       CASE WHEN outcome = 'unchanged'
            THEN coalesce(error, 'unchanged: nothing it reads had changed')
            ELSE error END,
       backend_pid
  FROM data_portal.refresh_log_with_snapshots;

SELECT setval('data_portal.refresh_log_id_seq', coalesce(max(id), 1), max(id) IS NOT NULL)
  FROM data_portal.refresh_log;

DROP TABLE data_portal.refresh_log_with_snapshots;
DROP TYPE data_portal.refresh_outcome_with_unchanged;

CREATE INDEX refresh_log_view_finished ON data_portal.refresh_log (view_name, finished_at DESC);

GRANT SELECT ON data_portal.refresh_log TO portal_readonly;

DO $$
DECLARE
    tracked regclass;
BEGIN
    FOR tracked IN
        SELECT tgrelid::regclass FROM pg_trigger
         WHERE tgname = 'biositing_table_change'
           AND tgfoid = 'data_portal.record_table_change()'::regprocedure
    LOOP
        EXECUTE format('DROP TRIGGER biositing_table_change ON %s', tracked);
    END LOOP;
END
$$;

DROP FUNCTION data_portal.track_table_changes(regclass);
DROP FUNCTION data_portal.record_table_change();
DROP TABLE data_portal.table_change;
