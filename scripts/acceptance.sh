#!/usr/bin/env bash
# Acceptance of the change workflow: the changes the team really makes keep the
# test suite green, untouched.
#
# In a temporary copy of the project (the files git knows), carry these changes
# through the steps docs/view-workflow.md describes, driving the `biositing`
# binary built from that copy:
#   1. two hand-written migrations pending at once (`migration new` twice in the
#      same second): a new change-tracked table `storage_site`, and a nullable
#      column `resource.harvest_note`; `migration lock`, `migrate`;
#   2. `schema.rs` from `diesel print-schema`, and a sample writer for the new
#      table (crates/sample/src/tables.rs), as the docs' list says;
#   3. a new column in an existing view (mv_biomass_availability);
#   4. a new view (`views new`) reading the new table and another view,
#      previewed with `views try` before its migration exists;
# then `migration generate` for both views, migrate, refresh, verify, a rollback
# of all four migrations and a migrate again, and finally the whole test suite,
# without editing any test.
#
# Builds in a target directory of its own seeded with the checkout's compiled
# dependencies, so no dependency is compiled again and the checkout's own
# artifacts stay as they are. Uses DATABASE_URL's server (default: the local one) and
# BIOSITING_TEST_DB_PREFIX for every database it and the suite create.
# ACCEPTANCE_KEEP=1 keeps the copy and its database for a look after a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
started=$SECONDS

checkout_target="${CARGO_TARGET_DIR:-$root/target}"
export PATH="$HOME/.cargo/bin:$PATH"
server="${TEST_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
prefix="${BIOSITING_TEST_DB_PREFIX:-biositing}"
scratch_url="${server%/*}/${prefix}_acceptance_$$"

work="$(mktemp -d)"
copy="$work/project"
# A target directory of its own, seeded with the checkout's compiled
# dependencies: cargo names a workspace crate's artifacts by its path relative
# to the workspace, so the copy built in the checkout's target directory would
# overwrite the checkout's artifacts (and the checkout rebuild them all after).
export CARGO_TARGET_DIR="$work/target"
export CARGO_INCREMENTAL=0
# The original chain's schema dumps sit beside the checkout, not beside the
# copy: the real-schema and adopt tests in the copy read them from there.
if [[ -z "${BIOSITING_ALEMBIC_FIXTURES:-}" && -d "$root/../shared/fixtures/alembic" ]]; then
    export BIOSITING_ALEMBIC_FIXTURES="$(cd "$root/../shared/fixtures/alembic" && pwd)"
fi
bin="$CARGO_TARGET_DIR/debug/biositing"
cleanup() {
    if [[ -n "${ACCEPTANCE_KEEP:-}" ]]; then
        echo "acceptance: kept the copy $copy and the database $scratch_url (ACCEPTANCE_KEEP)"
        return
    fi
    if [[ -x "$bin" ]]; then
        "$bin" --database-url "$scratch_url" database drop --yes >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "acceptance: FAILED at scripts/acceptance.sh line $LINENO: $BASH_COMMAND" >&2' ERR

step() { echo "acceptance: $* ($((SECONDS - started))s)"; }
fail() {
    echo "acceptance: FAILED: $*" >&2
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
# The one migration folder whose name ends with _$1.
migration_named() {
    local found=(migrations/*_"$1")
    [[ ${#found[@]} == 1 && -d "${found[0]}" ]] || fail "expected one migration named *_$1"
    echo "${found[0]}"
}

step "copying the project into $copy, and the compiled dependencies"
mkdir -p "$CARGO_TARGET_DIR/debug"
for part in deps build .fingerprint; do
    if [[ -d "$checkout_target/debug/$part" ]]; then
        cp -a "$checkout_target/debug/$part" "$CARGO_TARGET_DIR/debug/"
    fi
done
mkdir -p "$copy"
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$root" && xargs -0 -I{} sh -c '[ -f "$1" ] && cp --parents "$1" "$2" || true' _ {} "$copy")
cd "$copy"

# The whole workspace, as `cargo test --workspace` resolves it: one set of
# dependency features, so no dependency is compiled twice.
build() {
    step "building biositing from the copy ($1)"
    set +e
    cargo build --workspace 2>&1 | tee "$work/build.log" |
        grep --line-buffered -E '^\s*(Compiling biositing|Compiling ca-biositing|Finished)'
    local status=${PIPESTATUS[0]}
    set -e
    if [[ $status != 0 ]]; then
        cat "$work/build.log" >&2
        fail "the copy does not build"
    fi
}
biositing() { "$bin" --database-url "$scratch_url" "$@"; }

build "the checkout as it is"
biositing database create
biositing migrate | tail -n 1
step "the development database holds the sample data"
biositing sample-data | tail -n 1
biositing refresh | tail -n 1

step "1. two hand-written migrations at once: a new tracked table, a nullable column"
biositing migration new -m "storage sites of a resource"
biositing migration new -m "resource gains harvest_note"
table_dir="$(migration_named storage_sites_of_a_resource)"
column_dir="$(migration_named resource_gains_harvest_note)"
cat >>"$table_dir/up.sql" <<'SQL'
CREATE TABLE storage_site (
    id serial PRIMARY KEY,
    resource_id integer REFERENCES resource (id),
    name text NOT NULL,
    capacity_tons double precision
);
SELECT data_portal.track_table_changes('storage_site');
SQL
echo "DROP TABLE storage_site;" >>"$table_dir/down.sql"
echo "ALTER TABLE resource ADD COLUMN harvest_note text;" >>"$column_dir/up.sql"
echo "ALTER TABLE resource DROP COLUMN harvest_note;" >>"$column_dir/down.sql"
biositing migration lock
biositing migrate

step "2. schema.rs from diesel print-schema; a sample writer for storage_site"
DATABASE_URL="$scratch_url" diesel print-schema >crates/models/src/schema.rs
tables=crates/sample/src/tables.rs
replace_line "$tables" "        target::RESOURCE_MORPHOLOGY," \
    "        target::RESOURCE_MORPHOLOGY,
        target::STORAGE_SITE,"
replace_line "$tables" "    use crate::copy::{copy_target, Target};" \
    "    use crate::copy::{copy_target, Target};

    pub const STORAGE_SITE: Target =
        copy_target!(storage_site(id, resource_id, name, capacity_tons));"
replace_line "$tables" "    resources(world, l)?;" \
    "    resources(world, l)?;
    storage_sites(world, l)?;"
cat >>"$tables" <<'RUST'

/// One storage site per resource.
fn storage_sites(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    l.table(target::STORAGE_SITE, |s| {
        for res in &world.resources {
            s.push(|row| {
                row.int(res.id)
                    .int(res.id)
                    .text(&format!("{} yard", res.name))
                    .float(f64::from(res.id) * 10.0, 1);
            })?;
        }
        Ok(())
    })?;
    Ok(())
}
RUST

step "3. a new column in mv_biomass_availability"
view=crates/views/src/mv_biomass_availability
replace_line "$view/definition.sql" \
    "    avg(ra.residue_factor_wet_tons_acre) AS wet_tons_per_acre" \
    "    avg(ra.residue_factor_wet_tons_acre) AS wet_tons_per_acre,
    count(*) AS availability_row_count"
replace_line "$view/mod.rs" \
    "        wet_tons_per_acre -> Nullable<Float8>," \
    "        wet_tons_per_acre -> Nullable<Float8>,
        availability_row_count -> Int8,"
replace_line "$view/mod.rs" \
    "    pub wet_tons_per_acre: Option<f64>," \
    "    pub wet_tons_per_acre: Option<f64>,
    pub availability_row_count: i64,"

step "4. a new view reading storage_site and mv_biomass_availability: biositing views new"
biositing views new mv_biomass_storage_sites
probe=crates/views/src/mv_biomass_storage_sites
cat >"$probe/definition.sql" <<'SQL'
-- Grain: one row per resource with availability rows: its storage sites and
-- their total capacity, next to its harvest season.
SELECT
    a.resource_id,
    a.resource_name,
    a.from_month,
    count(s.id) AS storage_site_count,
    sum(s.capacity_tons) AS capacity_tons
FROM data_portal.mv_biomass_availability a
LEFT JOIN storage_site s
    ON s.resource_id = a.resource_id
GROUP BY
    a.resource_id,
    a.resource_name,
    a.from_month
SQL
replace_line "$probe/mod.rs" \
    "        resource_name -> Nullable<Varchar>," \
    "        resource_name -> Nullable<Varchar>,
        from_month -> Nullable<Int4>,
        storage_site_count -> Int8,
        capacity_tons -> Nullable<Float8>,"
replace_line "$probe/mod.rs" \
    "    pub resource_name: Option<String>," \
    "    pub resource_name: Option<String>,
    pub from_month: Option<i32>,
    pub storage_site_count: i64,
    pub capacity_tons: Option<f64>,"

build "with the four changes"
step "views try on both views (the new one before its migration exists)"
biositing views try mv_biomass_availability --limit 1 | grep -E '^(Columns|  [+~-] |Rows|Built|warning)'
biositing views try mv_biomass_storage_sites --limit 1 | grep -E '^(Columns|  [+~-] |Rows|Built|warning)'

step "freezing both views: biositing migration generate"
biositing views diff mv_biomass_availability mv_biomass_storage_sites >/dev/null &&
    fail "views diff reports no change after editing two views"
biositing migration generate --view mv_biomass_availability -m "availability counts its rows"
biositing migration generate --view mv_biomass_storage_sites -m "add mv_biomass_storage_sites"
biositing migration lock --check
biositing views diff >/dev/null || fail "views diff still differs after migration generate"

step "migrate, refresh, verify; roll the four migrations back and migrate again"
biositing migrate
biositing refresh | tail -n 1
biositing verify
biositing rollback --steps 4 --yes
biositing migrate | tail -n 1
biositing refresh | tail -n 1
biositing verify | tail -n 1

step "the edited and scaffolded code as CI checks it: cargo fmt --check, cargo clippy"
cargo fmt --all --check || fail "the scaffold or the documented edits are not rustfmt-clean"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# The whole suite, unedited, on databases named with the same prefix.
step "running the test suite in the copy (cargo compiles the tests first)"
export BIOSITING_TEST_DB_PREFIX="$prefix"
set +e
cargo test --workspace --no-fail-fast 2>&1 |
    grep --line-buffered -vE '^(running [0-9]+ tests?)?$|^test result: ok\. 0 passed|^test .* \.\.\. ok$'
status=${PIPESTATUS[0]}
set -e
[[ $status == 0 ]] || fail "the test suite fails after the changes above (see the failures listed)"
step "passed in $((SECONDS - started))s"
