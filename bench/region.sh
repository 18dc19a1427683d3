#!/usr/bin/env bash
# The region benchmark (diary-core/benches/region.rs): the same schools in
# one PostgreSQL database and in one SQLite file per school, side by side.
# Starts a throwaway server from Debian's packages in build/bench/pg with
# durable settings comparable to the SQLite files' (fsync on; commits
# acknowledged before their WAL is flushed, as SQLite's synchronous=NORMAL
# does), and stops it at the end.
#   bash bench/region.sh [--schools N] [--students S] [--clients C] [--seconds T]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../tests/postgres.sh
source tests/postgres.sh
trap pg_stop EXIT
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); cores: $(nproc); memory: $(free -g | awk '/Mem:/{print $2}') GiB"
rustc --version
PG_SETTINGS="-c synchronous_commit=off -c shared_buffers=1GB" pg_start build/bench/pg
"$PG_BIN/postgres" --version
cargo bench --quiet -p diary-core --features postgres --bench region -- --url "$DIARY_TEST_POSTGRES" "$@" | tee build/bench/region.txt
