-- Written by hand: refresh snapshots record their server and the change tracking they ran under
--
-- A refresh's snapshot (refresh_log.source_snapshot) says which transactions
-- it saw, but transaction ids mean something only on the cluster that
-- assigned them: restored into another server (pg_dump/pg_restore, a move),
-- every later write there may look already seen. And a write made while the
-- tracking trigger was disabled (`ALTER TABLE … DISABLE TRIGGER`, a
-- `pg_dump --data-only --disable-triggers` restore) records nothing at all.
-- So each refresh records, in its own transaction and as its snapshot saw them:
--
-- * system_identifier: pg_control_system().system_identifier of the cluster.
--   A snapshot counts only there, and only while its xmax is not ahead of the
--   cluster's next transaction id; otherwise the view is stale ("refreshed on
--   another server").
-- * tracking_triggers: for each table the view reads, '<oid>=<trigger oid>:<xmin>'
--   of its tracking triggers ('none' without one). Disabling, enabling or
--   re-creating a trigger writes a new pg_trigger row version (a new xmin), so
--   a table whose entry differs now had its tracking switched since the
--   refresh and its readers are stale until refreshed. Needs no superuser.
--
-- A table beside refresh_log rather than columns of it, as for
-- refresh_log_wal_position: a rollback restores refresh_log exactly.
CREATE TABLE data_portal.refresh_log_snapshot_origin (
    refresh_log_id bigint PRIMARY KEY,
    system_identifier bigint NOT NULL,
    tracking_triggers text[] NOT NULL
);

GRANT SELECT ON data_portal.refresh_log_snapshot_origin TO portal_readonly;
