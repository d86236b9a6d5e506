-- Back to the table of 000005. The table is rebuilt (not just altered) so that
-- its columns keep their original positions. Attempts that never finished
-- become failed ones; an attempt without a mode is logged as blocking.

ALTER TABLE data_portal.refresh_log RENAME TO refresh_log_with_attempts;
ALTER INDEX data_portal.refresh_log_pkey RENAME TO refresh_log_with_attempts_pkey;
ALTER INDEX data_portal.refresh_log_view_finished RENAME TO refresh_log_with_attempts_view_finished;
ALTER SEQUENCE data_portal.refresh_log_id_seq RENAME TO refresh_log_with_attempts_id_seq;
ALTER TYPE data_portal.refresh_outcome RENAME TO refresh_outcome_with_attempts;

CREATE TYPE data_portal.refresh_outcome AS ENUM ('succeeded', 'failed', 'skipped');

CREATE TABLE data_portal.refresh_log (
    id bigserial PRIMARY KEY,
    view_name varchar NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    duration_ms bigint NOT NULL,
    rows_after bigint,
    mode data_portal.refresh_mode NOT NULL,
    outcome data_portal.refresh_outcome NOT NULL,
    error text
);

INSERT INTO data_portal.refresh_log
       (id, view_name, started_at, finished_at, duration_ms, rows_after, mode, outcome, error)
SELECT id, view_name, started_at, coalesce(finished_at, started_at), coalesce(duration_ms, 0),
       rows_after, coalesce(mode, 'blocking'),
       CASE WHEN outcome IN ('running', 'interrupted') THEN 'failed' ELSE outcome::text END::data_portal.refresh_outcome,
       CASE WHEN outcome IN ('running', 'interrupted')
            THEN coalesce(error, 'interrupted: the refresh never finished')
            ELSE error END
  FROM data_portal.refresh_log_with_attempts;

SELECT setval('data_portal.refresh_log_id_seq', coalesce(max(id), 1), max(id) IS NOT NULL)
  FROM data_portal.refresh_log;

DROP TABLE data_portal.refresh_log_with_attempts;
DROP TYPE data_portal.refresh_outcome_with_attempts;

CREATE INDEX refresh_log_view_finished ON data_portal.refresh_log (view_name, finished_at DESC);

GRANT SELECT ON data_portal.refresh_log TO portal_readonly;
