-- portal_readonly reads the views and nothing else, as the README and 000004 say:
-- the refresh bookkeeping (error texts, backend pids, snapshots, WAL positions,
-- snapshot origins)
-- is for whoever watches refreshes, through a role of its own, portal_monitor.
-- Roles belong to the whole server, so portal_monitor is created only if missing,
-- looking at pg_roles first (see 000004: an owner without CREATEROLE can migrate
-- once the role exists).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_monitor') THEN
        CREATE ROLE portal_monitor NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- Every relation of data_portal that is not a materialized view (the refresh log,
-- its WAL positions and snapshot origins, the change log, any sequence), whatever
-- was granted before.
DO $$
DECLARE
    relation regclass;
BEGIN
    FOR relation IN
        SELECT c.oid::regclass
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'data_portal' AND c.relkind IN ('r', 'p', 'v', 'f', 'S')
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM portal_readonly', relation);
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA data_portal TO portal_monitor;
GRANT SELECT ON data_portal.refresh_log TO portal_monitor;
GRANT SELECT ON data_portal.refresh_log_wal_position TO portal_monitor;
GRANT SELECT ON data_portal.refresh_log_snapshot_origin TO portal_monitor;
