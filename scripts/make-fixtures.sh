#!/usr/bin/env bash
# Regenerates the golden fixtures in Fixtures/native/ from the real ClickHouse engine (the
# chdb-core Python package, run in process; no server needs to be running).
#
#   bash scripts/make-fixtures.sh            # every case in scripts/fixture-cases.tsv
#   bash scripts/make-fixtures.sh bool uuid  # only these cases
#
# To cover a new type: add a line `name<TAB>SELECT ... AS v` to scripts/fixture-cases.tsv,
# run this script, then `swift test --filter GoldenFixtureTests` and commit the new files.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! python3 -c 'import chdb' 2>/dev/null; then
    echo "make-fixtures: the chdb Python module is missing (pip install chdb-core)" >&2
    exit 1
fi
# chdb's clickhouse-local may write scratch files into the current directory.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$ROOT/scripts/make_fixtures.py" "$@"
