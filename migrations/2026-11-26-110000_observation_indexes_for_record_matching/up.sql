-- Indexes on observation for the joins of the lab-analysis views, which match
-- observations to their records case-insensitively. The expressions are exactly
-- the ones the view definitions use, so the planner can use them (and ANALYZE
-- gathers statistics on lower(record_id), which fixes the join estimates):
--   mv_biomass_search:       o.record_type = <type> AND lower(o.record_id) = lower(<record>.record_id)
--   mv_biomass_composition,
--   mv_biomass_fermentation,
--   mv_biomass_gasification: lower(o.record_id) = lower(<record>.record_id)
-- CREATE INDEX blocks writes to observation while it builds (seconds at scale
-- 10); the lock_timeout keeps it from queueing behind long transactions.
SET LOCAL lock_timeout = '5s';

CREATE INDEX IF NOT EXISTS idx_observation_record_type_lower_record_id
    ON observation USING btree (record_type, lower(record_id));

CREATE INDEX IF NOT EXISTS idx_observation_lower_record_id
    ON observation USING btree (lower(record_id));

ANALYZE observation;
