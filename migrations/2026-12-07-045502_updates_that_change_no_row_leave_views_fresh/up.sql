-- Written by hand (created by `biositing migration new`): Updates that change no row leave views fresh
--
-- An UPDATE that matches no row, or writes back the values its rows already
-- hold (an ORM saving unchanged objects, an ETL re-applying the same file),
-- changes nothing a view reads; yet the statement trigger of 124941 recorded
-- it, and every reader of the table was refreshed for nothing.
--
-- UPDATE now has a trigger of its own, biositing_table_update, with transition
-- tables: it records the change only when the updated rows after the statement,
-- as a multiset of row values, differ from the same rows before it. Rows are
-- compared in their text form, which every type has (json and geometry have no
-- equality operator usable here) and which tells apart any two values a view
-- could tell apart. INSERT, DELETE and TRUNCATE keep biositing_table_change,
-- now without UPDATE: PostgreSQL allows transition tables on a trigger of one
-- event only and never on TRUNCATE, and capturing every inserted row would cost
-- COPY what it does not cost now. An INSERT or DELETE of no row still counts.
--
-- The comparison costs an UPDATE time in proportion to the rows it updates
-- (bench/trigger_cost.sh measures it); a view is never left stale by it, since
-- equal multisets of rows are the same table contents.

CREATE FUNCTION data_portal.record_table_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT n::text FROM biositing_new_rows n
               EXCEPT ALL
               SELECT o::text FROM biositing_old_rows o) THEN
        INSERT INTO data_portal.table_change (relid, xid, first_changed_at)
        VALUES (TG_RELID, pg_current_xact_id(), clock_timestamp())
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION data_portal.record_table_update() FROM PUBLIC;

-- Tracks a table (idempotent): both triggers, enabled always (they fire under
-- session_replication_role = replica too). A table tracked by the trigger of
-- 124941 (UPDATE included) gets it re-created without UPDATE, in this
-- transaction, so no write goes unrecorded in between.
CREATE OR REPLACE FUNCTION data_portal.track_table_changes(target regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger
                WHERE tgrelid = target AND tgname = 'biositing_table_change'
                  AND (tgtype & 16) <> 0) THEN
        EXECUTE format('DROP TRIGGER biositing_table_change ON %s', target);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = target AND tgname = 'biositing_table_change') THEN
        EXECUTE format('CREATE TRIGGER biositing_table_change
                          AFTER INSERT OR DELETE OR TRUNCATE ON %s
                          FOR EACH STATEMENT EXECUTE FUNCTION data_portal.record_table_change()',
                       target);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = target AND tgname = 'biositing_table_update') THEN
        EXECUTE format('CREATE TRIGGER biositing_table_update
                          AFTER UPDATE ON %s
                          REFERENCING OLD TABLE AS biositing_old_rows NEW TABLE AS biositing_new_rows
                          FOR EACH STATEMENT EXECUTE FUNCTION data_portal.record_table_update()',
                       target);
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER biositing_table_change', target);
    EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER biositing_table_update', target);
END
$$;

-- CREATE TRIGGER blocks writes to each table for an instant; never queue
-- behind a long transaction for it (the runner retries).
SET LOCAL lock_timeout = '5s';

-- Every table tracked now. Its readers are stale once (the tracking trigger
-- was re-created), which the next refresh settles.
DO $$
DECLARE
    tracked regclass;
BEGIN
    FOR tracked IN
        SELECT tgrelid::regclass FROM pg_trigger
         WHERE tgname = 'biositing_table_change'
           AND tgfoid = 'data_portal.record_table_change()'::regprocedure
         ORDER BY tgrelid::regclass::text
    LOOP
        PERFORM data_portal.track_table_changes(tracked);
    END LOOP;
END
$$;
