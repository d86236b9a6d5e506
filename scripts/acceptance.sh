#!/usr/bin/env bash
# Acceptance of the view-change workflow: a legitimate change keeps the suite green.
#
# In a temporary copy of the project (the files git knows), make two changes
# exactly as docs/view-workflow.md describes them, driving the `biositing` binary
# built from that copy:
#   1. add a column to mv_biomass_availability (definition.sql + mapping + row struct),
#   2. add a new view with `views new` (then give it a column of its own),
# freeze both with `migration generate`, migrate, refresh and verify a scratch
# database, then run the fast part of the test suite without editing any test.
#
# Reuses the main target directory (CARGO_TARGET_DIR), so only the workspace
# crates are compiled again. Uses DATABASE_URL's server (default: the local one).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
started=$SECONDS

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
server="${TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
scratch_url="${server%/*}/biositing_acceptance_$$"

work="$(mktemp -d)"
copy="$work/project"
bin="$CARGO_TARGET_DIR/debug/biositing"
# The copy's build replaces target/debug/biositing; put the checkout's back after.
saved_bin=""
if [[ -f "$bin" ]]; then
    saved_bin="$work/biositing.checkout"
    cp -p "$bin" "$saved_bin"
fi
cleanup() {
    if [[ -x "$bin" ]]; then
        "$bin" --database-url "$scratch_url" database drop --yes >/dev/null 2>&1 || true
    fi
    if [[ -n "$saved_bin" ]]; then
        cp -p "$saved_bin" "$bin"
    fi
    rm -rf "$work"
}
trap cleanup EXIT

step() { echo "acceptance: $* ($((SECONDS - started))s)"; }
fail() {
    echo "acceptance: $*" >&2
    exit 1
}
# Replaces the one line equal to $2 in file $1 by the lines $3 (a literal edit
# the doc describes); fails when that line is not there exactly once.
replace_line() {
    local file="$1" line="$2" with="$3"
    [[ "$(grep -cxF -- "$line" "$file")" == 1 ]] ||
        fail "$file no longer has exactly one line \`$line\`: update scripts/acceptance.sh"
    LINE="$line" WITH="$with" perl -i -pe 'if ($_ eq "$ENV{LINE}\n") { $_ = "$ENV{WITH}\n" }' "$file"
}

step "copying the project into $copy"
mkdir -p "$copy"
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$root" && xargs -0 -I{} sh -c '[ -f "$1" ] && cp --parents "$1" "$2" || true' _ {} "$copy")
cd "$copy"

# The whole workspace, as `cargo test --workspace` resolves it: one set of
# dependency features, so no dependency is compiled twice.
build() {
    step "building biositing from the copy"
    cargo build --workspace --quiet
}
biositing() { "$bin" --database-url "$scratch_url" "$@"; }

build
biositing database create
biositing migrate >/dev/null

step "1. a new column in mv_biomass_availability"
view=crates/views/src/mv_biomass_availability
replace_line "$view/definition.sql" \
    "    avg(ra.residue_factor_wet_tons_acre) AS wet_tons_per_acre" \
    "    avg(ra.residue_factor_wet_tons_acre) AS wet_tons_per_acre,
    count(*) AS availability_row_count"
replace_line "$view/mod.rs" \
    "        wet_tons_per_acre -> Nullable<Float8>," \
    "        wet_tons_per_acre -> Nullable<Float8>,
        availability_row_count -> Nullable<Int8>,"
replace_line "$view/mod.rs" \
    "    pub wet_tons_per_acre: Option<f64>," \
    "    pub wet_tons_per_acre: Option<f64>,
    pub availability_row_count: Option<i64>,"

step "2. a new view: biositing views new mv_acceptance_probe"
biositing views new mv_acceptance_probe
probe=crates/views/src/mv_acceptance_probe
replace_line "$probe/definition.sql" \
    "    r.name AS resource_name" \
    "    r.name AS resource_name,
    r.resource_code"
replace_line "$probe/mod.rs" \
    "        resource_name -> Nullable<Varchar>," \
    "        resource_name -> Nullable<Varchar>,
        resource_code -> Nullable<Varchar>,"
replace_line "$probe/mod.rs" \
    "    pub resource_name: Option<String>," \
    "    pub resource_name: Option<String>,
    pub resource_code: Option<String>,"

build
step "freezing both: biositing migration generate"
biositing views diff mv_biomass_availability mv_acceptance_probe >/dev/null &&
    fail "views diff reports no change after editing two views"
biositing migration generate --view mv_biomass_availability -m "availability counts its rows"
sleep 1 # migration versions have a resolution of one second
biositing migration generate --view mv_acceptance_probe -m "add mv_acceptance_probe"
biositing migration lock --check
biositing views diff >/dev/null || fail "views diff still differs after migration generate"

step "migrate, load, refresh, verify a scratch database"
biositing migrate
biositing sample-data >/dev/null
biositing refresh >/dev/null
biositing verify

step "the edited and scaffolded code as CI checks it: cargo fmt --check, cargo clippy"
cargo fmt --all --check || fail "the scaffold or the documented edits are not rustfmt-clean"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# The fast part of the suite, unedited: every test but the sample-data load tests
# (several minutes of COPY that no view change can affect).
step "running the test suite in the copy"
set +e
cargo test --workspace --exclude biositing-sample --no-fail-fast --quiet 2>&1 |
    grep -vE '^(running [0-9]+ tests?)?$|^test result: ok\. 0 passed'
status=${PIPESTATUS[0]}
set -e
[[ $status == 0 ]] || fail "the test suite fails after a legitimate view change (see above)"
step "passed in $((SECONDS - started))s"
