-- Back to what the earlier migrations granted: portal_readonly reads the refresh log.
-- portal_monitor stays: roles belong to the whole server, and other databases on
-- it may grant to it.

REVOKE SELECT ON data_portal.refresh_log_snapshot_origin FROM portal_monitor;
REVOKE SELECT ON data_portal.refresh_log_wal_position FROM portal_monitor;
REVOKE SELECT ON data_portal.refresh_log FROM portal_monitor;
REVOKE USAGE ON SCHEMA data_portal FROM portal_monitor;

GRANT SELECT ON data_portal.refresh_log TO portal_readonly;
GRANT SELECT ON data_portal.refresh_log_wal_position TO portal_readonly;
GRANT SELECT ON data_portal.refresh_log_snapshot_origin TO portal_readonly;
