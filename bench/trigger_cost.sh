#!/usr/bin/env bash
# The write cost of the change-tracking trigger (issue 22 §6), as ratios measured
# in this run, on the same table with the trigger enabled and disabled, sides
# alternating:
#
#   1. row-per-statement inserts, as ORM-style ETL code writes: pgbench -f with one
#      single-row INSERT into `observation` per transaction (autocommit), and
#      with ten such INSERTs per transaction;
#   2. COPY of a batch of rows into `observation`;
#   3. UPDATEs, whose trigger compares the rows before and after the statement
#      (migration updates_that_change_no_row_leave_views_fresh): a single-row
#      UPDATE per transaction (pgbench) and one UPDATE of UPDATE_ROWS rows.
#
#   bash bench/trigger_cost.sh        # about two minutes
#
# Settings (environment variables):
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the server (trust or ~/.pgpass auth)
#   ROUNDS=12           rounds; each runs every case on both sides, back to back
#   SECONDS_PER_RUN=2   pgbench -T of each run
#   EXPLAINED=500       single-row INSERTs timed by EXPLAIN ANALYZE (trigger on)
#   COPY_ROWS=100000    rows per COPY
#   UPDATE_ROWS=100000  rows of the bulk UPDATE
#   DB=bench_trigger_cost
#   RESULT_MD=bench/out/trigger_cost.md   the Markdown section (for bench/RESULTS.md)
#
# The database is migrated with psql over migrations/*/up.sql (no biositing build
# needed) and dropped at exit. Between runs data_portal.table_change is emptied,
# as the pruning after each `biositing refresh` keeps it small. pgbench runs with
# synchronous_commit=off, so that the WAL flush of each commit (the disk, shared
# with everything else on the machine) does not drown the statements' own cost.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="$BENCH/out/trigger_cost"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
ROUNDS="${ROUNDS:-12}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-2}"
EXPLAINED="${EXPLAINED:-500}"
COPY_ROWS="${COPY_ROWS:-100000}"
UPDATE_ROWS="${UPDATE_ROWS:-100000}"
DB="${DB:-bench_trigger_cost}"
RESULT_MD="${RESULT_MD:-$BENCH/out/trigger_cost.md}"
COMMAND_LINE="$(command_line "bash bench/trigger_cost.sh" ROUNDS SECONDS_PER_RUN EXPLAINED COPY_ROWS UPDATE_ROWS DB RESULT_MD)"

command -v pgbench >/dev/null || die "pgbench is missing (apt-get install postgresql-contrib or postgresql-client)"
bench_start
fresh_db "$DB"
log "migrating $DB with psql"
for up in "$ROOT"/migrations/*/up.sql; do
    PGOPTIONS='-c client_min_messages=warning' "${PSQL[@]}" -1 -d "$DB" -f "$up" >/dev/null
done
"${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM pg_trigger WHERE tgname IN ('biositing_table_change', 'biositing_table_update') AND tgrelid = 'observation'::regclass" |
    grep -qx 2 || die "observation lacks its tracking triggers: are the migrations at head?"

# No autovacuum run in the middle of a timed run.
"${PSQL[@]}" -d "$DB" -c "ALTER TABLE observation SET (autovacuum_enabled = off)" \
    -c "ALTER TABLE data_portal.table_change SET (autovacuum_enabled = off)"

cat >"$TMP/one.sql" <<'SQL'
INSERT INTO observation (record_id, value) VALUES ('bench-one', 1.5);
SQL
{
    echo 'BEGIN;'
    for _ in $(seq 10); do echo "INSERT INTO observation (record_id, value) VALUES ('bench-ten', 2.5);"; done
    echo 'COMMIT;'
} >"$TMP/ten.sql"
cat >"$TMP/update_one.sql" <<'SQL'
\set id random(1, 1000)
UPDATE observation SET value = value + 1 WHERE id = :id;
SQL
seq "$COPY_ROWS" | awk '{ printf "bench-copy-%d\t%d.25\n", $1, $1 % 1000 }' >"$TMP/copy.tsv"

tracking() { # on|off
    local sql="ALTER TABLE observation ENABLE ALWAYS TRIGGER biositing_table_change, ENABLE ALWAYS TRIGGER biositing_table_update"
    [[ "$1" == off ]] && sql="ALTER TABLE observation DISABLE TRIGGER biositing_table_change, DISABLE TRIGGER biositing_table_update"
    "${PSQL[@]}" -d "$DB" -c "$sql" -c "TRUNCATE data_portal.table_change" -c "CHECKPOINT" >/dev/null
}
pgbench_tps() { # script -> transactions per second
    # Commits not waiting for the WAL flush: what is left is the statements'
    # own work, the trigger's included, not the disk's (shared, noisy) latency.
    PGOPTIONS='-c synchronous_commit=off' pgbench -n -c 1 -T "$SECONDS_PER_RUN" -f "$1" "$DB" 2>"$OUT/logs/pgbench.err" |
        awk '/^tps = / { print $3 }'
}
copy_secs() {
    local start
    start="$(now)"
    "${PSQL[@]}" -d "$DB" -c "\\copy observation (record_id, value) FROM '$TMP/copy.tsv'"
    secs_since "$start"
}
update_secs() { # one UPDATE of the UPDATE_ROWS rows with the lowest ids
    local start
    start="$(now)"
    "${PSQL[@]}" -d "$DB" -c "UPDATE observation SET value = value + 1 WHERE id < (SELECT min(id) FROM observation) + $UPDATE_ROWS" >/dev/null
    secs_since "$start"
}

# Per round, both sides back to back and their ratio: a drift of the machine
# (other work on it) hits a pair alike, so the median of the per-round ratios
# is steadier than the ratio of the medians.
declare -A RUNS
pair_ratio() { # kind: the ratio of the last pair's two sides, time on / time off
    local on off
    on="$(awk '{ print $NF }' <<<"${RUNS[${1}_on]}")" off="$(awk '{ print $NF }' <<<"${RUNS[${1}_off]}")"
    if [[ "$1" == copy || "$1" == bulk ]]; then
        RUNS[${1}_ratio]+="$(awk -v a="$on" -v b="$off" 'BEGIN { print a / b }') "
    else # throughput: time per transaction is its inverse
        RUNS[${1}_ratio]+="$(awk -v a="$off" -v b="$on" 'BEGIN { print a / b }') "
    fi
}
# The pgbench pairs first, then the COPY pairs: a COPY leaves work behind
# (dirty buffers) that would slow whatever runs next.
for kind in statements copy; do
    for round in $(seq "$ROUNDS"); do
        # Alternate which side goes first.
        sides=(on off)
        ((round % 2 == 0)) && sides=(off on)
        for side in "${sides[@]}"; do
            tracking "$side"
            if [[ "$kind" == statements ]]; then
                one="$(pgbench_tps "$TMP/one.sql")"
                ten="$(pgbench_tps "$TMP/ten.sql")"
                upd="$(pgbench_tps "$TMP/update_one.sql")"
                RUNS[one_$side]+="$one "
                RUNS[ten_$side]+="$ten "
                RUNS[upd_$side]+="$upd "
                log "round $round, tracking $side: $one tps one-row, $ten tps ten-row transactions, $upd tps one-row UPDATEs"
            else
                copy="$(copy_secs)"
                bulk="$(update_secs)"
                RUNS[copy_$side]+="$copy "
                RUNS[bulk_$side]+="$bulk "
                log "round $round, tracking $side: COPY $copy s, UPDATE of $UPDATE_ROWS rows $bulk s"
            fi
        done
        if [[ "$kind" == statements ]]; then
            pair_ratio one
            pair_ratio ten
            pair_ratio upd
        else
            pair_ratio copy
            pair_ratio bulk
        fi
    done
done
tracking on

# The trigger's own share of a single-row INSERT, as the server times it:
# EXPLAIN ANALYZE of each statement reports the trigger's time apart. In
# autocommit each trigger call inserts a change row; in a transaction of ten,
# the nine after the first find it there (ON CONFLICT DO NOTHING).
explain_share() { # sql-file -> "total_ms trigger_ms"
    "${PSQL[@]}" -At -d "$DB" -f "$1" >"$1.json"
    python3 - "$1.json" <<'PY2'
import json, sys
text = open(sys.argv[1]).read()
decoder, pos, total, trigger = json.JSONDecoder(), 0, 0.0, 0.0
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    if not text.startswith("[", pos):  # BEGIN / COMMIT tags
        pos = text.find("\n", pos) + 1 or len(text)
        continue
    plans, pos = decoder.raw_decode(text, pos)
    for plan in plans:
        total += plan["Execution Time"]
        trigger += sum(t["Time"] for t in plan.get("Triggers", []) if t["Trigger Name"] == "biositing_table_change")
print(f"{total:.3f} {trigger:.3f}")
PY2
}
explain_insert="EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO observation (record_id, value) VALUES ('bench-explain', 3.5);"
log "EXPLAIN ANALYZE of $EXPLAINED single-row INSERTs, autocommit and in transactions of ten"
for _ in $(seq "$EXPLAINED"); do echo "$explain_insert"; done >"$TMP/explain_one.sql"
for _ in $(seq $((EXPLAINED / 10))); do
    echo "BEGIN;"
    for _ in $(seq 10); do echo "$explain_insert"; done
    echo "COMMIT;"
done >"$TMP/explain_ten.sql"
read -r one_total one_trigger < <(explain_share "$TMP/explain_one.sql")
read -r ten_total ten_trigger < <(explain_share "$TMP/explain_ten.sql")
with_without() { awk -v t="$1" -v g="$2" 'BEGIN { if (t - g <= 0) print "n/a"; else printf "%.2f", t / (t - g) }'; }
per_call() { awk -v g="$1" -v n="$2" 'BEGIN { printf "%.0f", g * 1000 / n }'; }

# shellcheck disable=SC2206
one_on=(${RUNS[one_on]}) one_off=(${RUNS[one_off]}) ten_on=(${RUNS[ten_on]}) ten_off=(${RUNS[ten_off]})
# shellcheck disable=SC2206
copy_on=(${RUNS[copy_on]}) copy_off=(${RUNS[copy_off]}) upd_on=(${RUNS[upd_on]}) upd_off=(${RUNS[upd_off]})
# shellcheck disable=SC2206
bulk_on=(${RUNS[bulk_on]}) bulk_off=(${RUNS[bulk_off]})
# shellcheck disable=SC2206
one_ratio=(${RUNS[one_ratio]}) ten_ratio=(${RUNS[ten_ratio]}) copy_ratio=(${RUNS[copy_ratio]})
# shellcheck disable=SC2206
upd_ratio=(${RUNS[upd_ratio]}) bulk_ratio=(${RUNS[bulk_ratio]})
m_one_on="$(median "${one_on[@]}")" m_one_off="$(median "${one_off[@]}")"
m_ten_on="$(median "${ten_on[@]}")" m_ten_off="$(median "${ten_off[@]}")"
m_copy_on="$(median "${copy_on[@]}")" m_copy_off="$(median "${copy_off[@]}")"
m_upd_on="$(median "${upd_on[@]}")" m_upd_off="$(median "${upd_off[@]}")"
m_bulk_on="$(median "${bulk_on[@]}")" m_bulk_off="$(median "${bulk_off[@]}")"

{
    echo "### 8.5 Write cost of the tracking triggers: row by row, COPY and UPDATE (issues 22, 24)"
    echo
    echo "\`$COMMAND_LINE\` on $(date -u '+%Y-%m-%d %H:%M UTC'), load average $LOADAVG_START at the start, $(loadavg) at the end. One table, \`observation\`, with its tracking triggers \`biositing_table_change\` (INSERT, DELETE, TRUNCATE) and \`biositing_table_update\` (UPDATE, comparing the rows before and after) enabled (on) or disabled (off); $ROUNDS rounds, each running both sides back to back (the side going first alternating); \`data_portal.table_change\` emptied and a CHECKPOINT before each run, autovacuum off on both tables; the pgbench pairs first, then the COPY pairs. pgbench: one client, ${SECONDS_PER_RUN} s per run, \`synchronous_commit=off\` (the commit's WAL flush left out, so the statements' own cost shows). COPY: $COPY_ROWS rows with psql \`\\copy\`, each followed by one UPDATE of the $UPDATE_ROWS rows with the lowest ids (each changes every row: the trigger compares them all and records one change). The single-row UPDATEs: one of the first 1000 rows at random, its value changed."
    echo
    echo "| case | tracking on | tracking off | median on | median off | time on / time off, median of the rounds' ratios |"
    echo "|---|---|---|---|---|---|"
    echo "| one single-row INSERT per transaction (tps) | $(list_int "${one_on[@]}") | $(list_int "${one_off[@]}") | $(fmt '%.0f' "$m_one_on") | $(fmt '%.0f' "$m_one_off") | **$(fmt '%.2f' "$(median "${one_ratio[@]}")")** (rounds: $(printf '%s\n' "${one_ratio[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')) |"
    echo "| ten single-row INSERTs per transaction (tps) | $(list_int "${ten_on[@]}") | $(list_int "${ten_off[@]}") | $(fmt '%.0f' "$m_ten_on") | $(fmt '%.0f' "$m_ten_off") | **$(fmt '%.2f' "$(median "${ten_ratio[@]}")")** (rounds: $(printf '%s\n' "${ten_ratio[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')) |"
    echo "| one single-row UPDATE per transaction (tps) | $(list_int "${upd_on[@]}") | $(list_int "${upd_off[@]}") | $(fmt '%.0f' "$m_upd_on") | $(fmt '%.0f' "$m_upd_off") | **$(fmt '%.2f' "$(median "${upd_ratio[@]}")")** (rounds: $(printf '%s\n' "${upd_ratio[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')) |"
    echo "| one UPDATE of $UPDATE_ROWS rows (s) | $(list "${bulk_on[@]}") | $(list "${bulk_off[@]}") | $(m3 "$m_bulk_on") | $(m3 "$m_bulk_off") | **$(fmt '%.2f' "$(median "${bulk_ratio[@]}")")** (rounds: $(printf '%s\n' "${bulk_ratio[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')) |"
    echo "| COPY of $COPY_ROWS rows (s) | $(list "${copy_on[@]}") | $(list "${copy_off[@]}") | $(m3 "$m_copy_on") | $(m3 "$m_copy_off") | **$(fmt '%.2f' "$(median "${copy_ratio[@]}")")** (rounds: $(printf '%s\n' "${copy_ratio[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')) |"
    echo
    echo "Ratios: time with tracking over time without (for pgbench, tps off / tps on); 1.00 = no cost."
    echo
    echo "As the server times it (\`EXPLAIN (ANALYZE, FORMAT JSON)\` of $EXPLAINED single-row INSERTs, trigger on; the statement's execution only, while parsing, planning, the round trip and the commit come on top, unchanged):"
    echo
    echo "| statements | execution (ms, all) | of which the trigger (ms) | trigger per statement (µs) | execution with / without the trigger |"
    echo "|---|---|---|---|---|"
    echo "| autocommit (each inserts its change row) | $one_total | $one_trigger | $(per_call "$one_trigger" "$EXPLAINED") | **$(with_without "$one_total" "$one_trigger")** |"
    echo "| in transactions of ten (nine find the row there) | $ten_total | $ten_trigger | $(per_call "$ten_trigger" "$EXPLAINED") | **$(with_without "$ten_total" "$ten_trigger")** |"
} >"$RESULT_MD"
cat "$RESULT_MD"
