-- Written by hand: undoes 2026-12-05-131800_refresh_snapshots_record_their_server_and_tracking_triggers.
DROP TABLE data_portal.refresh_log_snapshot_origin;
