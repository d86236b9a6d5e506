#!/usr/bin/env bash
# The refresh figures of issue 12, each a ratio measured in this run:
#
#   1. full refresh of every view: `biositing refresh --all` against psql one view
#      after another, with the observation indexes of migration
#      2026-11-26-110000_observation_indexes_for_record_matching and without them
#      (the same database with the migration's down.sql run through psql), so the
#      index gain and the scheduling gain are separate figures;
#   2. the ETL case: a batch of new rows, then `biositing refresh` (only the views
#      whose inputs changed) against `biositing refresh --all` after the same batch;
#   3. `biositing refresh` with nothing changed, against `psql -c 'SELECT 1'`;
#   4. the write cost of change tracking: `biositing sample-data` into a fresh
#      migrated database with the tracking triggers enabled and disabled.
#
#   bash bench/refresh.sh             # scale 10 (30 minutes on 2 cores at load average 8; less on a quiet machine)
#   QUICK=1 bash bench/refresh.sh     # smoke run at scale 1
#
# Settings (environment variables; the defaults of a QUICK=1 run in brackets):
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the server (trust or ~/.pgpass auth)
#   SCALE=10 [1]        sample-data scale
#   FULL_RUNS=3 [1]     rounds of figure 1 (each: both sides, with and without the indexes)
#   ETL_RUNS=3 [1]      rounds per batch kind of figure 2 (each: both sides)
#   NOOP_RUNS=7 [3]     timed calls per side of figure 3
#   LOAD_RUNS=3 [1]     loads per side of figure 4
#   JOBS=2              biositing refresh --jobs
#   DB_PREFIX=bench_tracking   database names: <prefix>_views, <prefix>_load
#   RESULT_MD=bench/out/refresh.md [bench/out/refresh-quick.md]   the Markdown section
#
# Logs (every refresh's --json, every load's) go to bench/out/refresh/. The Markdown
# section is meant for bench/RESULTS.md (run.sh rewrites that file; this script
# does not touch it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="$BENCH/out/refresh"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
COMMAND_LINE="$(command_line "bash bench/refresh.sh" QUICK SCALE FULL_RUNS ETL_RUNS NOOP_RUNS LOAD_RUNS JOBS DB_PREFIX RESULT_MD)"

QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
    d_scale=1 d_full_runs=1 d_etl_runs=1 d_noop_runs=3 d_load_runs=1 d_result="$BENCH/out/refresh-quick.md"
else
    d_scale=10 d_full_runs=3 d_etl_runs=3 d_noop_runs=7 d_load_runs=3 d_result="$BENCH/out/refresh.md"
fi
SCALE="${SCALE:-$d_scale}"
FULL_RUNS="${FULL_RUNS:-$d_full_runs}"
ETL_RUNS="${ETL_RUNS:-$d_etl_runs}"
NOOP_RUNS="${NOOP_RUNS:-$d_noop_runs}"
LOAD_RUNS="${LOAD_RUNS:-$d_load_runs}"
JOBS="${JOBS:-2}"
DB_PREFIX="${DB_PREFIX:-bench_tracking}"
RESULT_MD="${RESULT_MD:-$d_result}"
[[ "$DB_PREFIX" =~ ^[a-z_][a-z0-9_]*$ ]] || die "DB_PREFIX must be a lower-case identifier, got '$DB_PREFIX'"
INDEX_MIGRATION=2026-11-26-110000_observation_indexes_for_record_matching

rm -rf "$OUT"
bench_start
bench_biositing
bench_views
INDEX_DIR="$MIGRATIONS/$INDEX_MIGRATION"
[[ -f "$INDEX_DIR/up.sql" && -f "$INDEX_DIR/down.sql" ]] || die "migration $INDEX_MIGRATION is missing"

# Change tracking is there when `refresh` takes --all; without it (before the
# tracking branch) plain `refresh` refreshes everything, and figures 2-4 are skipped.
if bio refresh --help | grep -q -- '--all'; then
    TRACKING=1
    REFRESH_ALL=(refresh --all)
else
    TRACKING=0
    REFRESH_ALL=(refresh)
    log "note: this biositing has no 'refresh --all' (no change tracking): only figure 1 is measured"
fi

DB="${DB_PREFIX}_views"
URL="$(url_of "$DB")"
sql() { "${PSQL[@]}" -d "$DB" "$@"; }

# Runs `biositing refresh ARGS... --json` into log $1 and prints its wall time.
timed_refresh() { # log-name args...
    local f="$OUT/logs/$1.json" t0
    shift
    t0="$(now)"
    bio --database-url "$URL" "$@" --jobs "$JOBS" --json >"$f" || die "biositing $* failed (see $f)"
    secs_since "$t0"
}
# How many views a refresh's --json reports as refreshed, and as left unchanged.
refresh_counts() { # json-file
    python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
results = d["results"]
outcomes = [str(r.get("outcome")).lower() for r in results]
refreshed = d.get("refreshed", outcomes.count("succeeded"))
unchanged = d.get("unchanged", outcomes.count("unchanged"))
if refreshed + unchanged != len(results):
    sys.exit(f"{sys.argv[1]}: views neither refreshed nor unchanged: {outcomes}")
print(refreshed, unchanged)
EOF
}
refreshed_views() { json_get "$1" '" ".join(r["view"] for r in d["results"] if r["outcome"] == "succeeded")'; }
refreshed_of() { # json-file
    local counts
    counts="$(refresh_counts "$1")"
    echo "${counts%% *}"
}
refresh_psql() { # every view, one psql each, in registry order; prints the wall time
    local t0 view
    t0="$(now)"
    for view in "${VIEWS[@]}"; do
        sql -c "REFRESH MATERIALIZED VIEW CONCURRENTLY data_portal.$view"
    done
    secs_since "$t0"
}

log "loading scale $SCALE into $DB"
fresh_db "$DB"
bio --database-url "$URL" setup >"$OUT/logs/setup.log"
bio --database-url "$URL" sample-data --scale "$SCALE" --json >"$OUT/logs/sample-data.json"
ROWS="$(json_get "$OUT/logs/sample-data.json" 'd["total_rows"]')"
OBSERVATIONS="$(sql -At -c 'SELECT count(*) FROM observation')"
log "   $ROWS rows ($OBSERVATIONS observations); warm-up refresh (not timed)"
timed_refresh warmup "${REFRESH_ALL[@]}" >/dev/null

# ---------------------------------------------------------------------------- 1. full refresh, with and without the indexes

# "Before the index migration": its down.sql (DROP INDEX ...), run by psql in one
# transaction; "after": its up.sql (CREATE INDEX ..., ANALYZE observation). After a
# drop, ANALYZE observation too, so both states have fresh table statistics.
INDEXES=present
indexes() { # present|absent
    [[ "$INDEXES" == "$1" ]] && return
    if [[ "$1" == absent ]]; then
        sql -1 -f "$INDEX_DIR/down.sql" -c 'ANALYZE observation'
    else
        sql -1 -f "$INDEX_DIR/up.sql"
    fi
    INDEXES="$1"
}
INDEX_NAMES="$(grep -oE 'INDEX IF NOT EXISTS [a-z_]+' "$INDEX_DIR/up.sql" | awk '{ print $NF }' | paste -sd, -)"

log "1. full refresh: $FULL_RUNS rounds, biositing ${REFRESH_ALL[*]} --jobs $JOBS vs psql one by one, with and without $INDEX_NAMES"
declare -A FULL=() # "$state/$side" -> space-separated times
full_side() { # state side round
    local t
    if [[ "$2" == bio ]]; then
        t="$(timed_refresh "full-$1-$3" "${REFRESH_ALL[@]}")"
        n="$(refreshed_of "$OUT/logs/full-$1-$3.json")"
        ((n == ${#VIEWS[@]})) || die "biositing ${REFRESH_ALL[*]} refreshed $n of ${#VIEWS[@]} views"
    else
        t="$(refresh_psql)"
    fi
    FULL[$1/$2]+="$t "
    log "   round $3, indexes $1: $2 $t s"
}
for ((i = 1; i <= FULL_RUNS; i++)); do
    # Alternate which state and which side goes first; a round changes the
    # index state once (the next round starts where this one ended).
    if ((i % 2)); then states=(present absent) sides=(bio psql); else states=(absent present) sides=(psql bio); fi
    for state in "${states[@]}"; do
        indexes "$state"
        for side in "${sides[@]}"; do full_side "$state" "$side" "$i"; done
    done
done
indexes present
# shellcheck disable=SC2086 # the runs are space-separated on purpose
med() { median ${FULL[$1]}; }
FULL_BIO_IDX="$(med present/bio)" FULL_PSQL_IDX="$(med present/psql)"
FULL_BIO_NOIDX="$(med absent/bio)" FULL_PSQL_NOIDX="$(med absent/psql)"
VIEW_ROWS="$(for view in "${VIEWS[@]}"; do printf '%s=%s ' "$view" "$(sql -At -c "SELECT count(*) FROM data_portal.$view")"; done)"

# ---------------------------------------------------------------------------- 2. the ETL case

# Each batch is SQL run by psql in one transaction, as an ETL job would load it.
# market: new USDA market records (copies of the newest 5 %, dated 30 days later)
#   into usda_market_record, a table only mv_biomass_pricing reads, without their
#   price observations;
# market_prices: the same records with their price observations (copies of the
#   source records' observations), which land in observation, read by several views;
# lab: new observations for existing lab records (a copy, value +1 %, of every
#   100th observation of the laboratory record types).
MARKET_SQL="$(cat <<'EOF'
CREATE TEMP TABLE new_market ON COMMIT DROP AS
    SELECT mr.id AS old_id, nextval(pg_get_serial_sequence('usda_market_record', 'id'))::int AS new_id
    FROM (SELECT id FROM usda_market_record ORDER BY report_date DESC NULLS LAST, id DESC
        LIMIT (SELECT ceil(count(*) / 20.0) FROM usda_market_record)) mr;
INSERT INTO usda_market_record (id, created_at, updated_at, etl_run_id, lineage_group_id, report_id, dataset_id,
        report_begin_date, report_end_date, report_date, commodity_id, market_type_id, market_type_category, grp,
        market_category_id, class_, grade, variety, protein_pct, application, pkg, sale_type, price_unit_id, freight,
        trans_mode)
    SELECT n.new_id, now(), now(), mr.etl_run_id, mr.lineage_group_id, mr.report_id, mr.dataset_id,
        mr.report_begin_date + interval '30 days', mr.report_end_date + interval '30 days', mr.report_date + interval '30 days',
        mr.commodity_id, mr.market_type_id, mr.market_type_category, mr.grp, mr.market_category_id, mr.class_, mr.grade,
        mr.variety, mr.protein_pct, mr.application, mr.pkg, mr.sale_type, mr.price_unit_id, mr.freight, mr.trans_mode
    FROM new_market n JOIN usda_market_record mr ON mr.id = n.old_id;
EOF
)"
PRICES_SQL="$(cat <<'EOF'
INSERT INTO observation (created_at, updated_at, etl_run_id, lineage_group_id, record_id, dataset_id, record_type,
        parameter_id, value, unit_id, dimension_type_id, dimension_value, dimension_unit_id, note)
    SELECT now(), now(), o.etl_run_id, o.lineage_group_id, n.new_id::text, o.dataset_id, o.record_type,
        o.parameter_id, round(o.value * 1.02, 2), o.unit_id, o.dimension_type_id, o.dimension_value, o.dimension_unit_id, o.note
    FROM new_market n
    JOIN observation o ON o.record_type = 'usda_market_record' AND o.record_id = n.old_id::text;
EOF
)"
LAB_SQL="$(cat <<'EOF'
INSERT INTO observation (created_at, updated_at, etl_run_id, lineage_group_id, record_id, dataset_id, record_type,
        parameter_id, value, unit_id, dimension_type_id, dimension_value, dimension_unit_id, note)
    SELECT now(), now(), o.etl_run_id, o.lineage_group_id, o.record_id, o.dataset_id, o.record_type,
        o.parameter_id, o.value * 1.01, o.unit_id, o.dimension_type_id, o.dimension_value, o.dimension_unit_id, o.note
    FROM observation o
    WHERE lower(o.record_type) NOT IN ('usda_market_record', 'usda_census_record', 'resource_end_use_record')
        AND o.id % 100 = 0;
EOF
)"
batch_sql() { # kind
    case "$1" in
        market) printf '%s\n' "$MARKET_SQL" ;;
        market_prices) printf '%s\n%s\n' "$MARKET_SQL" "$PRICES_SQL" ;;
        lab) printf '%s\n' "$LAB_SQL" ;;
    esac
}
# Loads one batch; prints "rows seconds".
load_batch() { # kind
    local t0 before after
    before="$(sql -At -c 'SELECT (SELECT count(*) FROM usda_market_record) + (SELECT count(*) FROM observation)')"
    t0="$(now)"
    batch_sql "$1" | sql -1 -f -
    local secs
    secs="$(secs_since "$t0")"
    after="$(sql -At -c 'SELECT (SELECT count(*) FROM usda_market_record) + (SELECT count(*) FROM observation)')"
    echo "$((after - before)) $secs"
}
ETL_KINDS=(market market_prices lab)
declare -A ETL_T=() ETL_N=() ETL_ROWS=() ETL_LOAD=() ETL_VIEWS=() # "$kind/$side"
if ((TRACKING)); then
    log "2. ETL: ${ETL_KINDS[*]}, $ETL_RUNS rounds each: biositing refresh vs ${REFRESH_ALL[*]} after the same batch"
    for kind in "${ETL_KINDS[@]}"; do
        timed_refresh "etl-$kind-start" "${REFRESH_ALL[@]}" >/dev/null # nothing stale before the first batch
        for ((i = 1; i <= ETL_RUNS; i++)); do
            if ((i % 2)); then sides=(changed all); else sides=(all changed); fi
            for side in "${sides[@]}"; do
                batch="$(load_batch "$kind")"
                read -r rows load_s <<<"$batch"
                ((rows > 0)) || die "the $kind batch inserted no row"
                args=(refresh)
                [[ "$side" == all ]] && args=("${REFRESH_ALL[@]}")
                t="$(timed_refresh "etl-$kind-$side-$i" "${args[@]}")"
                n="$(refreshed_of "$OUT/logs/etl-$kind-$side-$i.json")"
                ETL_T[$kind/$side]+="$t " ETL_N[$kind/$side]+="$n " ETL_ROWS[$kind]+="$rows " ETL_LOAD[$kind]+="$load_s "
                [[ "$side" == changed ]] && ETL_VIEWS[$kind]="$(refreshed_views "$OUT/logs/etl-$kind-$side-$i.json")"
                log "   $kind round $i: $rows new rows (loaded in $load_s s), biositing ${args[*]}: $t s, $n views refreshed"
            done
        done
    done
fi

# ---------------------------------------------------------------------------- 3. nothing changed

NOOP_BIO=() NOOP_PSQL=() NOOP_N=()
if ((TRACKING)); then
    log "3. nothing changed: $NOOP_RUNS calls of biositing refresh vs psql -c 'SELECT 1'"
    timed_refresh noop-start "${REFRESH_ALL[@]}" >/dev/null
    for ((i = 1; i <= NOOP_RUNS; i++)); do
        NOOP_BIO+=("$(timed_refresh "noop-$i" refresh)")
        NOOP_N+=("$(refreshed_of "$OUT/logs/noop-$i.json")")
        ((NOOP_N[-1] == 0)) || die "biositing refresh refreshed ${NOOP_N[-1]} views with nothing changed"
        t0="$(now)"
        sql -At -c 'SELECT 1' >/dev/null
        NOOP_PSQL+=("$(secs_since "$t0")")
    done
    log "   biositing refresh $(list "${NOOP_BIO[@]}") s; psql $(list "${NOOP_PSQL[@]}") s"
fi
drop_db "$DB"

# ---------------------------------------------------------------------------- 4. write cost of tracking

# Tracking triggers: biositing_table_change and biositing_table_update on every
# base table (migrations *_change_tracking_for_refresh and
# *_updates_that_change_no_row_leave_views_fresh). The "without" side disables them by name
# (ALTER TABLE ... DISABLE TRIGGER), so foreign keys and everything else stay as they are.
LOAD_DB="${DB_PREFIX}_load"
LOAD_URL="$(url_of "$LOAD_DB")"
LOAD_ON_MS=() LOAD_OFF_MS=() LOAD_ON_WALL=() LOAD_OFF_WALL=() TRIGGERS=""
if ((TRACKING)); then
    log "4. write cost: sample-data --scale $SCALE into a fresh migrated database, tracking on vs off, $LOAD_RUNS runs each"
    trigger_sql="SELECT format('ALTER TABLE %s DISABLE TRIGGER %I;', t.tgrelid::regclass, t.tgname)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.tgname IN ('biositing_table_change', 'biositing_table_update') AND n.nspname = 'public' ORDER BY 1"
    load_side() { # on|off run
        local t0 f="$OUT/logs/load-$1-$2.json" disable
        fresh_db "$LOAD_DB"
        bio --database-url "$LOAD_URL" migrate >/dev/null
        disable="$("${PSQL[@]}" -At -d "$LOAD_DB" -c "$trigger_sql")"
        [[ -n "$disable" ]] || die "no trigger on the base tables after migrating: is change tracking in this build?"
        TRIGGERS="$(grep -c . <<<"$disable")"
        [[ "$1" == off ]] && "${PSQL[@]}" -d "$LOAD_DB" -1 -c "$disable"
        t0="$(now)"
        bio --database-url "$LOAD_URL" sample-data --scale "$SCALE" --json >"$f"
        local wall
        wall="$(secs_since "$t0")"
        if [[ "$1" == on ]]; then
            LOAD_ON_MS+=("$(json_get "$f" 'd["duration_ms"]')") LOAD_ON_WALL+=("$wall")
        else
            LOAD_OFF_MS+=("$(json_get "$f" 'd["duration_ms"]')") LOAD_OFF_WALL+=("$wall")
        fi
        drop_db "$LOAD_DB"
        log "   run $2, tracking $1: $(json_get "$f" 'd["duration_ms"]') ms (wall $wall s)"
    }
    for ((i = 1; i <= LOAD_RUNS; i++)); do
        if ((i % 2)); then load_side on "$i"; load_side off "$i"; else load_side off "$i"; load_side on "$i"; fi
    done
fi

# ---------------------------------------------------------------------------- report

ms_to_s() { awk -v x="$1" 'BEGIN { printf "%.3f", x / 1000 }'; }
mkdir -p "$(dirname "$RESULT_MD")"
{
    echo "## 8. Refreshing what changed (issue 12)"
    echo
    bench_machine_lines "$COMMAND_LINE"
    echo
    echo "Database: \`biositing setup\`, \`biositing sample-data --scale $SCALE\` ($ROWS rows, $OBSERVATIONS observations), one untimed \`biositing ${REFRESH_ALL[*]}\`. biositing runs with \`--jobs $JOBS --json\`; the views-refreshed counts come from its JSON."
    echo
    echo "### 8.1 Full refresh of the ${#VIEWS[@]} views: scheduling gain and index gain"
    echo
    echo "\"Without the indexes\" is the same database with the down.sql of \`$INDEX_MIGRATION\` run through \`psql -1\` (drops $INDEX_NAMES), then \`ANALYZE observation\`; \"with\" runs its up.sql again (creates them, \`ANALYZE observation\`). $FULL_RUNS rounds; each round times both sides in both states, the state and side that go first alternating between rounds."
    echo
    echo "- biositing: \`biositing ${REFRESH_ALL[*]} --jobs $JOBS\` (dependency order, longest first, $JOBS at a time, CONCURRENTLY);"
    echo "- psql: \`psql -c 'REFRESH MATERIALIZED VIEW CONCURRENTLY data_portal.<view>'\`, one psql per view, registry order."
    echo
    echo "| indexes | side | runs (s) | median (s) |"
    echo "|---|---|---|---|"
    echo "| with | biositing | $(list ${FULL[present/bio]}) | $(m3 "$FULL_BIO_IDX") |"
    echo "| with | psql one by one | $(list ${FULL[present/psql]}) | $(m3 "$FULL_PSQL_IDX") |"
    echo "| without | biositing | $(list ${FULL[absent/bio]}) | $(m3 "$FULL_BIO_NOIDX") |"
    echo "| without | psql one by one | $(list ${FULL[absent/psql]}) | $(m3 "$FULL_PSQL_NOIDX") |"
    echo
    echo "- Scheduling gain, psql / biositing: **$(ratio "$FULL_PSQL_IDX" "$FULL_BIO_IDX")** with the indexes, **$(ratio "$FULL_PSQL_NOIDX" "$FULL_BIO_NOIDX")** without."
    echo "- Index gain, without / with: **$(ratio "$FULL_BIO_NOIDX" "$FULL_BIO_IDX")** for biositing, **$(ratio "$FULL_PSQL_NOIDX" "$FULL_PSQL_IDX")** for psql."
    echo "- Both, psql without the indexes / biositing with them: **$(ratio "$FULL_PSQL_NOIDX" "$FULL_BIO_IDX")**."
    echo
    echo "View rows: $VIEW_ROWS"
    echo
    if ((TRACKING)); then
        echo "### 8.2 The ETL case: refresh what changed vs refresh everything"
        echo
        echo "Each side starts with every view fresh, loads one batch (psql, one transaction) and refreshes: \`biositing refresh\` (only views whose inputs changed) or \`biositing refresh --all\`. $ETL_RUNS rounds per batch kind, sides alternating; every batch adds new rows (the database grows by one batch per side)."
        echo
        echo "- market: new USDA market records (copies of the newest 5 % by report date, dated 30 days later) into \`usda_market_record\`, which only mv_biomass_pricing reads; no price observations;"
        echo "- market_prices: the same new records with their price observations (copies of the source records' \`price received\` observations, +2 %) in \`observation\`, which most views read;"
        echo "- lab: new observations for existing laboratory records: a copy (value +1 %) of every 100th observation of the laboratory record types."
        echo
        echo "| batch | new rows (median) | load (s, median) | side | runs (s) | median (s) | views refreshed |"
        echo "|---|---|---|---|---|---|---|"
        for kind in "${ETL_KINDS[@]}"; do
            echo "| $kind | $(median ${ETL_ROWS[$kind]}) | $(m3 "$(median ${ETL_LOAD[$kind]})") | \`biositing refresh\` | $(list ${ETL_T[$kind/changed]}) | $(m3 "$(median ${ETL_T[$kind/changed]})") | $(echo ${ETL_N[$kind/changed]} | tr ' ' '/') of ${#VIEWS[@]} |"
            echo "| | | | \`biositing refresh --all\` | $(list ${ETL_T[$kind/all]}) | $(m3 "$(median ${ETL_T[$kind/all]})") | $(echo ${ETL_N[$kind/all]} | tr ' ' '/') of ${#VIEWS[@]} |"
        done
        echo
        for kind in "${ETL_KINDS[@]}"; do
            echo "- $kind: \`biositing refresh\` refreshed ${ETL_VIEWS[$kind]// /, }; refresh --all / refresh = **$(ratio "$(median ${ETL_T[$kind/all]})" "$(median ${ETL_T[$kind/changed]})")**"
        done
        echo
        echo "### 8.3 \`biositing refresh\` with nothing changed"
        echo
        echo "Right after a \`biositing refresh --all\`, $NOOP_RUNS calls, each followed by one \`psql -c 'SELECT 1'\` (a process start, a connection, one query) as the baseline. Every call refreshed $(median "${NOOP_N[@]}") views."
        echo
        echo "| side | runs (s) | median (s) |"
        echo "|---|---|---|"
        echo "| \`biositing refresh\` | $(list "${NOOP_BIO[@]}") | $(m3 "$(median "${NOOP_BIO[@]}")") |"
        echo "| \`psql -c 'SELECT 1'\` | $(list "${NOOP_PSQL[@]}") | $(m3 "$(median "${NOOP_PSQL[@]}")") |"
        echo
        echo "biositing refresh / psql SELECT 1: **$(ratio "$(median "${NOOP_BIO[@]}")" "$(median "${NOOP_PSQL[@]}")")**; full refresh with the indexes (8.1) / nothing-changed refresh: **$(ratio "$FULL_BIO_IDX" "$(median "${NOOP_BIO[@]}")")**."
        echo
        echo "### 8.4 Write cost of change tracking"
        echo
        echo "\`biositing sample-data --scale $SCALE --json\` into a fresh database migrated to head, $LOAD_RUNS runs per side, sides alternating. The tracking side has the statement-level trigger \`biositing_table_change\` on each of the $TRIGGERS base tables; the other side disables them by name (\`ALTER TABLE <table> DISABLE TRIGGER <trigger>\`) before loading. Time = duration_ms of its JSON; the process wall time beside it."
        echo
        echo "| side | runs (s) | median (s) | wall median (s) |"
        echo "|---|---|---|---|"
        mapfile -t on_s < <(for x in "${LOAD_ON_MS[@]}"; do ms_to_s "$x"; echo; done)
        mapfile -t off_s < <(for x in "${LOAD_OFF_MS[@]}"; do ms_to_s "$x"; echo; done)
        echo "| tracking on | $(list "${on_s[@]}") | $(m3 "$(median "${on_s[@]}")") | $(m3 "$(median "${LOAD_ON_WALL[@]}")") |"
        echo "| tracking off (triggers disabled) | $(list "${off_s[@]}") | $(m3 "$(median "${off_s[@]}")") | $(m3 "$(median "${LOAD_OFF_WALL[@]}")") |"
        echo
        echo "On / off: **$(ratio "$(median "${on_s[@]}")" "$(median "${off_s[@]}")")** (1.00 = no cost)."
    else
        echo "Figures 8.2-8.4 need change tracking (\`biositing refresh --all\`), which this build does not have."
    fi
} >"$RESULT_MD"
log "done: $RESULT_MD"
