-- Written by hand (created by `biositing migration new`): refresh log records the WAL position of each refresh
--
-- The primary's WAL position once a successful refresh committed
-- (pg_current_wal_lsn(), read right after the commit): a streaming standby
-- whose pg_last_wal_replay_lsn() has reached it shows the refreshed rows.
-- `biositing views status --replica` and `verify --replica` compare the two.
-- A table beside refresh_log rather than a column of it: dropping a column
-- leaves a hole in the table's column positions, so a rollback could not
-- restore refresh_log exactly. No foreign key either: a later migration may
-- rebuild refresh_log (keeping its ids), which a reference would forbid.
CREATE TABLE data_portal.refresh_log_wal_position (
    refresh_log_id bigint PRIMARY KEY,
    wal_lsn pg_lsn NOT NULL
);

GRANT SELECT ON data_portal.refresh_log_wal_position TO portal_readonly;
