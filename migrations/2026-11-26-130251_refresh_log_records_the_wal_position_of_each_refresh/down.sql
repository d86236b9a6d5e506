-- Written by hand (created by `biositing migration new`): undoes 2026-11-26-130251_refresh_log_records_the_wal_position_of_each_refresh.
DROP TABLE data_portal.refresh_log_wal_position;
