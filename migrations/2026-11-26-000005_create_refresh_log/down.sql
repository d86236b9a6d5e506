REVOKE SELECT ON data_portal.refresh_log FROM portal_readonly;
DROP TABLE data_portal.refresh_log;
DROP TYPE data_portal.refresh_outcome;
DROP TYPE data_portal.refresh_mode;
