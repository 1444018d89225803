#!/usr/bin/env bash
# Builds the ODBC driver, registers it in a private ODBCSYSINI under a BI-style name with
# spaces and parentheses, and runs the ODBC tests against the real ClickHouse 26.9 server:
# the hostile-calls C battery, Perl DBI through DBD::ODBC (prove), pytest (pyodbc, ctypes,
# isql, iusql), and LibreOffice Calc importing the report (scripts/test-libreoffice.sh, ~10 s).
#
#   scripts/test-odbc.sh [--debug|--release] [extra pytest args]
#
# Starts the shared test servers if needed (scripts/servers.sh start is idempotent), or uses the
# servers the environment names with CH_USE_EXISTING_SERVERS=1 (as scripts/test.sh).
# Exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG=debug
if [ "${1:-}" = "--release" ]; then CONFIG=release; shift; elif [ "${1:-}" = "--debug" ]; then shift; fi

for tool in isql iusql odbcinst cc python3 prove; do
    command -v "$tool" >/dev/null || { echo "test-odbc: $tool is required (apt-get install unixodbc unixodbc-dev gcc python3 perl)" >&2; exit 1; }
done
python3 -c 'import pyodbc, pytest' 2>/dev/null || { echo "test-odbc: pip install pyodbc pytest" >&2; exit 1; }
perl -MDBI -MDBD::ODBC -e 1 2>/dev/null || { echo "test-odbc: apt-get install libdbd-odbc-perl (scripts/setup.sh)" >&2; exit 1; }

if [ "${CH_USE_EXISTING_SERVERS:-0}" != 1 ]; then
    bash scripts/servers.sh start >/dev/null
    # shellcheck disable=SC1091
    . .servers/env
fi
: "${CH26_HOST:?CH_USE_EXISTING_SERVERS=1 needs CH26_HOST, CH26_PORT, CH_TEST_USER, CH_TEST_PASSWORD}"

WORK="$(mktemp -d /tmp/chodbc-test.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export ODBCSYSINI="$WORK/odbc"
export CHODBC_DRIVER_NAME="ClickHouse Native (Unicode)"
export CHODBC_DSN="ClickHouse Test DSN"

echo "== build and register ($CONFIG) into $ODBCSYSINI"
scripts/odbc-install.sh "--$CONFIG" --name "$CHODBC_DRIVER_NAME" --sysini "$ODBCSYSINI" --dsn "$CHODBC_DSN" \
    --host "$CH26_HOST" --port "$CH26_PORT" --database default --user "$CH_TEST_USER" --password "$CH_TEST_PASSWORD"
export CHODBC_LIB="$(swift build --scratch-path "$ROOT/.build-odbc" -c "$CONFIG" --show-bin-path)/libCHODBC.so"
odbcinst -q -d
odbcinst -q -s

echo "== hostile-calls battery"
cc -O1 -Wall -Werror -o "$WORK/hostile" Tests/odbc/hostile.c -lodbc -ldl
export CHODBC_HOSTILE="$WORK/hostile"
CHODBC_CONNECTION_STRING="Driver={$CHODBC_DRIVER_NAME};Server=$CH26_HOST;Port=$CH26_PORT;UID=$CH_TEST_USER;PWD=$CH_TEST_PASSWORD" \
    "$WORK/hostile" "$CHODBC_LIB"

echo "== isql smoke test"
printf 'SELECT 1 AS one, '"'"'isql ok'"'"' AS msg\n' | isql -b -v "$CHODBC_DSN" "$CH_TEST_USER" "$CH_TEST_PASSWORD"

echo "== Perl DBI tests (DBD::ODBC $(perl -MDBD::ODBC -e 'print $DBD::ODBC::VERSION'), Tests/odbc/perl)"
prove Tests/odbc/perl

echo "== pytest (driver tests; credentials end to end with the datalake CLI and headless Chromium)"
swift build --product datalake >/dev/null
# The driver next to datalake, as the main job builds them: test_printed_string.py runs the demo.
swift build --product CHODBC >/dev/null
export DATALAKE_BIN="$(swift build --show-bin-path)/datalake"
python3 -m pytest -q -p no:cacheprovider Tests/odbc "$@"

echo "== LibreOffice Calc: the report through a DSN and the printed connection string (scripts/test-libreoffice.sh)"
scripts/test-libreoffice.sh --datalake "$DATALAKE_BIN"
