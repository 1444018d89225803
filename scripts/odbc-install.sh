#!/usr/bin/env bash
# Builds libCHODBC.so and registers it with unixODBC's odbcinst: a driver entry and an
# example DSN.
#
#   scripts/odbc-install.sh [options]
#
#   --release | --debug       build configuration (default: release)
#   --no-build                register an already built library
#   --name NAME               driver name (default: "ClickHouse Native"; spaces and
#                             parentheses are fine, e.g. "ClickHouse Native (Unicode)")
#   --sysini DIR              register into DIR/odbcinst.ini and DIR/odbc.ini instead of the
#                             system files (export ODBCSYSINI=DIR when using them)
#   --dsn NAME                example DSN name (default: ClickHouseNative); --no-dsn skips it
#   --host H --port P --database D --user U --password P
#                             values written into the example DSN
#   --scratch-path DIR        SwiftPM scratch path (default: .build-odbc)
#
# Without --sysini the system files from `odbcinst -j` are used (needs write access there).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG=release
BUILD=1
NAME="ClickHouse Native"
SYSINI=""
DSN="ClickHouseNative"
MAKE_DSN=1
HOST=127.0.0.1
PORT=9000
DATABASE=default
USER_NAME=default
PASSWORD=""
SCRATCH="$ROOT/.build-odbc"

while [ $# -gt 0 ]; do
    case "$1" in
        --release) CONFIG=release ;;
        --debug) CONFIG=debug ;;
        --no-build) BUILD=0 ;;
        --name) NAME="$2"; shift ;;
        --sysini) SYSINI="$2"; shift ;;
        --dsn) DSN="$2"; shift ;;
        --no-dsn) MAKE_DSN=0 ;;
        --host) HOST="$2"; shift ;;
        --port) PORT="$2"; shift ;;
        --database) DATABASE="$2"; shift ;;
        --user) USER_NAME="$2"; shift ;;
        --password) PASSWORD="$2"; shift ;;
        --scratch-path) SCRATCH="$2"; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "odbc-install: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

command -v odbcinst >/dev/null || { echo "odbc-install: odbcinst not found (apt-get install unixodbc)" >&2; exit 1; }
case "$NAME" in
    *[\[\]=\;]*) echo "odbc-install: the driver name must not contain [ ] = or ;" >&2; exit 2 ;;
esac

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
    swift build --scratch-path "$SCRATCH" -c "$CONFIG" --product CHODBC >&2
fi
BIN="$(swift build --scratch-path "$SCRATCH" -c "$CONFIG" --show-bin-path)"
LIB="$BIN/libCHODBC.so"
[ -f "$LIB" ] || { echo "odbc-install: $LIB not found; build first" >&2; exit 1; }

if [ -n "$SYSINI" ]; then
    mkdir -p "$SYSINI"
    SYSINI="$(cd "$SYSINI" && pwd)"
    export ODBCSYSINI="$SYSINI"
    touch "$SYSINI/odbcinst.ini" "$SYSINI/odbc.ini"
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/driver.ini" <<EOF
[$NAME]
Description = ClickHouse native-protocol ODBC driver (CHODBC)
Driver = $LIB
UsageCount = 1
Threading = 0
EOF
# -r replaces an existing entry of the same name instead of bumping its usage count.
odbcinst -i -d -r -f "$TMP/driver.ini" >&2

if [ "$MAKE_DSN" = 1 ]; then
    cat > "$TMP/dsn.ini" <<EOF
[$DSN]
Description = ClickHouse via the native protocol
Driver = $NAME
Server = $HOST
Port = $PORT
Database = $DATABASE
UID = $USER_NAME
PWD = $PASSWORD
EOF
    odbcinst -i -s -l -r -f "$TMP/dsn.ini" >&2
fi

echo "registered driver [$NAME] -> $LIB"
[ "$MAKE_DSN" = 1 ] && echo "registered DSN [$DSN] -> $HOST:$PORT/$DATABASE"
if [ -n "$SYSINI" ]; then
    echo "use: export ODBCSYSINI=$SYSINI"
fi
