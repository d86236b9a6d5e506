-- Every refresh of a data-portal view, successful or not, so operators and the
-- portal ("data as of") can tell how fresh each view is.

CREATE TYPE data_portal.refresh_mode AS ENUM ('concurrent', 'blocking');
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

-- "Last refresh of view X" is the question this table answers.
CREATE INDEX refresh_log_view_finished ON data_portal.refresh_log (view_name, finished_at DESC);

GRANT SELECT ON data_portal.refresh_log TO portal_readonly;
