-- Written by hand (created by `biositing migration new`): refresh log records the WAL position of each refresh
--
-- The primary's WAL position when a refresh attempt ended (pg_current_wal_lsn()
-- right after the refresh committed): a streaming standby whose
-- pg_last_wal_replay_lsn() has reached it shows the refreshed rows. `biositing
-- views status --replica` and `verify --replica` compare the two.
ALTER TABLE data_portal.refresh_log ADD COLUMN wal_lsn pg_lsn;
