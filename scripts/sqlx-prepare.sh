#!/usr/bin/env bash
# Refreshes .sqlx/ (the query metadata that lets the workspace build without a
# database) after a query or a migration changed. No sqlx-cli needed: the query macros
# write their metadata to SQLX_OFFLINE_DIR when they compile against a database.
# The schema is made with psql from apalis's migrations and ours (not by the binary,
# whose own build needs this metadata).
set -euo pipefail
cd "$(dirname "$0")/.."
name=liasse_sqlx_prepare
db="postgres://postgres@127.0.0.1:5432/$name"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $name" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $name" >/dev/null
# apalis's schema from its own migrations (in cargo's registry copy of the version in
# Cargo.lock): its query macros are compiled against it too when the crate is rebuilt.
apalis_version=$(grep -A1 '^name = "apalis-postgres"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
apalis_migrations=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/apalis-postgres-"$apalis_version"/migrations | head -1)
psql "$db" -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA apalis" >/dev/null
for migration in "$apalis_migrations"/*.sql; do
  psql "$db" -q -v ON_ERROR_STOP=1 -f "$migration" >/dev/null
done
for migration in migrations/*.sql; do
  psql "$db" -q -v ON_ERROR_STOP=1 -f "$migration" >/dev/null
done
# apalis-postgres's own queries are also checked against .sqlx/; those files are kept
# (they change only with an apalis upgrade, which needs its real schema).
grep -L 'apalis\.' .sqlx/query-*.json | xargs -r rm -f
# Every crate with query macros must be recompiled for its queries to be written.
touch scheduler/src/lib.rs
DATABASE_URL="$db" SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/.sqlx" cargo check -q -p liasse-scheduler --all-targets
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $name" >/dev/null
echo ".sqlx/ refreshed: $(ls .sqlx | wc -l) queries"
