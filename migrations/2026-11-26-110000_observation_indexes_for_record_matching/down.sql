SET LOCAL lock_timeout = '5s';

DROP INDEX IF EXISTS idx_observation_lower_record_id;

DROP INDEX IF EXISTS idx_observation_record_type_lower_record_id;
