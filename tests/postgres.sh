# A throwaway PostgreSQL server for the test suite, from Debian's packages.
# Source this file, then:
#   pg_start DIR   initdb into DIR (if new) and start a server that listens
#                  only on a Unix socket in DIR; prints nothing, creates
#                  database "diary" anew and exports DIARY_TEST_POSTGRES
#                  (its postgresql:// URL);
#                  PG_SETTINGS replaces the server's settings (default
#                  "-c fsync=off": the suite's data is thrown away);
#   pg_stop        stops it; call it from the shell's EXIT trap, so that it
#                  runs on failure too (tests/run.sh does).
# The server runs as an unprivileged user ("diarypg", created if the suite
# runs as root, which PostgreSQL refuses to run as).

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
    return 1
}

pg_start() {
    local dir=$1 bin owner
    if ! bin=$(pg_bindir); then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
        bin=$(pg_bindir)
    fi
    as_owner() { "$@"; }
    if [ "$(id -u)" = 0 ]; then
        owner=diarypg
        id -u "$owner" > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
        as_owner() { runuser -u diarypg -- "$@"; }
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ -n "${owner:-}" ]; then
        chown -R "$owner" "$dir"
        # A checkout under a folder the server's user cannot enter: the
        # server's files go to a folder of its own instead.
        if ! as_owner test -w "$dir"; then
            dir=$(mktemp -d /tmp/diary-pg.XXXXXX)
            chown -R "$owner" "$dir"
        fi
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U diary --auth=trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log"
    fi
    PG_DIR=$dir PG_BIN=$bin
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -k $dir -c max_connections=200 ${PG_SETTINGS:--c fsync=off}" start > /dev/null
    # A new database each run: the tests leave a schema each behind.
    as_owner "$bin/dropdb" -h "$dir" -U diary --if-exists diary
    as_owner "$bin/createdb" -h "$dir" -U diary diary
    export DIARY_TEST_POSTGRES="postgresql://diary@localhost/diary?host=$dir"
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    if [ "$(id -u)" = 0 ]; then
        runuser -u diarypg -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null || true
    else
        "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null || true
    fi
    PG_DIR=
}
