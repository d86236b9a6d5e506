#!/usr/bin/env bash
# Longest wait of a portal reader while `biositing adopt --from-alembic` takes
# over a database built by the original team's Alembic chain (their head
# revision's schema dump, the sample data at SCALE, every view populated),
# against the same reader on the same database with nothing else running, in
# the same run.
#
#   bash bench/adopt_readers.sh            # scale 10
#   SCALE=1 bash bench/adopt_readers.sh
#
# A pgbench client reads every portal view in turn (`SELECT count(*)`, a 20 ms
# pause after each round) as the role `biocirv_readonly`, simple protocol;
# its per-transaction log gives the longest wait. pgbench stops a client at
# its first error, so "failed" counts rounds that did not complete.
#
# Settings: PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres), SCALE=10,
# BASELINE_SECONDS=10, REVISION=d2b6b2a7c9d1, FIXTURES=../shared/fixtures/alembic,
# BIN=target/debug/biositing. Writes bench/out/adopt_readers.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out/adopt_readers"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SCALE="${SCALE:-10}"
BASELINE_SECONDS="${BASELINE_SECONDS:-10}"
REVISION="${REVISION:-d2b6b2a7c9d1}"
FIXTURES="${FIXTURES:-$ROOT/../shared/fixtures/alembic}"
BIN="${BIN:-$ROOT/target/debug/biositing}"
DB="bench_adopt_readers_$$"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ -x "$BIN" ]] || die "$BIN is missing: cargo build -p biositing-cli (or set BIN)"
[[ -f "$FIXTURES/$REVISION.sql" ]] || die "$FIXTURES/$REVISION.sql is missing (set FIXTURES)"
command -v pgbench >/dev/null || die "pgbench is missing (apt-get install postgresql-client)"
rm -rf "$OUT" && mkdir -p "$OUT"
cleanup() { PGOPTIONS='-c client_min_messages=warning' "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; }
trap cleanup EXIT
URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB"

log "loading their $REVISION schema into $DB"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" \
    -c "DO \$\$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'biocirv_user') THEN CREATE ROLE biocirv_user; END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'biocirv_readonly') THEN CREATE ROLE biocirv_readonly; END IF;
        END \$\$"
"${PSQL[@]}" -d "$DB" -f "$FIXTURES/$REVISION.sql" >/dev/null
log "sample data, scale $SCALE"
"$BIN" --database-url "$URL" sample-data --scale "$SCALE" >/dev/null
log "populating their views (their ETL's last step)"
"${PSQL[@]}" -d "$DB" -c "DO \$\$ DECLARE v record; BEGIN
    FOR v IN SELECT schemaname, matviewname FROM pg_matviews WHERE schemaname = 'data_portal' LOOP
        EXECUTE format('REFRESH MATERIALIZED VIEW %I.%I', v.schemaname, v.matviewname);
    END LOOP; END \$\$"

# The reader: every portal view in turn, as their read-only role.
{
    echo "SET ROLE biocirv_readonly;"
    for view in $("${PSQL[@]}" -d "$DB" -Atc "SELECT matviewname FROM pg_matviews WHERE schemaname = 'data_portal' ORDER BY 1"); do
        echo "SELECT count(*) FROM data_portal.$view;"
    done
    echo '\sleep 20 ms'
} >"$OUT/reader.sql"

# Longest and count of the completed rounds in a pgbench log (latency in µs, column 3).
longest_ms() { awk '{ if ($3 > m) m = $3 } END { printf "%.1f", m / 1000 }' "$@"; }
rounds() { cat "$@" | wc -l; }

log "baseline: the reader alone for ${BASELINE_SECONDS}s"
(cd "$OUT" && pgbench -n -M simple -c 1 -T "$BASELINE_SECONDS" -l --log-prefix=baseline_log -f reader.sql "$DB" >baseline.out 2>&1) ||
    die "the baseline reader failed: $(tail -3 "$OUT/baseline.out")"

log "adopting while the reader runs"
(cd "$OUT" && exec pgbench -n -M simple -c 1 -T 100000 -l --log-prefix=adopt_log -f reader.sql "$DB" >adopt.out 2>&1) &
reader=$!
sleep 2
started=$(date +%s%N)
"$BIN" --database-url "$URL" adopt --from-alembic --accept-view-changes >"$OUT/adopt.log" 2>&1 ||
    { kill "$reader" 2>/dev/null || true; die "adopt failed: $(tail -3 "$OUT/adopt.log")"; }
adopt_s=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
sleep 2
# Still reading after the adoption? Then it never failed (pgbench stops a client at its first error).
if kill -0 "$reader" 2>/dev/null; then
    reader_state="kept reading throughout"
    kill -INT "$reader" 2>/dev/null || true
else
    reader_state="STOPPED (an error): $(tail -3 "$OUT/adopt.out")"
fi
wait "$reader" 2>/dev/null || true

baseline_longest=$(longest_ms "$OUT"/baseline_log.*)
adopt_longest=$(longest_ms "$OUT"/adopt_log.*)
ratio=$(awk -v a="$adopt_longest" -v b="$baseline_longest" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
{
    echo "### Readers during adoption (\`bash bench/adopt_readers.sh\`, scale $SCALE)"
    echo
    echo "Their head revision \`$REVISION\` with the sample data, every view populated; one pgbench reader"
    echo "(\`biocirv_readonly\`) reads all $(grep -c '^SELECT' "$OUT/reader.sql") portal views in turn, 20 ms apart. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| side | rounds | longest round (ms) |"
    echo "|---|---|---|"
    echo "| reader alone (${BASELINE_SECONDS} s) | $(rounds "$OUT"/baseline_log.*) | $baseline_longest |"
    echo "| reader during \`adopt --from-alembic\` ($adopt_s s) | $(rounds "$OUT"/adopt_log.*) | $adopt_longest |"
    echo
    echo "Longest round during the adoption / alone: **$ratio**. The reader $reader_state."
} | tee "$ROOT/bench/out/adopt_readers.md"
