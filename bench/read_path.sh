#!/usr/bin/env bash
# The read path: typed portal queries of biositing-views against `pgbench -M prepared`
# running the very SQL they send, on a primary and on a local streaming replica of it,
# and the replica's catch-up time after a full refresh. Every figure is a ratio
# against a baseline measured in the same run.
#
#   bash bench/read_path.sh             # scale 10, 10 s per query and side, 2 rounds (about 12 minutes)
#   QUICK=1 bash bench/read_path.sh     # smoke run: scale 1, 2 s, 1 round (about 2 minutes after the build)
#
# Settings (environment variables; QUICK=1 defaults in brackets):
#   SCALE=10 [1]          sample-data scale (at most 10)
#   QUERY_SECONDS=10 [2]  seconds per query, side and round
#   QUERY_THREADS=2       client threads of the Rust side = pgbench clients = pool size
#   ROUNDS=2 [1]          rounds; each round runs every side once, in reversed order on
#                         even rounds, so that load from other work hits all sides alike
#   REFRESH_RUNS=3 [1]    full refreshes whose replica catch-up is timed
#   OUT=bench/out/read_path   where the figures go: read_path.md (a section for
#                         bench/RESULTS.md), read_path.json (for bench/run.sh), logs/
#   QUERY_BENCH_EXE, BIOSITING_EXE   prebuilt binaries (bench/run.sh passes its own)
#
# The pair: a primary initdb'd on a free port of 127.0.0.1 (as the postgres OS user
# when run as root), a standby made by `pg_basebackup -R` and started on another free
# port; both stopped and removed at exit. Binaries from PG_BIN (default: pg_config
# --bindir, else /usr/lib/postgresql/15/bin).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND_LINE="bash bench/read_path.sh"
for var in QUICK SCALE QUERY_SECONDS QUERY_THREADS ROUNDS REFRESH_RUNS; do
    [[ -n "${!var+x}" ]] && COMMAND_LINE="$var=${!var} $COMMAND_LINE"
done
QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
    d_scale=1 d_seconds=2 d_rounds=1 d_refresh_runs=1
else
    d_scale=10 d_seconds=10 d_rounds=2 d_refresh_runs=3
fi
SCALE="${SCALE:-$d_scale}"
QUERY_SECONDS="${QUERY_SECONDS:-$d_seconds}"
QUERY_THREADS="${QUERY_THREADS:-2}"
ROUNDS="${ROUNDS:-$d_rounds}"
REFRESH_RUNS="${REFRESH_RUNS:-$d_refresh_runs}"
OUT="${OUT:-$ROOT/bench/out/read_path}"
BENCH="$ROOT/bench"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
((SCALE >= 1 && SCALE <= 10)) || die "SCALE must be 1..10 (the project never loads more than scale 10)"

if [[ -z "${PG_BIN:-}" ]]; then
    PG_BIN="$(pg_config --bindir 2>/dev/null || true)"
    [[ -x "$PG_BIN/initdb" ]] || PG_BIN=/usr/lib/postgresql/15/bin
fi
for tool in initdb pg_ctl pg_basebackup pgbench psql; do
    [[ -x "$PG_BIN/$tool" ]] || die "$PG_BIN/$tool is missing (apt-get install postgresql; or set PG_BIN)"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"

rm -rf "$OUT"
mkdir -p "$OUT/logs" "$OUT/sql" "$OUT/pgbench"
PAIR="$(mktemp -d /tmp/biositing-read-path.XXXXXX)"
chmod 755 "$PAIR"
# initdb refuses to run as root: the servers run as the postgres OS user.
AS_PG=()
if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a postgres OS user for the servers"
    chown postgres "$PAIR"
    AS_PG=(runuser -u postgres --)
fi
pg() { "${AS_PG[@]}" "$PG_BIN/$1" "${@:2}"; }

bench_on_exit() { # run by lib.sh's exit trap
    for dir in "$PAIR/standby" "$PAIR/primary"; do
        [[ -f "$dir/postmaster.pid" ]] && pg pg_ctl -D "$dir" -m immediate stop >/dev/null 2>&1
    done
    rm -rf "$PAIR"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PRIMARY_PORT="$(free_port)"
STANDBY_PORT="$(free_port)"
while [[ "$STANDBY_PORT" == "$PRIMARY_PORT" ]]; do STANDBY_PORT="$(free_port)"; done

log "primary on 127.0.0.1:$PRIMARY_PORT (initdb), standby on 127.0.0.1:$STANDBY_PORT (pg_basebackup -R)"
pg initdb -D "$PAIR/primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$OUT/logs/initdb.log" 2>&1 ||
    { cat "$OUT/logs/initdb.log" >&2; die "initdb failed"; }
cat >>"$PAIR/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$PAIR'
EOF
pg pg_ctl -D "$PAIR/primary" -l "$PAIR/primary.log" -w start >/dev/null || { cat "$PAIR/primary.log" >&2; die "the primary did not start"; }
pg pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$PAIR/standby" -R -X stream -c fast \
    >"$OUT/logs/basebackup.log" 2>&1 || { cat "$OUT/logs/basebackup.log" >&2; die "pg_basebackup failed"; }
echo "port = $STANDBY_PORT" >>"$PAIR/standby/postgresql.auto.conf"
pg pg_ctl -D "$PAIR/standby" -l "$PAIR/standby.log" -w start >/dev/null || { cat "$PAIR/standby.log" >&2; die "the standby did not start"; }

DB=bench_read_path
PRIMARY_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DB"
STANDBY_URL="postgres://postgres@127.0.0.1:$STANDBY_PORT/$DB"
psql_on() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -p "$@"; }
[[ "$(psql_on "$STANDBY_PORT" -d postgres -c 'SELECT pg_is_in_recovery()')" == t ]] || die "the standby is not in recovery"

# ---------------------------------------------------------------------------- binaries

if [[ -z "${QUERY_BENCH_EXE:-}" || -z "${BIOSITING_EXE:-}" ]]; then
    log "building (cargo build --release --bin biositing; cargo bench -p biositing-views --bench typed_queries --no-run)"
    (cd "$ROOT" && cargo build --release --bin biositing) >"$OUT/logs/build.log" 2>&1 || { tail -n 40 "$OUT/logs/build.log" >&2; die "build failed"; }
    (cd "$ROOT" && cargo bench -p biositing-views --bench typed_queries --no-run) >>"$OUT/logs/build.log" 2>&1 ||
        { tail -n 40 "$OUT/logs/build.log" >&2; die "build failed"; }
    BIOSITING_EXE="$ROOT/target/release/biositing"
    QUERY_BENCH_EXE="$(typed_queries_exe)"
fi
[[ -x "$QUERY_BENCH_EXE" && -x "$BIOSITING_EXE" ]] || die "cannot find the built binaries"
# Private copies: a concurrent build in the work tree cannot swap them mid-run.
cp "$QUERY_BENCH_EXE" "$PAIR/query-bench"
cp "$BIOSITING_EXE" "$PAIR/biositing"
cp -r "$ROOT/migrations" "$PAIR/migrations"
QBIN="$PAIR/query-bench"
# Run outside the checkout: the frozen copies above are the sources of this run.
bio() { (cd "$PAIR" && "$PAIR/biositing" --migrations-dir "$PAIR/migrations" --database-url "$PRIMARY_URL" "$@"); }

LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------- data

log "scale $SCALE into $DB on the primary: setup, sample-data, refresh"
bio database create >/dev/null
bio setup >"$OUT/logs/setup.log"
bio sample-data --scale "$SCALE" --json >"$OUT/logs/load.json"
bio refresh --all --jobs 2 >"$OUT/logs/refresh-first.log"

primary_lsn() { psql_on "$PRIMARY_PORT" -d postgres -c 'SELECT pg_current_wal_lsn()'; }
# Seconds (with ms) until the standby has replayed up to LSN $1; polls every 5 ms.
wait_replay() {
    python3 - "$STANDBY_PORT" "$1" <<'EOF'
import subprocess, sys, time
port, target = sys.argv[1], sys.argv[2]
def lsn(text):
    hi, lo = text.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)
# One psql session reading the replay position in a loop, so a poll costs a round trip only.
p = subprocess.Popen(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-U", "postgres", "-p", port, "-d", "postgres"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
start, want = time.monotonic(), lsn(target)
while True:
    p.stdin.write("SELECT pg_last_wal_replay_lsn();\n")
    p.stdin.flush()
    if lsn(p.stdout.readline().strip()) >= want:
        break
    if time.monotonic() - start > 600:
        sys.exit("the standby did not catch up within 600 s")
    time.sleep(0.005)
print(f"{time.monotonic() - start:.3f}")
p.stdin.close()
p.wait()
EOF
}
wait_replay "$(primary_lsn)" >/dev/null
log "the standby caught up with the load"

# ---------------------------------------------------------------------------- catch-up

log "replica catch-up after a full refresh, $REFRESH_RUNS runs"
catchup=() refresh_s=() wal_mb=()
for ((i = 1; i <= REFRESH_RUNS; i++)); do
    before="$(primary_lsn)"
    t0="$(date +%s%N)"
    bio refresh --all --jobs 2 --json >"$OUT/logs/refresh-$i.json"
    refresh_s+=("$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')")
    after="$(primary_lsn)"
    catchup+=("$(wait_replay "$after")")
    wal_mb+=("$(psql_on "$PRIMARY_PORT" -d postgres -c "SELECT round(pg_wal_lsn_diff('$after', '$before') / 1048576.0, 1)")")
    log "   run $i: refresh ${refresh_s[-1]} s, ${wal_mb[-1]} MiB of WAL, standby caught up ${catchup[-1]} s after the refresh returned"
done

# ---------------------------------------------------------------------------- queries

# The refreshes above left dead rows behind (REFRESH ... CONCURRENTLY updates in
# place): vacuum and checkpoint now, so autovacuum and a checkpoint do not land in
# the middle of the first round (they once halved every side of one round).
psql_on "$PRIMARY_PORT" -d "$DB" -c 'VACUUM (ANALYZE)' -c 'CHECKPOINT'
wait_replay "$(primary_lsn)" >/dev/null

log "capturing the SQL Diesel sends"
"$QBIN" --database-url "$PRIMARY_URL" --print-sql "$OUT/sql" >"$OUT/logs/query-sql.txt"
QUERIES=(search composition pricing)
for q in "${QUERIES[@]}"; do
    want="$(cat "$OUT/sql/$q.rows")"
    vargs=()
    while IFS= read -r kv; do vargs+=(-v "$kv"); done <"$OUT/sql/$q.vars"
    for port in "$PRIMARY_PORT" "$STANDBY_PORT"; do
        got="$(psql_on "$port" -d "$DB" "${vargs[@]}" -f "$OUT/sql/$q.check.sql")"
        [[ "$got" == "$want" ]] || die "$q: psql counts $got rows on port $port, the typed call returned $want"
    done
done

cpu_us_per_call() { awk -v n="$2" '{ printf "%.0f", ($1 + $2) * 1e6 / n }' "$1"; }

# CPU time (clock ticks) of a server: its postmaster, the children it has reaped
# (backends of past runs) and the ones alive, from /proc.
server_ticks() { # data directory
    local pm child
    pm="$(head -n 1 "$1/postmaster.pid")"
    {
        awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
        for child in $(pgrep -P "$pm"); do awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null; done
    } | awk '{ s += $1 } END { print s }'
}
TICK_US="$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1e6 / hz }')"
# After a run: once the postmaster has reaped the run's backends.
server_ticks_after() { sleep 0.2 && server_ticks "$1"; }
server_us_per_call() { # ticks-before ticks-after calls
    awk -v a="$1" -v b="$2" -v n="$3" -v t="$TICK_US" 'BEGIN { printf "%.0f", (b - a) * t / n }'
}

# One measurement per line of $OUT/runs.jsonl:
# {"query", "side", "round", "qps", "p50_us", "p99_us", "mean_us", "cpu_us", "calls", "server_cpu_us"}
# (cpu_us: the client's CPU per call; server_cpu_us: the serving server's, all its processes)
RUNS="$OUT/runs.jsonl"
: >"$RUNS"
record() { # query side round qps p50 p99 mean cpu calls server-cpu
    printf '{"query":"%s","side":"%s","round":%s,"qps":%s,"p50_us":%s,"p99_us":%s,"mean_us":%s,"cpu_us":%s,"calls":%s,"server_cpu_us":%s}\n' "$@" >>"$RUNS"
}

# Sides of the Rust program (a PortalReader, as portal code would use it): SERVER-MODE where
#   primary-reader  PortalReader::read on a reader without replicas, rows decoded into the row structs
#   standby-reader  PortalReader::read on a reader with the standby as its replica (the calls land there)
#   primary-get     PortalReader::get (a SELECT 1 on every checkout), decoded
#   primary-fetch   PortalReader::read, the same statement, rows fetched but not decoded
run_rust() { # query side round
    local q="$1" side="$2" round="$3" checkout=read decode=true replica=()
    [[ "$side" == standby-* ]] && replica=(--replica-url "$STANDBY_URL")
    [[ "$side" == *-get ]] && checkout=get
    [[ "$side" == *-fetch ]] && decode=false
    local f="$OUT/logs/rust-$q-$side-$round" dir="$PAIR/primary" t0
    [[ "$side" == standby-* ]] && dir="$PAIR/standby"
    t0="$(server_ticks "$dir")"
    /usr/bin/time -f '%U %S' -o "$f.cpu" \
        "$QBIN" --database-url "$PRIMARY_URL" "${replica[@]}" --query "$q" --seconds "$QUERY_SECONDS" \
        --threads "$QUERY_THREADS" --checkout "$checkout" --decode "$decode" >"$f.json"
    local t1 calls
    t1="$(server_ticks_after "$dir")"
    calls="$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["calls"] + d["warmup_calls"])' "$f.json")"
    python3 - "$f.json" "$f.cpu" "$q" "$side" "$round" "$(server_us_per_call "$t0" "$t1" "$calls")" >>"$RUNS" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
user, system = map(float, open(sys.argv[2]).read().split()[:2])
calls = d["calls"] + d["warmup_calls"]
print(json.dumps({"query": sys.argv[3], "side": sys.argv[4], "round": int(sys.argv[5]), "qps": d["qps"],
                  "p50_us": d["p50_us"], "p99_us": d["p99_us"], "mean_us": d["mean_us"],
                  "cpu_us": round((user + system) * 1e6 / calls), "calls": d["calls"], "rows": d["rows"],
                  "params": d["params"], "server_cpu_us": int(sys.argv[6])}))
EOF
}
run_pgbench() { # query side round
    local q="$1" side="$2" round="$3" port="$PRIMARY_PORT" dargs=() kv
    [[ "$side" == standby-* ]] && port="$STANDBY_PORT"
    while IFS= read -r kv; do dargs+=(-D "$kv"); done <"$OUT/sql/$q.vars"
    local f="$OUT/logs/pgbench-$q-$side-$round" prefix="$OUT/pgbench/$q-$side-$round" dir="$PAIR/primary" t0 t1
    [[ "$side" == standby-* ]] && dir="$PAIR/standby"
    t0="$(server_ticks "$dir")"
    /usr/bin/time -f '%U %S' -o "$f.cpu" \
        "$PG_BIN/pgbench" -h 127.0.0.1 -p "$port" -U postgres -M prepared -c "$QUERY_THREADS" -j "$QUERY_THREADS" \
        -T "$QUERY_SECONDS" -n -l --log-prefix="$prefix" "${dargs[@]}" -f "$OUT/sql/$q.pgbench" "$DB" \
        >"$f.txt" 2>&1 || { cat "$f.txt" >&2; die "pgbench failed"; }
    grep -q 'number of failed transactions: 0 ' "$f.txt" || die "pgbench reported failed transactions ($f.txt)"
    cat "$prefix".* | awk '{ print $3 }' | sort -n >"$prefix.sorted"
    local calls
    t1="$(server_ticks_after "$dir")"
    calls="$(awk '/^number of transactions actually processed/ { print $NF }' "$f.txt")"
    record "$q" "$side" "$round" "$(awk '/^tps = / { print $3 }' "$f.txt")" \
        "$(percentile "$prefix.sorted" 0.50)" "$(percentile "$prefix.sorted" 0.99)" \
        "$(awk '{ s += $1 } END { printf "%.1f", s / NR }' "$prefix.sorted")" \
        "$(cpu_us_per_call "$f.cpu" "$calls")" "$calls" "$(server_us_per_call "$t0" "$t1" "$calls")"
    rm -f "$prefix".*
}

SIDES=(primary-reader primary-pgbench standby-reader standby-pgbench primary-get primary-fetch)
log "queries: ${#SIDES[@]} sides x ${QUERY_SECONDS}s x $ROUNDS rounds per query, $QUERY_THREADS clients"
for ((round = 1; round <= ROUNDS; round++)); do
    order=("${SIDES[@]}")
    if ((round % 2 == 0)); then
        order=()
        for ((k = ${#SIDES[@]} - 1; k >= 0; k--)); do order+=("${SIDES[$k]}"); done
    fi
    for q in "${QUERIES[@]}"; do
        for side in "${order[@]}"; do
            if [[ "$side" == *-pgbench ]]; then run_pgbench "$q" "$side" "$round"; else run_rust "$q" "$side" "$round"; fi
            log "   round $round $q $side: $(tail -n 1 "$RUNS" | python3 -c 'import json, sys; d = json.load(sys.stdin); print("%s calls/s, p50 %s us, p99 %s us, CPU per call: client %s us, server %s us" % (d["qps"], d["p50_us"], d["p99_us"], d["cpu_us"], d["server_cpu_us"]))')"
        done
    done
done

# ---------------------------------------------------------------------------- report

LOADAVG_END="$(cut -d' ' -f1-3 /proc/loadavg)"
GIT_REV="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -n "$(cd "$ROOT" && git status --porcelain -- crates src 2>/dev/null | head -n 1)" ]] && GIT_REV+=" (with uncommitted changes)"
python3 "$ROOT/bench/read_path_report.py" \
    --runs "$RUNS" --out "$OUT" --command "$COMMAND_LINE" --scale "$SCALE" --seconds "$QUERY_SECONDS" \
    --threads "$QUERY_THREADS" --rounds "$ROUNDS" --loadavg-start "$LOADAVG_START" --loadavg-end "$LOADAVG_END" \
    --git-rev "$GIT_REV" --pg-version "$(psql_on "$PRIMARY_PORT" -d postgres -c 'SELECT version()')" \
    --rows "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["total_rows"])' "$OUT/logs/load.json")" \
    --catchup "${catchup[*]}" --refresh "${refresh_s[*]}" --wal-mb "${wal_mb[*]}"
log "done: $OUT/read_path.md"
