-- Written by hand (created by `biositing migration new`): undoes 2026-12-07-045502_updates_that_change_no_row_leave_views_fresh.
-- Write the SQL that reverts up.sql below, in reverse order.

SET LOCAL lock_timeout = '5s';

-- track_table_changes as 124941 made it, then every tracked table back to its
-- one trigger of four events.
CREATE OR REPLACE FUNCTION data_portal.track_table_changes(target regclass) RETURNS void
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

DO $$
DECLARE
    tracked regclass;
BEGIN
    FOR tracked IN
        SELECT tgrelid::regclass FROM pg_trigger
         WHERE tgname = 'biositing_table_update'
           AND tgfoid = 'data_portal.record_table_update()'::regprocedure
         ORDER BY tgrelid::regclass::text
    LOOP
        EXECUTE format('DROP TRIGGER biositing_table_update ON %s', tracked);
        EXECUTE format('DROP TRIGGER IF EXISTS biositing_table_change ON %s', tracked);
        PERFORM data_portal.track_table_changes(tracked);
    END LOOP;
END
$$;

DROP FUNCTION data_portal.record_table_update();
