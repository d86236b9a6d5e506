# Helpers shared by the bench/ scripts (run.sh, refresh.sh). Sourced, not run:
# the script sets ROOT, BENCH and OUT first, and `set -euo pipefail`.
#
# Databases made with fresh_db are dropped at exit; a script adds its own exit
# work by defining bench_on_exit.

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
url_of() { printf 'postgres://%s@%s:%s/%s' "$PGUSER" "$PGHOST" "$PGPORT" "$1"; }

CREATED_DBS=()
fresh_db() { # drop (if left over) and create database $1
    CREATED_DBS+=("$1")
    PGOPTIONS='-c client_min_messages=warning' "${PSQL[@]}" -d postgres \
        -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}
drop_db() { PGOPTIONS='-c client_min_messages=warning' "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"; }

TMP=""
cleanup() {
    local status=$?
    set +e
    if ((${#CREATED_DBS[@]})); then
        log "dropping the benchmark databases"
        printf '%s\n' "${CREATED_DBS[@]}" | sort -u | while read -r db; do drop_db "$db"; done
    fi
    [[ -n "$TMP" ]] && rm -rf "$TMP"
    if declare -F bench_on_exit >/dev/null; then bench_on_exit; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'; }
# median of the arguments
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# a / b with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
fmt() { awk -v x="$2" -v f="$1" 'BEGIN { printf f, x }'; } # fmt FORMAT NUMBER
m3() { fmt '%.3f' "$1"; }
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$1" "$2"; }
# nearest-rank percentile P (0..1) of the sorted numbers in file $1
percentile() { awk -v p="$2" '{ a[NR] = $1 } END { r = int(p * NR); if (r < p * NR) r++; if (r < 1) r = 1; print a[r] }' "$1"; }
rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
list() { printf '%s\n' "$@" | awk '{ printf "%s%.3f", (NR > 1 ? ", " : ""), $1 }'; }
list_int() { printf '%s\n' "$@" | awk '{ printf "%s%d", (NR > 1 ? ", " : ""), $1 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# The command line with the settings given in the environment: command_line "bash bench/x.sh" VAR...
command_line() {
    local line="$1" var
    shift
    for var in "$@"; do
        if [[ -n "${!var+x}" ]]; then
            line="$var=${!var} $line"
        fi
    done
    printf '%s' "$line"
}

# psql reachable, the load average noted (LOADAVG_START), bench/out and a temp dir made.
bench_start() {
    command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"
    "${PSQL[@]}" -d postgres -c 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER"
    LOADAVG_START="$(loadavg)"
    if awk -v l="${LOADAVG_START%% *}" 'BEGIN { exit !(l > 0.5) }'; then
        log "note: load average $LOADAVG_START before starting: other work on this machine will add noise"
    fi
    mkdir -p "$OUT/logs"
    TMP="$(mktemp -d)"
}

# The path of the built typed_queries bench executable (cargo bench --no-run first).
typed_queries_exe() {
    (cd "$ROOT" && cargo bench -p biositing-views --bench typed_queries --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "typed_queries" and m.get("executable"):
        print(m["executable"])')
}

build() { # log-name command...
    local name="$1"
    shift
    "$@" >"$OUT/logs/build-$name.log" 2>&1 || { tail -n 40 "$OUT/logs/build-$name.log" >&2; die "building $name failed"; }
}

# The release binary, copied to $TMP (a concurrent build in the work tree cannot
# swap it mid-run), and one frozen copy of the migrations: biositing
# (--migrations-dir) and psql run exactly these files, even if migrations/
# changes during the run. Sets BIN, MIGRATIONS, UP_FILES; defines bio.
bench_biositing() {
    log "building the release binary (cargo build --release --bin biositing)"
    (cd "$ROOT" && build biositing cargo build --release --bin biositing)
    cp "$ROOT/target/release/biositing" "$TMP/biositing"
    BIN="$TMP/biositing"
    MIGRATIONS="$TMP/migrations"
    cp -r "$ROOT/migrations" "$MIGRATIONS"
    mapfile -t UP_FILES < <(printf '%s\n' "$MIGRATIONS"/*/up.sql | LC_ALL=C sort)
}
bio() { "$BIN" --migrations-dir "$MIGRATIONS" "$@"; }

# The registered views, in registry order.
bench_views() {
    mapfile -t VIEWS < <(bio views list | awk '{ print $1 }')
    ((${#VIEWS[@]} > 0)) || die "biositing views list printed no view"
}

# Markdown lines describing the run: date, command, machine, server, load, revision.
bench_machine_lines() { # command-line
    local pg cpu mem rev
    pg="$("${PSQL[@]}" -At -d postgres -c 'SELECT version()')"
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    mem="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    rev="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [[ -n "$(cd "$ROOT" && git status --porcelain 2>/dev/null | grep -v '^?? bench/' | head -n 1)" ]]; then
        rev+=" (with uncommitted changes)"
    fi
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Command: \`$1\`"
    echo "- Machine: $(nproc) cores (nproc), $mem memory, CPU \"$cpu\""
    echo "- PostgreSQL: $pg (server on the same machine, default configuration)"
    echo "- Load average (1, 5, 15 min) of the machine: $LOADAVG_START at the start, $(loadavg) at the end (other work on the machine slows both sides; the sides alternate so that it hits both alike)"
    echo "- Clients: $(psql --version); $(rustc --version 2>/dev/null || echo 'rustc unknown'); biositing at $rev (release build)"
}
