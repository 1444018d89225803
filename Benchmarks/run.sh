#!/usr/bin/env bash
# The benchmark suite: starts its own ClickHouse 26.9 (chdb-core), builds CHNative in release
# mode, and for each workload prints the median of CHNative, of the Python clickhouse-driver
# (native protocol) and of the server alone (FORMAT Null / INSERT ... SELECT over HTTP), all
# measured in this run, with the ratios. Never fails on timing.
#
#   bash Benchmarks/run.sh            # full suite (5M rows, 5 runs after a warm-up)
#   bash Benchmarks/run.sh --quick    # CI regression guard (1M rows, 3 runs)
#   WORKLOADS="S1 S2" bash Benchmarks/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROWS=5000000; RUNS=5; M1_ROWS=50000000
if [ "${1:-}" = "--quick" ]; then ROWS=1000000; RUNS=3; M1_ROWS=10000000; fi
WORKLOADS=${WORKLOADS:-"S1 S2 S3 S4 I1 I2 M1 C1"}
PY=${PYTHON:-python3}

bash scripts/setup.sh >/dev/null
echo "bench: building release" >&2
swift build -c release --product chbench >/dev/null 2>&1 || swift build -c release --product chbench
BIN=$(swift build -c release --show-bin-path)/chbench

DIR=$(mktemp -d /tmp/chbench.XXXXXX)
pick_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(pick_port); HTTP=$(pick_port)
setsid nohup "$PY" scripts/chdb_server.py --dir "$DIR" --tcp-port "$PORT" --http-port "$HTTP" --pid-file "$DIR/pid" >"$DIR/launcher.log" 2>&1 &
cleanup() { [ -f "$DIR/pid" ] && kill -9 -- "-$(cat "$DIR/pid")" 2>/dev/null; kill -9 "$(cat "$DIR/pid" 2>/dev/null)" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
    "$PY" -c "from clickhouse_driver import Client; Client('127.0.0.1', port=$PORT).execute('SELECT 1')" 2>/dev/null && break
    sleep 0.5
done

RESULTS=$DIR/results.jsonl
: >"$RESULTS"
for w in $WORKLOADS; do
    rows=$ROWS
    [ "$w" = M1 ] && rows=$M1_ROWS
    echo "bench: $w" >&2
    "$BIN" --port "$PORT" --workload "$w" --runs "$RUNS" --rows "$rows" --s4-file Benchmarks/s4.sql >>"$RESULTS" || echo "bench: chnative $w failed" >&2
    if [ "$w" != M1 ]; then
        "$PY" Benchmarks/peers.py --port "$PORT" --http-port "$HTTP" --workload "$w" --peer server --runs "$RUNS" --rows "$rows" >>"$RESULTS" || echo "bench: server $w failed" >&2
        "$PY" Benchmarks/peers.py --port "$PORT" --http-port "$HTTP" --workload "$w" --peer driver --runs "$RUNS" --rows "$rows" >>"$RESULTS" || echo "bench: driver $w failed" >&2
    fi
done
if [ -f Benchmarks/odbc_bench.py ] && [ "${ODBC_BENCH:-0}" = 1 ] && [ -f scripts/odbc-install.sh ]; then
    "$PY" Benchmarks/odbc_bench.py --port "$PORT" --rows "$ROWS" --runs "$RUNS" >>"$RESULTS" 2>"$DIR/odbc.err" || echo "bench: ODBC benchmark unavailable: $(tail -1 "$DIR/odbc.err")" >&2
fi
"$PY" Benchmarks/report.py "$RESULTS" "$ROWS" "$RUNS"
