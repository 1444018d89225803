#!/usr/bin/env bash
# Issue 15, point 9: the data lake on one embedded node vs a 3-shard cluster of embedded nodes
# on the same machine. Figures only (never fails on timing).
#
#   G1: `datalake ingest` of the G1 events (Benchmarks/g1.py: events/s, visibility p50/p99 of
#       marker events polled through the entry node) — with the G1 file as it is (one
#       organisation, so one shard does all the work) and with its events spread over three
#       organisations, one per shard (nordwind, raven, kilowatt).
#   R:  an all-organisations report (opportunities per organisation, month and source, FINAL)
#       through the Distributed table vs the same rows on one node; best of 5.
#
#   bash scripts/cluster-bench.sh            # 1,000,000 events
#   bash scripts/cluster-bench.sh --quick    # 200,000 events
#   bash scripts/cluster-bench.sh [--quick] --json   # the same lines on stderr, and one JSON line
#                                                    # (workload K1, for Benchmarks/run.sh) on stdout
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
EVENTS=${G1_EVENTS:-1000000}; JSON=""
for arg in "$@"; do
    case "$arg" in
        --quick) EVENTS=${G1_EVENTS:-200000} ;;
        --json) JSON=1 ;;
        *) echo "usage: cluster-bench.sh [--quick] [--json]" >&2; exit 2 ;;
    esac
done
# With --json the readable lines go to stderr and stdout (fd 4) carries only the JSON line.
if [ -n "$JSON" ]; then exec 4>&1 1>&2; fi
STARTED=$(date +%s)
PY=${PYTHON:-python3}
SCRATCH=${BENCH_SCRATCH:-.build-bench}
swift build -c release --product datalake --scratch-path "$SCRATCH" >/dev/null 2>&1 || swift build -c release --product datalake --scratch-path "$SCRATCH" >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/datalake

CACHE=${G1_CACHE:-/tmp/datalake-g1}
mkdir -p "$CACHE"
ONE=$CACHE/events-$EVENTS.ndjson
if [ ! -s "$ONE" ]; then
    scale=$(awk -v n="$EVENTS" 'BEGIN { printf "%.2f", n / 41460 * 1.05 + 0.1 }')
    "$BIN" generate --scale "$scale" -o "$CACHE/full.$$.ndjson" 2>/dev/null
    head -n "$EVENTS" "$CACHE/full.$$.ndjson" >"$ONE"
    rm -f "$CACHE/full.$$.ndjson"
fi
# The same events over three organisations (each event keeps its ids: the tables' keys start with org_id).
THREE=$CACHE/events-$EVENTS-3orgs.ndjson
[ -s "$THREE" ] || awk '{ o = (NR % 3 == 0) ? "nordwind" : (NR % 3 == 1) ? "raven" : "kilowatt"; sub(/"org_id":"raven"/, "\"org_id\":\"" o "\""); print }' "$ONE" >"$THREE"

WORK=$(mktemp -d /tmp/cluster-bench.XXXXXX)
pick_ports() {  # the first of $1 consecutive free ports
    "$PY" - "$1" <<'PYEOF'
import random, socket, sys
n = int(sys.argv[1])
for _ in range(500):
    base = random.randint(20000, 50000)
    socks = []
    try:
        for p in range(base, base + n):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PYEOF
}
SINGLE_PORT=$(pick_ports 2)
CLUSTER_PORT=$(pick_ports 6)
cleanup() {
    "$BIN" server stop --data "$WORK/single" >/dev/null 2>&1 || true
    "$BIN" cluster stop --data "$WORK/cluster" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
"$BIN" server start --port "$SINGLE_PORT" --data "$WORK/single" >/dev/null
"$BIN" cluster start --shards 3 --port "$CLUSTER_PORT" --data "$WORK/cluster" >/dev/null
pids() { cat "$WORK/single/server.pid" 2>/dev/null || true; for n in 1 2 3; do cat "$WORK/cluster/node$n/server.pid" 2>/dev/null || true; done; }
cpu() {  # summed utime+stime (s) of the given pids
    "$PY" -c '
import os, sys
t = 0
for p in sys.argv[1:]:
    try:
        f = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
        t += int(f[11]) + int(f[12])
    except OSError:
        pass
print(t / os.sysconf("SC_CLK_TCK"))' "$@"
}

run_g1() {  # SLUG NAME PORT FILE CLUSTERARGS PIDS...
    local slug=$1 name=$2 port=$3 file=$4 extra=$5; shift 5
    local wh="bench_$$_$slug"
    "$BIN" schema apply --port "$port" --warehouse "$wh" $extra >/dev/null
    for o in raven nordwind kilowatt g1probe; do "$BIN" org add "$o" --port "$port" --warehouse "$wh" $extra >/dev/null; done
    local c0; c0=$(cpu "$@")
    local line
    line=$("$PY" Benchmarks/g1.py --bin "$BIN" --file "$file" --events "$EVENTS" --port "$port" --warehouse "$wh" --extra "$extra")
    local c1; c1=$(cpu "$@")
    "$PY" - "$name" "$line" "$c0" "$c1" <<'PYEOF'
import json, sys
name, r, c0, c1 = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print("%-28s %9.0f events/s  p50 %5.0f ms  p99 %5.0f ms  ingestor CPU %5.1f s  server CPU %5.1f s" % (
    name, r["events_per_s"], r["p50_ms"] or -1, r["p99_ms"] or -1, r["cpu_runs"][0], c1 - c0))
print(json.dumps({"name": name, "events_per_s": r["events_per_s"], "p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"],
                  "ingestor_cpu_s": r["cpu_runs"][0], "server_cpu_s": round(c1 - c0, 2)}), file=open("/dev/fd/3", "a"))
PYEOF
}

report_sql() {
    echo "SELECT org_id, toStartOfMonth(timestamp) AS month, JSONExtractString(detail, 'payload', 'source', 'title') AS source, count() AS n FROM \`$1\`.entity_operations FINAL WHERE schema = 'opportunity' AND operation = 'createEntity' GROUP BY org_id, month, source ORDER BY org_id, month, source FORMAT Null"
}
best_of_5() {  # PORT SQL
    "$PY" - "$1" "$2" <<'PYEOF'
import sys, time
from clickhouse_driver import Client
c = Client("127.0.0.1", port=int(sys.argv[1]))
best = None
for _ in range(5):
    t = time.time(); c.execute(sys.argv[2]); d = time.time() - t
    best = d if best is None or d < best else best
print("%.1f" % (best * 1000))
PYEOF
}

echo "cluster-bench: $EVENTS events; single node 127.0.0.1:$SINGLE_PORT; 3 shards from 127.0.0.1:$CLUSTER_PORT ($(nproc) cores shared by all)"
exec 3>"$WORK/results.jsonl"
SINGLE_PID=$(cat "$WORK/single/server.pid")
CLUSTER_PIDS=$(for n in 1 2 3; do cat "$WORK/cluster/node$n/server.pid"; done)
run_g1 one1 "G1 one org, 1 node" "$SINGLE_PORT" "$ONE" "" $SINGLE_PID
run_g1 one3 "G1 one org, 3 shards" "$CLUSTER_PORT" "$ONE" "--cluster lake" $CLUSTER_PIDS
run_g1 three1 "G1 3 orgs, 1 node" "$SINGLE_PORT" "$THREE" "" $SINGLE_PID
run_g1 three3 "G1 3 orgs, 3 shards" "$CLUSTER_PORT" "$THREE" "--cluster lake" $CLUSTER_PIDS
exec 3>&-
r1=$(best_of_5 "$SINGLE_PORT" "$(report_sql "bench_$$_three1")")
r3=$(best_of_5 "$CLUSTER_PORT" "$(report_sql "bench_$$_three3")")
echo "R all-organisations report (FINAL, 3 orgs): 1 node $r1 ms, through Distributed over 3 shards $r3 ms (best of 5)"
"$PY" - "$WORK/results.jsonl" "$r1" "$r3" <<'PYEOF'
import json, sys
r = {x["name"]: x for x in map(json.loads, open(sys.argv[1]))}
def ratio(a, b, k):
    try: return r[b][k] / r[a][k]
    except (KeyError, TypeError, ZeroDivisionError): return float("nan")
print("ratios (3 shards / 1 node): G1 one org events/s %.2f, p99 %.2f; G1 3 orgs events/s %.2f, p99 %.2f; report time %.2f" % (
    ratio("G1 one org, 1 node", "G1 one org, 3 shards", "events_per_s"), ratio("G1 one org, 1 node", "G1 one org, 3 shards", "p99_ms"),
    ratio("G1 3 orgs, 1 node", "G1 3 orgs, 3 shards", "events_per_s"), ratio("G1 3 orgs, 1 node", "G1 3 orgs, 3 shards", "p99_ms"),
    float(sys.argv[3]) / float(sys.argv[2])))
PYEOF
if [ -n "$JSON" ]; then
    "$PY" - "$WORK/results.jsonl" "$r1" "$r3" "$EVENTS" "$(( $(date +%s) - STARTED ))" "$(nproc)" >&4 <<'PYEOF'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(json.dumps({"workload": "K1", "peer": "cluster", "runs": [float(sys.argv[5])], "events": int(sys.argv[4]),
                  "g1": runs, "report_1node_ms": float(sys.argv[2]), "report_3shards_ms": float(sys.argv[3]),
                  "cores": int(sys.argv[6])}))
PYEOF
fi
