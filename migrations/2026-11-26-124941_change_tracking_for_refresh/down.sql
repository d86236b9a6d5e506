-- Written by hand (created by `biositing migration new`): undoes 2026-11-26-124941_change_tracking_for_refresh.
-- 'unchanged' attempts become 'skipped' ones that say why.

SET LOCAL lock_timeout = '5s';

ALTER TYPE data_portal.refresh_outcome RENAME TO refresh_outcome_with_unchanged;
CREATE TYPE data_portal.refresh_outcome AS ENUM ('succeeded', 'failed', 'skipped', 'running', 'interrupted');
UPDATE data_portal.refresh_log
   SET error = coalesce(error, 'unchanged: nothing it reads had changed')
 WHERE outcome = 'unchanged';
ALTER TABLE data_portal.refresh_log
    ALTER COLUMN outcome TYPE data_portal.refresh_outcome
        USING (CASE WHEN outcome = 'unchanged' THEN 'skipped' ELSE outcome::text END)::data_portal.refresh_outcome;
DROP TYPE data_portal.refresh_outcome_with_unchanged;

ALTER TABLE data_portal.refresh_log DROP COLUMN source_snapshot;

DO $$
DECLARE
    tracked regclass;
BEGIN
    FOR tracked IN
        SELECT tgrelid::regclass FROM pg_trigger
         WHERE tgname = 'biositing_table_change'
           AND tgfoid = 'data_portal.record_table_change()'::regprocedure
    LOOP
        EXECUTE format('DROP TRIGGER biositing_table_change ON %s', tracked);
    END LOOP;
END
$$;

DROP FUNCTION data_portal.track_table_changes(regclass);
DROP FUNCTION data_portal.record_table_change();
DROP TABLE data_portal.table_change;
