#!/usr/bin/env bash
# Workload G1: `datalake ingest` of one million events — events per second (wall) and the
# p50/p99/max time from an event's arrival at the ingestor to a SELECT seeing it.
# Targets (2-core machine): >= 100,000 events/s and p99 visibility <= 1 s.
#
# Builds `datalake` in release mode, generates the demo organisation's events once (cached in
# $G1_CACHE, default /tmp/datalake-g1: the first EVENTS lines of `datalake generate` at a scale
# large enough, so every event is valid and distinct), and for each run ingests them into a
# fresh database through Benchmarks/g1.py (which feeds the file through a pipe, slips in marker
# events every 20 ms and polls until each is visible). Prints one JSON line per run on stdout
# (the suite's format, read by Benchmarks/report.py) and a readable line per run on stderr.
#
#   bash Benchmarks/g1.sh                     # own ClickHouse 26.9 (chdb), 1,000,000 events, 3 runs
#   bash Benchmarks/g1.sh --quick             # 200,000 events, 1 run
#   bash Benchmarks/g1.sh --port P --server-pid PID   # use a running server (Benchmarks/run.sh)
#   bash Benchmarks/g1.sh [--quick] --events-only      # only build and cache the events; prints the file's path
#   G1_EVENTS=N G1_RUNS=R BENCH_SCRATCH=.build-bench G1_INGEST_ARGS="--batch-rows 20000"
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
EVENTS=${G1_EVENTS:-1000000}; RUNS=${G1_RUNS:-3}
PORT=""; SERVER_PID=""; EVENTS_ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) EVENTS=${G1_EVENTS:-200000}; RUNS=${G1_RUNS:-1} ;;
        --port) PORT=$2; shift ;;
        --server-pid) SERVER_PID=$2; shift ;;
        --events-only) EVENTS_ONLY=1 ;;
        *) echo "usage: g1.sh [--quick] [--port P --server-pid PID] [--events-only]" >&2; exit 2 ;;
    esac
    shift
done
PY=${PYTHON:-python3}
SCRATCH=${BENCH_SCRATCH:-.build-bench}

echo "g1: building datalake (release, scratch path $SCRATCH)" >&2
swift build -c release --product datalake --scratch-path "$SCRATCH" >/dev/null 2>&1 || swift build -c release --product datalake --scratch-path "$SCRATCH" >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/datalake

CACHE=${G1_CACHE:-/tmp/datalake-g1}
mkdir -p "$CACHE"
FILE=$CACHE/events-$EVENTS.ndjson
if [ ! -s "$FILE" ]; then
    # About 41,460 events per unit of scale; ask for 5 % more and keep the first EVENTS lines.
    scale=$(awk -v n="$EVENTS" 'BEGIN { printf "%.2f", n / 41460 * 1.05 + 0.1 }')
    echo "g1: generating $EVENTS events (scale $scale) into $FILE" >&2
    "$BIN" generate --scale "$scale" -o "$CACHE/full.$$.ndjson" 2>/dev/null
    head -n "$EVENTS" "$CACHE/full.$$.ndjson" >"$FILE.$$"
    rm -f "$CACHE/full.$$.ndjson"
    [ "$(wc -l <"$FILE.$$")" -eq "$EVENTS" ] || { echo "g1: the generator gave fewer than $EVENTS events" >&2; rm -f "$FILE.$$"; exit 1; }
    mv "$FILE.$$" "$FILE"
fi
[ -n "$EVENTS_ONLY" ] && { echo "$FILE"; exit 0; }

DIR=""
if [ -z "$PORT" ]; then
    # shellcheck source=Benchmarks/server.sh
    . Benchmarks/server.sh
    start_bench_server g1
fi

for run in $(seq 1 "$RUNS"); do
    wh=g1_$$_$run
    "$BIN" schema apply --port "$PORT" --warehouse "$wh" >/dev/null
    "$BIN" org add raven --port "$PORT" --warehouse "$wh" >/dev/null
    "$BIN" org add g1probe --port "$PORT" --warehouse "$wh" >/dev/null
    echo "g1: run $run of $RUNS: $EVENTS events into $wh" >&2
    line=$("$PY" Benchmarks/g1.py --bin "$BIN" --file "$FILE" --events "$EVENTS" --port "$PORT" --warehouse "$wh" \
        ${SERVER_PID:+--server-pid "$SERVER_PID"} --extra "${G1_INGEST_ARGS:-}") || line=""
    "$PY" -c "from clickhouse_driver import Client; Client('127.0.0.1', port=$PORT).execute('DROP DATABASE IF EXISTS \`$wh\` SYNC')" || true
    [ -n "$line" ] || { echo "g1: run $run failed" >&2; continue; }
    echo "$line"
    "$PY" -c '
import json, sys
r = json.loads(sys.argv[1])
fmt = lambda v, f: f % v if v is not None else "-"
print("g1: %d events in %.2f s: %.0f events/s; client CPU %.2f s, server CPU %s s; visibility p50 %s ms, p99 %s ms, max %s ms (%d markers, %d missing)" % (
    r["events"], r["runs"][0], r["events_per_s"], r["cpu_runs"][0], fmt(r["server_cpu_s"], "%.2f"),
    fmt(r["p50_ms"], "%.0f"), fmt(r["p99_ms"], "%.0f"), fmt(r["max_ms"], "%.0f"), r["markers"], r["missing_markers"]), file=sys.stderr)
print("g1:   " + r["ingest_summary"], file=sys.stderr)' "$line"
done
