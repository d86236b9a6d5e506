#!/usr/bin/env bash
# Benchmarks of the biositing tool against plain baselines (psql, pgbench, Alembic),
# each figure a ratio measured in the same run. Writes bench/RESULTS.md.
#
#   bash bench/run.sh                 # the full run (about 10 minutes on 2 cores)
#   QUICK=1 bash bench/run.sh         # smoke run at scales 1-2 (about 1 minute), results in bench/out/RESULTS-quick.md
#
# Settings (environment variables; the defaults of a QUICK=1 run in brackets):
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the server (trust or ~/.pgpass auth)
#   SCALE_REFRESH=10 [1]   sample-data scale of the refresh and query benchmarks
#   REFRESH_RUNS=3 [1]     timed refreshes per side
#   REFRESH_JOBS=2         biositing refresh --all --jobs
#   REFRESH_SERIAL_VARIANT=1  also time both sides with parallel query off (0: skip)
#   MIGRATE_RUNS=5 [2]     timed migrations per side, each into a fresh database
#   SKIP_ALEMBIC=0         1: leave Alembic out (no venv, no PyPI)
#   QUERY_SECONDS=10 [2]   seconds per query and side (section 3 runs bench/read_path.sh)
#   QUERY_THREADS=2        client threads / pgbench clients (and pool size)
#   SCALE_LOAD=10 [2]      sample-data scale of the load benchmark (and the large memory figure)
#   LOAD_RUNS=3 [1]        timed loads per side
#   MEM_SCALE_SMALL=1      the small scale of the memory benchmark
#   MEM_RUNS=3 [1]         loads at the small scale
#   RESULTS=bench/RESULTS.md [bench/out/RESULTS-quick.md]
#
# Databases are named bench_*; the ones this script creates are dropped at exit.
# Scratch files (CSV exports, pgbench logs, generated SQL) go to bench/out/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
OUT="$BENCH/out"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
COMMAND_LINE="$(command_line "bash bench/run.sh" QUICK SCALE_REFRESH REFRESH_RUNS REFRESH_JOBS REFRESH_SERIAL_VARIANT \
    MIGRATE_RUNS SKIP_ALEMBIC QUERY_SECONDS QUERY_THREADS SCALE_LOAD LOAD_RUNS MEM_SCALE_SMALL MEM_RUNS RESULTS)"

QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
    d_scale_refresh=1 d_refresh_runs=1 d_migrate_runs=2 d_query_seconds=2 d_scale_load=2 d_load_runs=1 d_mem_runs=1
    d_results="$OUT/RESULTS-quick.md"
else
    d_scale_refresh=10 d_refresh_runs=3 d_migrate_runs=5 d_query_seconds=10 d_scale_load=10 d_load_runs=3 d_mem_runs=3
    d_results="$BENCH/RESULTS.md"
fi
SCALE_REFRESH="${SCALE_REFRESH:-$d_scale_refresh}"
REFRESH_RUNS="${REFRESH_RUNS:-$d_refresh_runs}"
REFRESH_JOBS="${REFRESH_JOBS:-2}"
REFRESH_SERIAL_VARIANT="${REFRESH_SERIAL_VARIANT:-1}"
MIGRATE_RUNS="${MIGRATE_RUNS:-$d_migrate_runs}"
SKIP_ALEMBIC="${SKIP_ALEMBIC:-0}"
QUERY_SECONDS="${QUERY_SECONDS:-$d_query_seconds}"
QUERY_THREADS="${QUERY_THREADS:-2}"
SCALE_LOAD="${SCALE_LOAD:-$d_scale_load}"
LOAD_RUNS="${LOAD_RUNS:-$d_load_runs}"
MEM_SCALE_SMALL="${MEM_SCALE_SMALL:-1}"
MEM_RUNS="${MEM_RUNS:-$d_mem_runs}"
RESULTS="${RESULTS:-$d_results}"

# ---------------------------------------------------------------------------- helpers (and bench/lib.sh)

bench_on_exit() { rm -rf "$OUT/csv"; }

# ---------------------------------------------------------------------------- prerequisites

command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"
if ! command -v pgbench >/dev/null; then
    log "pgbench missing: installing postgresql-client / postgresql-contrib"
    apt-get install -y -qq postgresql-client >/dev/null 2>&1 || true
    command -v pgbench >/dev/null || apt-get install -y -qq postgresql-contrib >/dev/null 2>&1 || true
    command -v pgbench >/dev/null || die "pgbench is missing (apt-get install postgresql-client or postgresql-contrib)"
fi
if [[ ! -x /usr/bin/time ]]; then
    log "/usr/bin/time missing: installing the time package"
    apt-get install -y -qq time >/dev/null 2>&1 || die "/usr/bin/time is missing (apt-get install time)"
fi
rm -rf "$OUT/pgbench" "$OUT/sql" "$OUT/csv" "$OUT/logs"
bench_start
mkdir -p "$OUT/pgbench" "$OUT/sql" "$OUT/csv"
bench_biositing
log "building the query benchmark (cargo bench -p biositing-views --bench typed_queries --no-run)"
(cd "$ROOT" && build typed-queries cargo bench -p biositing-views --bench typed_queries --no-run)
QUERY_BENCH_EXE="$(typed_queries_exe)"
[[ -x "$QUERY_BENCH_EXE" ]] || die "cannot find the typed_queries bench executable"
# A private copy, like bench_biositing's.
cp "$QUERY_BENCH_EXE" "$TMP/biositing-query-bench"
QBIN="$TMP/biositing-query-bench"

bench_views
((${#VIEWS[@]} == 10)) || log "warning: ${#VIEWS[@]} views registered (expected 10)"

# ---------------------------------------------------------------------------- 1. refresh

log "1. refresh: loading scale $SCALE_REFRESH into bench_refresh"
DB_REFRESH=bench_refresh
fresh_db "$DB_REFRESH"
URL_REFRESH="$(url_of "$DB_REFRESH")"
bio --database-url "$URL_REFRESH" setup >"$OUT/logs/refresh-setup.log"
bio --database-url "$URL_REFRESH" sample-data --scale "$SCALE_REFRESH" --json >"$OUT/logs/refresh-load.json"
REFRESH_ROWS="$(json_get "$OUT/logs/refresh-load.json" 'd["total_rows"]')"
# The loader's tables in its order, parents first, from its summary.
mapfile -t TABLES < <(json_get "$OUT/logs/refresh-load.json" '"\n".join(t["table"] for t in d["rows_per_table"])')
((${#TABLES[@]} > 0)) || die "sample-data --json listed no table"
log "   loaded $REFRESH_ROWS rows; warm-up refresh (not timed)"
bio --database-url "$URL_REFRESH" refresh --all --jobs "$REFRESH_JOBS" >"$OUT/logs/refresh-warmup.log"

# Each run: biositing, psql; then (REFRESH_SERIAL_VARIANT=1) both again with
# PostgreSQL's parallel query off (PGOPTIONS, read by libpq in both clients).
refresh_bio() { # label index [PGOPTIONS]
    local t0 f="$OUT/logs/refresh-$1-$2.json" modes
    t0="$(now)"
    PGOPTIONS="${3:-}" bio --database-url "$URL_REFRESH" refresh --all --jobs "$REFRESH_JOBS" --json >"$f"
    secs_since "$t0"
    modes="$(json_get "$f" '" ".join(sorted({r["mode"] + ":" + r["outcome"] for r in d["results"]}))')"
    [[ "$modes" == "concurrent:succeeded" ]] || die "biositing refresh did not refresh every view concurrently: $modes"
}
refresh_psql() { # [PGOPTIONS]
    local t0 view
    t0="$(now)"
    for view in "${VIEWS[@]}"; do
        PGOPTIONS="${1:-}" "${PSQL[@]}" -d "$DB_REFRESH" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY data_portal.$view"
    done
    secs_since "$t0"
}
NO_PARALLEL='-c max_parallel_workers_per_gather=0'
refresh_bio=() refresh_psql=() refresh_bio_np=() refresh_psql_np=()
for ((i = 1; i <= REFRESH_RUNS; i++)); do
    refresh_bio+=("$(refresh_bio bio "$i")")
    refresh_psql+=("$(refresh_psql)")
    line="   run $i: biositing ${refresh_bio[-1]} s, psql ${refresh_psql[-1]} s"
    if [[ "$REFRESH_SERIAL_VARIANT" == 1 ]]; then
        refresh_bio_np+=("$(refresh_bio bio-np "$i" "$NO_PARALLEL")")
        refresh_psql_np+=("$(refresh_psql "$NO_PARALLEL")")
        line+="; parallel query off: biositing ${refresh_bio_np[-1]} s, psql ${refresh_psql_np[-1]} s"
    fi
    log "$line"
done
REFRESH_BIO_MED="$(median "${refresh_bio[@]}")"
REFRESH_PSQL_MED="$(median "${refresh_psql[@]}")"
if [[ "$REFRESH_SERIAL_VARIANT" == 1 ]]; then
    REFRESH_BIO_NP_MED="$(median "${refresh_bio_np[@]}")"
    REFRESH_PSQL_NP_MED="$(median "${refresh_psql_np[@]}")"
fi

# Row counts of the views, for the report.
VIEW_ROWS="$(for view in "${VIEWS[@]}"; do
    printf '%s=%s ' "$view" "$("${PSQL[@]}" -At -d "$DB_REFRESH" -c "SELECT count(*) FROM data_portal.$view")"
done)"

# ---------------------------------------------------------------------------- 2. migrate

log "2. migrate: ${#UP_FILES[@]} migrations, $MIGRATE_RUNS runs per side"
ALEMBIC_OK=0
if [[ "$SKIP_ALEMBIC" != 1 ]]; then
    VENV="$BENCH/.venv"
    if [[ ! -x "$VENV/bin/alembic" ]] || ! "$VENV/bin/python" -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null; then
        log "   creating $VENV and installing alembic psycopg2-binary sqlalchemy from PyPI"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q --disable-pip-version-check alembic psycopg2-binary sqlalchemy >&2
    fi
    ALEMBIC_VERSIONS="$("$VENV/bin/python" -c 'import alembic, sqlalchemy, psycopg2; print(f"alembic {alembic.__version__}, SQLAlchemy {sqlalchemy.__version__}, psycopg2 {psycopg2.__version__.split()[0]}")')"
    # A throw-away Alembic project: one revision per migration folder, chained,
    # each executing that folder's up.sql.
    AL="$TMP/alembic"
    mkdir -p "$AL/versions"
    cat >"$AL/alembic.ini" <<EOF
[alembic]
script_location = $AL
EOF
    cat >"$AL/env.py" <<'EOF'
import os
from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

engine = create_engine(os.environ["BENCH_ALEMBIC_URL"], poolclass=NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
EOF
    cat >"$AL/script.py.mako" <<'EOF'
EOF
    prev=None
    n=0
    for up in "${UP_FILES[@]}"; do
        n=$((n + 1))
        rev="$(printf 'r%03d' "$n")"
        folder="$(basename "$(dirname "$up")")"
        cat >"$AL/versions/${rev}_${folder//-/_}.py" <<EOF
"""$folder"""
from alembic import op

revision = "$rev"
down_revision = $prev
branch_labels = None
depends_on = None


def upgrade():
    op.execute(open("$up").read())


def downgrade():
    raise NotImplementedError
EOF
        prev="\"$rev\""
    done
    ALEMBIC_OK=1
fi

mig_bio=() mig_psql=() mig_alembic=()
for ((i = 1; i <= MIGRATE_RUNS; i++)); do
    fresh_db bench_migrate_bio
    t0="$(now)"
    bio --database-url "$(url_of bench_migrate_bio)" migrate >"$OUT/logs/migrate-bio-$i.log"
    mig_bio+=("$(secs_since "$t0")")
    drop_db bench_migrate_bio

    fresh_db bench_migrate_psql
    fargs=()
    for up in "${UP_FILES[@]}"; do fargs+=(-f "$up"); done
    t0="$(now)"
    "${PSQL[@]}" -d bench_migrate_psql "${fargs[@]}" >"$OUT/logs/migrate-psql-$i.log" 2>&1
    mig_psql+=("$(secs_since "$t0")")
    drop_db bench_migrate_psql

    line="   run $i: biositing ${mig_bio[-1]} s, psql ${mig_psql[-1]} s"
    if ((ALEMBIC_OK)); then
        fresh_db bench_migrate_alembic
        t0="$(now)"
        BENCH_ALEMBIC_URL="postgresql+psycopg2://$PGUSER@$PGHOST:$PGPORT/bench_migrate_alembic" \
            "$VENV/bin/alembic" -c "$AL/alembic.ini" upgrade head >"$OUT/logs/migrate-alembic-$i.log" 2>&1
        mig_alembic+=("$(secs_since "$t0")")
        head="$("${PSQL[@]}" -At -d bench_migrate_alembic -c 'SELECT version_num FROM alembic_version')"
        [[ "$head" == "$(printf 'r%03d' "${#UP_FILES[@]}")" ]] || die "alembic stopped at $head"
        drop_db bench_migrate_alembic
        line+=", alembic ${mig_alembic[-1]} s"
    fi
    log "$line"
done
MIG_BIO_MED="$(median "${mig_bio[@]}")"
MIG_PSQL_MED="$(median "${mig_psql[@]}")"
MIG_ALEMBIC_MED=""
((ALEMBIC_OK)) && MIG_ALEMBIC_MED="$(median "${mig_alembic[@]}")"

# ---------------------------------------------------------------------------- 3. queries

log "3. queries: bench/read_path.sh (its own primary and standby, scale $SCALE_REFRESH)"
drop_db "$DB_REFRESH"
QUERIES=(search composition pricing)
READ_PATH_OUT="$OUT/read_path"
SCALE="$SCALE_REFRESH" QUERY_SECONDS="$QUERY_SECONDS" QUERY_THREADS="$QUERY_THREADS" ROUNDS=1 REFRESH_RUNS=1 \
    OUT="$READ_PATH_OUT" QUERY_BENCH_EXE="$QBIN" BIOSITING_EXE="$BIN" \
    bash "$BENCH/read_path.sh" >"$OUT/logs/read_path.log" 2>&1 || { tail -n 40 "$OUT/logs/read_path.log" >&2; die "bench/read_path.sh failed"; }
rp() { json_get "$READ_PATH_OUT/read_path.json" "d['queries']['$1']['$2']['$3']"; }

# ---------------------------------------------------------------------------- 4. load (and 5. memory at the large scale)

log "4. load: scale $SCALE_LOAD, $LOAD_RUNS runs per side"
# psql's load scripts: \copy every base table in the loader's order, then (as the
# loader does) advance the id sequences and ANALYZE; and a \copy-only variant.
COPY_SQL="$TMP/copy.sql"
FULL_SQL="$TMP/copy-setval-analyze.sql"
: >"$COPY_SQL"
for t in "${TABLES[@]}"; do
    printf "\\\\copy %s FROM '%s/csv/%s.csv' WITH (FORMAT csv)\n" "$t" "$OUT" "$t" >>"$COPY_SQL"
done

load_bio_ms=() load_bio_wall=() load_bio_rss=() load_psql=() load_psql_copy=()
LOAD_ROWS=""
for ((i = 1; i <= LOAD_RUNS; i++)); do
    fresh_db bench_load_bio
    bio --database-url "$(url_of bench_load_bio)" migrate >/dev/null
    t0="$(now)"
    /usr/bin/time -v -o "$OUT/logs/load-bio-$i.time" \
        "$BIN" --migrations-dir "$MIGRATIONS" --database-url "$(url_of bench_load_bio)" \
        sample-data --scale "$SCALE_LOAD" --json >"$OUT/logs/load-bio-$i.json"
    load_bio_wall+=("$(secs_since "$t0")")
    load_bio_ms+=("$(json_get "$OUT/logs/load-bio-$i.json" 'd["duration_ms"]')")
    load_bio_rss+=("$(rss_kb "$OUT/logs/load-bio-$i.time")")
    rows="$(json_get "$OUT/logs/load-bio-$i.json" 'd["total_rows"]')"
    [[ -z "$LOAD_ROWS" || "$LOAD_ROWS" == "$rows" ]] || die "scale $SCALE_LOAD loaded $rows rows, earlier $LOAD_ROWS"
    LOAD_ROWS="$rows"

    if ((i == 1)); then
        log "   exporting the ${#TABLES[@]} base tables to CSV"
        export_sql="$TMP/export.sql"
        : >"$export_sql"
        for t in "${TABLES[@]}"; do
            printf "\\\\copy %s TO '%s/csv/%s.csv' WITH (FORMAT csv)\n" "$t" "$OUT" "$t" >>"$export_sql"
        done
        "${PSQL[@]}" -d bench_load_bio -f "$export_sql"
        csv_rows="$(cat "$OUT"/csv/*.csv | wc -l)"
        [[ "$csv_rows" == "$LOAD_ROWS" ]] || log "   note: $csv_rows CSV lines for $LOAD_ROWS rows (multi-line values?)"
        CSV_BYTES="$(du -sb "$OUT/csv" | awk '{ print $1 }')"
        cp "$COPY_SQL" "$FULL_SQL"
        for t in "${TABLES[@]}"; do
            has_seq="$("${PSQL[@]}" -At -d bench_load_bio -c "SELECT pg_get_serial_sequence('$t', 'id') IS NOT NULL FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$t' AND column_name = 'id'")"
            if [[ "$has_seq" == t ]]; then
                echo "SELECT setval(pg_get_serial_sequence('$t', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM $t;" >>"$FULL_SQL"
            fi
        done
        echo "ANALYZE $(IFS=,; echo "${TABLES[*]}");" >>"$FULL_SQL"
    fi
    drop_db bench_load_bio

    fresh_db bench_load_psql
    bio --database-url "$(url_of bench_load_psql)" migrate >/dev/null
    t0="$(now)"
    "${PSQL[@]}" -1 -d bench_load_psql -f "$FULL_SQL" >/dev/null
    load_psql+=("$(secs_since "$t0")")
    if ((i == 1)); then
        counted="$("${PSQL[@]}" -At -d bench_load_psql -c "SELECT $(printf '(SELECT count(*) FROM %s)+' "${TABLES[@]}")0")"
        [[ "$counted" == "$LOAD_ROWS" ]] || die "psql loaded $counted rows, biositing $LOAD_ROWS"
    fi
    fresh_db bench_load_psql
    bio --database-url "$(url_of bench_load_psql)" migrate >/dev/null
    t0="$(now)"
    "${PSQL[@]}" -1 -d bench_load_psql -f "$COPY_SQL" >/dev/null
    load_psql_copy+=("$(secs_since "$t0")")
    drop_db bench_load_psql
    log "   run $i: biositing ${load_bio_ms[-1]} ms (wall ${load_bio_wall[-1]} s, RSS ${load_bio_rss[-1]} kB), psql ${load_psql[-1]} s (copy only ${load_psql_copy[-1]} s)"
done
rm -rf "$OUT/csv"
mapfile -t load_bio_s < <(printf '%s\n' "${load_bio_ms[@]}" | awk '{ print $1 / 1000 }')
LOAD_BIO_S="$(median "${load_bio_ms[@]}")"
LOAD_BIO_S="$(awk -v x="$LOAD_BIO_S" 'BEGIN { print x / 1000 }')"
LOAD_BIO_WALL="$(median "${load_bio_wall[@]}")"
LOAD_PSQL_S="$(median "${load_psql[@]}")"
LOAD_PSQL_COPY_S="$(median "${load_psql_copy[@]}")"
rate() { awk -v n="$LOAD_ROWS" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
RATE_BIO="$(rate "$LOAD_BIO_S")"
RATE_BIO_WALL="$(rate "$LOAD_BIO_WALL")"
RATE_PSQL="$(rate "$LOAD_PSQL_S")"
RATE_PSQL_COPY="$(rate "$LOAD_PSQL_COPY_S")"

# ---------------------------------------------------------------------------- 5. memory at the small scale

log "5. memory: scale $MEM_SCALE_SMALL, $MEM_RUNS runs (scale $SCALE_LOAD measured in 4.)"
mem_small=() mem_small_rows=""
for ((i = 1; i <= MEM_RUNS; i++)); do
    fresh_db bench_mem
    bio --database-url "$(url_of bench_mem)" migrate >/dev/null
    /usr/bin/time -v -o "$OUT/logs/mem-$i.time" \
        "$BIN" --migrations-dir "$MIGRATIONS" --database-url "$(url_of bench_mem)" \
        sample-data --scale "$MEM_SCALE_SMALL" --json >"$OUT/logs/mem-$i.json"
    mem_small+=("$(rss_kb "$OUT/logs/mem-$i.time")")
    mem_small_rows="$(json_get "$OUT/logs/mem-$i.json" 'd["total_rows"]')"
    drop_db bench_mem
    log "   run $i: RSS ${mem_small[-1]} kB"
done
MEM_SMALL="$(median "${mem_small[@]}")"
MEM_LARGE="$(median "${load_bio_rss[@]}")"

# ---------------------------------------------------------------------------- report

log "writing $RESULTS"
PGBENCH_V="$(pgbench --version)"

kb_mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
mkdir -p "$(dirname "$RESULTS")"
# Sections 6 on come from the other bench scripts (reader_wait.sh, refresh.sh,
# read_path.sh) and their write-ups: they follow KEEP_MARKER and survive a rerun.
KEEP_MARKER='<!-- Sections below come from the other bench scripts; bench/run.sh keeps them as they are. -->'
KEPT=""
[[ -f "$RESULTS" ]] && KEPT="$(awk -v m="$KEEP_MARKER" '$0 == m { keep = 1 } keep' "$RESULTS")"
{
    echo "# Benchmark results"
    echo
    echo "Every figure is a ratio against a baseline measured in the same run of \`bench/run.sh\`."
    echo
    bench_machine_lines "$COMMAND_LINE"
    echo "- Baseline clients: $PGBENCH_V"
    ((ALEMBIC_OK)) && echo "- Alembic side: $ALEMBIC_VERSIONS (from PyPI into bench/.venv)"
    echo
    echo "How to reproduce: \`bash bench/run.sh\` (about 10 minutes; \`QUICK=1 bash bench/run.sh\` is a smoke run at small scale that writes bench/out/RESULTS-quick.md)."
    echo
    echo "## Summary"
    echo
    echo "| benchmark | biositing | baseline | ratio |"
    echo "|---|---|---|---|"
    echo "| 1. refresh 10 views, scale $SCALE_REFRESH (median of $REFRESH_RUNS) | $(m3 "$REFRESH_BIO_MED") s | psql one by one: $(m3 "$REFRESH_PSQL_MED") s | psql / biositing = **$(ratio "$REFRESH_PSQL_MED" "$REFRESH_BIO_MED")** |"
    if [[ "$REFRESH_SERIAL_VARIANT" == 1 ]]; then
        echo "| 1b. the same with parallel query off (max_parallel_workers_per_gather=0) | $(m3 "$REFRESH_BIO_NP_MED") s | psql one by one: $(m3 "$REFRESH_PSQL_NP_MED") s | psql / biositing = **$(ratio "$REFRESH_PSQL_NP_MED" "$REFRESH_BIO_NP_MED")** |"
    fi
    echo "| 2. migrate empty db to head (median of $MIGRATE_RUNS) | $(m3 "$MIG_BIO_MED") s | psql -f: $(m3 "$MIG_PSQL_MED") s | psql / biositing = **$(ratio "$MIG_PSQL_MED" "$MIG_BIO_MED")** |"
    ((ALEMBIC_OK)) && echo "| | | alembic upgrade head: $(m3 "$MIG_ALEMBIC_MED") s | alembic / biositing = **$(ratio "$MIG_ALEMBIC_MED" "$MIG_BIO_MED")** |"
    for q in "${QUERIES[@]}"; do
        echo "| 3. query \`$q\` throughput, typed call, reader pool | $(fmt '%.0f' "$(rp "$q" primary-reader qps)") q/s | pgbench -M prepared: $(fmt '%.0f' "$(rp "$q" primary-pgbench qps)") tps | biositing / pgbench = **$(ratio "$(rp "$q" primary-reader qps)" "$(rp "$q" primary-pgbench qps)")** |"
    done
    echo "| 4. sample-data load, scale $SCALE_LOAD (median of $LOAD_RUNS) | $RATE_BIO rows/s | psql \\copy: $RATE_PSQL rows/s | psql / biositing = **$(ratio "$RATE_PSQL" "$RATE_BIO")** |"
    echo "| 5. peak RSS of sample-data, scale $MEM_SCALE_SMALL vs $SCALE_LOAD | $(kb_mib "$MEM_SMALL") vs $(kb_mib "$MEM_LARGE") | | scale $SCALE_LOAD / scale $MEM_SCALE_SMALL = **$(ratio "$MEM_LARGE" "$MEM_SMALL")** |"
    echo
    echo "## 1. Refreshing the ten views"
    echo
    echo "Database: \`biositing setup\`, then \`biositing sample-data --scale $SCALE_REFRESH\` ($REFRESH_ROWS rows), then one untimed warm-up refresh. Then, alternately, $REFRESH_RUNS times each:"
    echo
    echo "- biositing: \`biositing refresh --all --jobs $REFRESH_JOBS --json\` (every view reported \`concurrent\`, \`succeeded\`);"
    echo "- psql: \`psql -c 'REFRESH MATERIALIZED VIEW CONCURRENTLY data_portal.<view>'\`, one psql per view, in the registry order of \`biositing views list\`."
    echo
    echo "| side | runs (s) | median (s) |"
    echo "|---|---|---|"
    echo "| biositing refresh --all --jobs $REFRESH_JOBS | $(list "${refresh_bio[@]}") | $(m3 "$REFRESH_BIO_MED") |"
    echo "| psql, one view after another | $(list "${refresh_psql[@]}") | $(m3 "$REFRESH_PSQL_MED") |"
    if [[ "$REFRESH_SERIAL_VARIANT" == 1 ]]; then
        echo "| biositing refresh --all --jobs $REFRESH_JOBS, parallel query off | $(list "${refresh_bio_np[@]}") | $(m3 "$REFRESH_BIO_NP_MED") |"
        echo "| psql, one view after another, parallel query off | $(list "${refresh_psql_np[@]}") | $(m3 "$REFRESH_PSQL_NP_MED") |"
    fi
    echo
    echo "Ratio psql / biositing: **$(ratio "$REFRESH_PSQL_MED" "$REFRESH_BIO_MED")**."
    if [[ "$REFRESH_SERIAL_VARIANT" == 1 ]]; then
        echo
        echo "With the server's default \`max_parallel_workers_per_gather = 2\`, one REFRESH already runs a leader and two parallel workers, so on $(nproc) cores two refreshes at once compete for the same CPUs. The variant rows set \`PGOPTIONS='$NO_PARALLEL'\` for both clients (each run right after the default pair): psql / biositing **$(ratio "$REFRESH_PSQL_NP_MED" "$REFRESH_BIO_NP_MED")**; biositing default / biositing parallel-off **$(ratio "$REFRESH_BIO_MED" "$REFRESH_BIO_NP_MED")**; psql default / psql parallel-off $(ratio "$REFRESH_PSQL_MED" "$REFRESH_PSQL_NP_MED")."
    fi
    echo
    echo "View rows: $VIEW_ROWS"
    echo
    echo "## 2. Migrating an empty database to head"
    echo
    echo "${#UP_FILES[@]} migrations (a frozen copy of migrations/, passed to biositing with \`--migrations-dir\`). Each run gets a fresh empty database (creation not timed); the sides alternate."
    echo
    echo "- biositing: \`biositing migrate\` (a transaction per migration, advisory lock, checksums, Diesel's bookkeeping table);"
    echo "- psql: one \`psql -v ON_ERROR_STOP=1 -f <up.sql> -f <up.sql> ...\` over the same files in sorted order (autocommit, no bookkeeping);"
    if ((ALEMBIC_OK)); then
        echo "- Alembic: \`alembic upgrade head\` in a generated project of ${#UP_FILES[@]} chained revisions, each \`op.execute(open(<up.sql>).read())\`, over psycopg2 (one transaction, as Alembic's default env.py does). Its time includes the Python interpreter starting and importing SQLAlchemy, as it does for every real invocation."
    fi
    echo
    echo "| side | runs (s) | median (s) |"
    echo "|---|---|---|"
    echo "| biositing migrate | $(list "${mig_bio[@]}") | $(m3 "$MIG_BIO_MED") |"
    echo "| psql -f | $(list "${mig_psql[@]}") | $(m3 "$MIG_PSQL_MED") |"
    ((ALEMBIC_OK)) && echo "| alembic upgrade head | $(list "${mig_alembic[@]}") | $(m3 "$MIG_ALEMBIC_MED") |"
    echo
    echo "Ratios: psql / biositing **$(ratio "$MIG_PSQL_MED" "$MIG_BIO_MED")**$( ((ALEMBIC_OK)) && echo "; alembic / biositing **$(ratio "$MIG_ALEMBIC_MED" "$MIG_BIO_MED")**")."
    echo
    echo "## 3. Typed portal queries vs pgbench"
    echo
    echo "From \`bench/read_path.sh\` (one round), which this run called; its section follows."
    echo
    sed 's/^## /### /' "$READ_PATH_OUT/read_path.md"
    echo
    echo "## 4. Loading the sample data"
    echo
    echo "Scale $SCALE_LOAD: $LOAD_ROWS rows into ${#TABLES[@]} base tables ($(awk -v b="$CSV_BYTES" 'BEGIN { printf "%.0f MiB", b / 1048576 }') as CSV). Each run loads into a fresh migrated database; the sides alternate."
    echo
    echo "- biositing: \`biositing sample-data --scale $SCALE_LOAD --json\`: generates the rows and streams them with COPY in one transaction, then advances the id sequences and ANALYZEs; rate = total_rows / duration_ms of its JSON (wall time of the whole process, connection included, in brackets);"
    echo "- psql: the tables of the first biositing load exported with \`\\copy <table> TO <file> CSV\`, loaded with \`psql -1\` (one transaction) running \`\\copy <table> FROM <file> CSV\` in the loader's table order, then the same setval and ANALYZE; the \\copy-only variant skips those last two."
    echo
    echo "| side | runs (s) | median (s) | rows/s |"
    echo "|---|---|---|---|"
    echo "| biositing sample-data (JSON duration) | $(list "${load_bio_s[@]}") | $(m3 "$LOAD_BIO_S") | $RATE_BIO |"
    echo "| biositing sample-data (process wall time) | $(list "${load_bio_wall[@]}") | $(m3 "$LOAD_BIO_WALL") | $RATE_BIO_WALL |"
    echo "| psql \\copy + setval + ANALYZE | $(list "${load_psql[@]}") | $(m3 "$LOAD_PSQL_S") | $RATE_PSQL |"
    echo "| psql \\copy only | $(list "${load_psql_copy[@]}") | $(m3 "$LOAD_PSQL_COPY_S") | $RATE_PSQL_COPY |"
    echo
    echo "Ratio psql rate / biositing rate: **$(ratio "$RATE_PSQL" "$RATE_BIO")** (same work); against biositing's wall time $(ratio "$RATE_PSQL" "$RATE_BIO_WALL"); \\copy only $(ratio "$RATE_PSQL_COPY" "$RATE_BIO")."
    echo
    echo "## 5. Peak memory of sample-data"
    echo
    echo "Maximum resident set size from \`/usr/bin/time -v biositing sample-data --scale N\`, each into a fresh migrated database."
    echo
    echo "| scale | rows | runs (kB) | median |"
    echo "|---|---|---|---|"
    echo "| $MEM_SCALE_SMALL | $mem_small_rows | $(list_int "${mem_small[@]}") | $(kb_mib "$MEM_SMALL") |"
    echo "| $SCALE_LOAD | $LOAD_ROWS | $(list_int "${load_bio_rss[@]}") | $(kb_mib "$MEM_LARGE") |"
    echo
    echo "Ratio scale $SCALE_LOAD / scale $MEM_SCALE_SMALL: **$(ratio "$MEM_LARGE" "$MEM_SMALL")** for $(ratio "$LOAD_ROWS" "$mem_small_rows") times the rows (1.00 would be perfectly flat)."
    echo
    if [[ -n "$KEPT" ]]; then printf '%s\n' "$KEPT"; else echo "$KEEP_MARKER"; fi
} >"$RESULTS.new"
mv "$RESULTS.new" "$RESULTS"
log "done: $RESULTS"
