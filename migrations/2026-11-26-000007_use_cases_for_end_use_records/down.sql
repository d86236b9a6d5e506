ALTER TABLE resource_end_use_record DROP COLUMN use_case_id;
DROP TABLE use_case;
