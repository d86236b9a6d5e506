#!/usr/bin/env bash
# Makes a PostgreSQL server reachable at 127.0.0.1:5432 for user `postgres`
# without a password, with the extensions the migrations create (PostGIS,
# contrib), plus what the build needs (libpq headers, libclang for pg_query).
# Uses a running server; else starts an installed one; else installs one.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

apt_updated=no
apt_install() {
    if [ "$apt_updated" = no ]; then
        echo "ensure-postgres: apt-get update"
        as_root apt-get update -qq
        apt_updated=yes
    fi
    # One line per package (apt's own progress), not minutes of silence.
    echo "ensure-postgres: apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" | { grep -E '^(Setting up|Unpacking) ' || true; }
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ensure-postgres: installing PostgreSQL"
    apt_install postgresql postgresql-contrib
    # Tests and tools connect as `postgres` over TCP without a password.
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
        as_root sed -i -E 's/^(local|host)(\s+all\s+all\s+.*)\s(peer|scram-sha-256|md5)$/\1\2 trust/' "$hba"
        as_root sed -i -E 's/^(local\s+all\s+postgres\s+)peer$/\1trust/' "$hba"
    done
    # The package may have started the server already: make it re-read pg_hba.conf.
    for version in $(ls /etc/postgresql); do
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
    done
fi

if ! ready; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "ensure-postgres: starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
ready || { echo "ensure-postgres: PostgreSQL is not accepting connections on 127.0.0.1:5432" >&2; exit 1; }

# pg_trgm (a view index uses it) ships in postgresql-contrib.
if ! ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1; then
    echo "ensure-postgres: installing postgresql-contrib (pg_trgm)"
    apt_install postgresql-contrib
fi
# PostGIS (the base migration creates it, as the original database has it):
# the package that matches the running server's major version.
major=$(psql -X -At -h 127.0.0.1 -U postgres -d postgres -c 'SHOW server_version_num' 2>/dev/null | cut -c1-2)
if [ -n "$major" ] && ! ls /usr/share/postgresql/"$major"/extension/postgis.control >/dev/null 2>&1; then
    echo "ensure-postgres: installing PostGIS for PostgreSQL $major"
    apt_install "postgresql-$major-postgis-3"
fi
# The replica tests start a primary/standby pair of their own (initdb,
# pg_basebackup) from the server binaries under /usr/lib/postgresql/<version>/bin.
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "ensure-postgres: installing the PostgreSQL server binaries (initdb, pg_basebackup)"
    apt_install postgresql
fi
# pg_query (PostgreSQL's parser, which reads every SQL file of the checkout)
# generates its bindings with bindgen, which loads libclang.
if ! ls /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* >/dev/null 2>&1; then
    echo "ensure-postgres: installing libclang-dev (pg_query's bindgen needs libclang)"
    apt_install libclang-dev
fi
# Diesel links libpq.
if ! ls /usr/include/postgresql/libpq-fe.h >/dev/null 2>&1; then
    echo "ensure-postgres: installing libpq-dev (Diesel links libpq)"
    apt_install libpq-dev
fi
echo "ensure-postgres: PostgreSQL is ready on 127.0.0.1:5432"
