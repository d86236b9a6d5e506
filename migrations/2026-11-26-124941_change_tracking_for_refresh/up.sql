-- Written by hand (created by `biositing migration new`): Change tracking for refresh
--
-- `biositing refresh` refreshes only the views whose inputs changed since their
-- last refresh, and `views status` says which views are stale. Both rest on:
--
-- * data_portal.table_change: one row per (relation, writing transaction). An
--   AFTER ... FOR EACH STATEMENT trigger on every base table (INSERT, UPDATE,
--   DELETE, TRUNCATE; COPY fires the INSERT trigger) inserts the row with
--   ON CONFLICT DO NOTHING. Each transaction writes only rows keyed by its own
--   xid, so concurrent writers never wait for one another, and a transaction
--   that rolls back leaves no row. ENABLE ALWAYS keeps the trigger firing under
--   session_replication_role = replica, which bulk loaders use.
-- * refresh_log.source_snapshot: pg_current_snapshot() of the REFRESH's own
--   (repeatable read) transaction, written in that transaction, so it is on
--   record exactly when the refresh committed. A change is after a refresh
--   exactly when NOT pg_visible_in_snapshot(change.xid, source_snapshot),
--   whatever order the transactions committed in.
-- * The refresh of a materialized view records a change of that view too, for
--   the views that read it.
-- * Outcome 'unchanged': a view that was not refreshed because nothing it reads
--   changed; it is logged all the same.
--
-- The trigger function is SECURITY DEFINER (owned by whoever migrates), so a
-- writer needs no privilege on data_portal.table_change; nobody else gets any.

CREATE TABLE data_portal.table_change (
    relid oid NOT NULL,
    xid xid8 NOT NULL,
    first_changed_at timestamptz NOT NULL,
    PRIMARY KEY (relid, xid)
);
REVOKE ALL ON data_portal.table_change FROM PUBLIC;

CREATE FUNCTION data_portal.record_table_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO data_portal.table_change (relid, xid, first_changed_at)
    VALUES (TG_RELID, pg_current_xact_id(), clock_timestamp())
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION data_portal.record_table_change() FROM PUBLIC;

-- Tracks a table (idempotent). New base tables that a view reads call it in
-- their migration: SELECT data_portal.track_table_changes('public.my_table');
-- `biositing migrate` warns and `biositing verify` fails while one is missing.
CREATE FUNCTION data_portal.track_table_changes(target regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = target AND tgname = 'biositing_table_change') THEN
        EXECUTE format('CREATE TRIGGER biositing_table_change
                          AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s
                          FOR EACH STATEMENT EXECUTE FUNCTION data_portal.record_table_change()',
                       target);
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER biositing_table_change', target);
END
$$;
REVOKE ALL ON FUNCTION data_portal.track_table_changes(regclass) FROM PUBLIC;

-- CREATE TRIGGER blocks writes to each table for an instant; never queue
-- behind a long transaction for it (the runner retries).
SET LOCAL lock_timeout = '5s';

-- Every base table of the data model (the bookkeeping tables are no input of any view).
SELECT data_portal.track_table_changes(c.oid)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
   AND c.relname NOT IN ('__diesel_schema_migrations', 'alembic_version')
   AND c.relname NOT LIKE 'biositing\_%'
 ORDER BY c.relname;

ALTER TABLE data_portal.refresh_log ADD COLUMN source_snapshot pg_snapshot;

-- Rebuilt rather than extended with ADD VALUE, as in 092600: ordinary
-- transactional DDL, and the new value is usable at once.
ALTER TYPE data_portal.refresh_outcome RENAME TO refresh_outcome_before_unchanged;
CREATE TYPE data_portal.refresh_outcome AS ENUM ('succeeded', 'failed', 'skipped', 'running', 'interrupted', 'unchanged');
ALTER TABLE data_portal.refresh_log
    ALTER COLUMN outcome TYPE data_portal.refresh_outcome
        USING outcome::text::data_portal.refresh_outcome;
DROP TYPE data_portal.refresh_outcome_before_unchanged;
