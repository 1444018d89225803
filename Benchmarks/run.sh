#!/usr/bin/env bash
# The benchmark suite: starts its own ClickHouse 26.9 (chdb-core), builds CHNative in release
# mode, and for each workload prints the median of CHNative, of the Python clickhouse-driver
# (native protocol) and of the server alone (FORMAT Null / INSERT ... SELECT over HTTP), all
# measured in this run, with the ratios. Never fails on timing. O1 builds the release ODBC
# driver, registers it in a private odbcinst.ini and compares pyodbc + it with clickhouse-driver.
#
# Every measurement is a warm-up followed by RUNS timed runs; the whole set of peers is run
# ROUNDS times, interleaved (CHNative, server, driver, CHNative, ...), and the report pools
# the samples and prints the median (used for the ratios) and the minimum, so that a burst of
# other load on a shared machine does not land on one peer only. CHNative also reports its own
# CPU time per run.
#
# The workloads beyond the client library (each also runs on its own: the script named):
#   G1  `datalake ingest` of the G1 events (Benchmarks/g1.sh): events/s, visibility p50/p99.
#   G2  the same events POSTed to `datalake serve` (Benchmarks/g1_http.py, G2_CLIENTS keep-alive
#       clients, default 32, batches of 1,000): events/s and CPU per million events, vs G1.
#   Q1  `datalake query` vs Debian's clickhouse-client (Benchmarks/q1.py): a SELECT of ROWS rows
#       of mixed types printed as TabSeparated to /dev/null and with FORMAT Null, each client a
#       process; the server alone over HTTP as the floor (and as the peer if the old client
#       cannot talk to the server).
#   K1  one embedded node vs a 3-shard embedded cluster (scripts/cluster-bench.sh, --quick with
#       --quick: 200,000 events): G1 with one and with three organisations, an all-organisations
#       report. 35-75 s of the quick run (5 min in all on 2 shared cores); K1_QUICK=0 leaves
#       it out of --quick.
#   C2  ODBC catalog calls with N organisations (Tests/odbc/catalog_scale.py, the release driver
#       registered like O1's): SQLTables/SQLColumns/... as a credential and as admin; N = 500,
#       50 with --quick (C2_ORGS=N).
# Each starts what it needs; a failure prints "bench: X failed" and the run goes on.
#
#   bash Benchmarks/run.sh            # full suite (5M rows, 2 rounds of 5 runs after a warm-up)
#   bash Benchmarks/run.sh --quick    # CI regression guard (1M rows, 1 round of 3 runs)
#   WORKLOADS="S1 S2" RUNS=7 ROUNDS=3 bash Benchmarks/run.sh
#   WORKLOADS="Q1 G2 K1 C2" bash Benchmarks/run.sh --quick
#   BENCH_SCRATCH=.build-bench        # the release build's scratch path (default)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ROWS=5000000; DEFAULT_RUNS=5; DEFAULT_ROUNDS=2; M1_ROWS=50000000
QUICK=""
if [ "${1:-}" = "--quick" ]; then ROWS=1000000; DEFAULT_RUNS=3; DEFAULT_ROUNDS=1; M1_ROWS=10000000; QUICK=--quick; fi
RUNS=${RUNS:-$DEFAULT_RUNS}; ROUNDS=${ROUNDS:-$DEFAULT_ROUNDS}
WORKLOADS=${WORKLOADS:-"S1 S2 S3 S4 S5 I1 I2 M1 C1 O1 G1 G2 Q1 K1 C2"}
# S5: round trips of small queries (this many; fewer in --quick).
S5_QUERIES=3000
[ -n "$QUICK" ] && S5_QUERIES=1000
PY=${PYTHON:-python3}
SCRATCH=${BENCH_SCRATCH:-.build-bench}

bash scripts/setup.sh >/dev/null
echo "bench: building release (scratch path $SCRATCH)" >&2
swift build -c release --product chbench --scratch-path "$SCRATCH" >/dev/null 2>&1 || swift build -c release --product chbench --scratch-path "$SCRATCH"
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/chbench

# shellcheck source=Benchmarks/server.sh
. Benchmarks/server.sh
start_bench_server chbench

RESULTS=$DIR/results.jsonl
: >"$RESULTS"

DATALAKE=""
datalake_bin() {  # the release `datalake`, built once: sets DATALAKE
    [ -n "$DATALAKE" ] && return 0
    swift build -c release --product datalake --scratch-path "$SCRATCH" >"$DIR/datalake-build.log" 2>&1 || {
        echo "bench: datalake did not build: $(tail -1 "$DIR/datalake-build.log")" >&2; return 1; }
    DATALAKE=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/datalake
}
ODBC_STATE=""
odbc_driver() {  # builds the release ODBC driver once and registers it as "CHODBC bench" in $DIR/odbc
    [ "$ODBC_STATE" = ok ] && return 0
    [ "$ODBC_STATE" = failed ] && return 1
    ODBC_STATE=failed
    if swift build -c release --product CHODBC --scratch-path "$SCRATCH" >"$DIR/odbc-build.log" 2>&1 &&
       bash scripts/odbc-install.sh --no-build --release --scratch-path "$SCRATCH" --sysini "$DIR/odbc" \
            --name "CHODBC bench" --no-dsn >"$DIR/odbc-install.log" 2>&1; then
        ODBC_STATE=ok
        return 0
    fi
    echo "bench: the ODBC driver did not build or register ($(tail -1 "$DIR/odbc-build.log" "$DIR/odbc-install.log" 2>/dev/null | tail -1))" >&2
    return 1
}

run_g2() {  # G1's events POSTed to `datalake serve`, as many runs as G1 makes
    local file runs=${G2_RUNS:-3}
    [ -n "$QUICK" ] && runs=${G2_RUNS:-1}
    file=$(BENCH_SCRATCH="$SCRATCH" bash Benchmarks/g1.sh $QUICK --events-only) || return 1
    datalake_bin || return 1
    for run in $(seq 1 "$runs"); do
        echo "bench: G2 (run $run of $runs, ${G2_CLIENTS:-32} clients)" >&2
        "$PY" Benchmarks/g1_http.py --bin "$DATALAKE" --port "$PORT" --events "$file" --clients "${G2_CLIENTS:-32}" \
            ${SERVER_PID:+--server-pid "$SERVER_PID"} --workload G2 >>"$RESULTS" || return 1
    done
}

run_q1() {  # datalake query vs clickhouse-client (and the server alone)
    datalake_bin || return 1
    echo "bench: Q1 ($ROWS rows, $ROUNDS rounds of $RUNS runs per peer)" >&2
    "$PY" Benchmarks/q1.py --datalake "$DATALAKE" --port "$PORT" --http-port "$HTTP" --rows "$ROWS" \
        --runs "$RUNS" --rounds "$ROUNDS" ${SERVER_PID:+--server-pid "$SERVER_PID"} >>"$RESULTS"
}

run_k1() {  # scripts/cluster-bench.sh: its own single node and 3-shard cluster
    if [ -n "$QUICK" ] && [ "${K1_QUICK:-1}" = 0 ]; then
        echo "bench: K1 skipped in --quick (K1_QUICK=0)" >&2
        echo '{"workload": "K1", "peer": "skipped", "runs": [0]}' >>"$RESULTS"
        return 0
    fi
    echo "bench: K1 (scripts/cluster-bench.sh $QUICK)" >&2
    BENCH_SCRATCH="$SCRATCH" bash scripts/cluster-bench.sh $QUICK --json >>"$RESULTS"
}

run_c2() {  # Tests/odbc/catalog_scale.py on its own embedded server with N organisations
    local orgs=${C2_ORGS:-500}
    [ -n "$QUICK" ] && orgs=${C2_ORGS:-50}
    odbc_driver || return 1
    datalake_bin || return 1
    echo "bench: C2 (ODBC catalog calls, $orgs organisations)" >&2
    ODBCSYSINI="$DIR/odbc" CHODBC_DRIVER_NAME="CHODBC bench" DATALAKE_BIN="$DATALAKE" \
        "$PY" Tests/odbc/catalog_scale.py --orgs "$orgs" --repeat "$RUNS" --json >>"$RESULTS" 2>"$DIR/c2.err" || {
        echo "bench: C2: $(tail -1 "$DIR/c2.err")" >&2; return 1; }
}

for w in $WORKLOADS; do
    case "$w" in
        O1|C2) continue ;; # after the loop
        G1) # datalake ingest: Benchmarks/g1.sh makes its own runs and events
            BENCH_SCRATCH="$SCRATCH" bash Benchmarks/g1.sh $QUICK --port "$PORT" --server-pid "$(cat "$DIR/pid")" >>"$RESULTS" || echo "bench: G1 failed" >&2
            continue ;;
        G2) run_g2 || echo "bench: G2 failed" >&2; continue ;;
        Q1) run_q1 || echo "bench: Q1 failed" >&2; continue ;;
        K1) run_k1 || echo "bench: K1 failed" >&2; continue ;;
    esac
    rows=$ROWS
    [ "$w" = M1 ] && rows=$M1_ROWS
    [ "$w" = S5 ] && rows=$S5_QUERIES
    for round in $(seq 1 "$ROUNDS"); do
        echo "bench: $w (round $round of $ROUNDS)" >&2
        "$BIN" --port "$PORT" --workload "$w" --runs "$RUNS" --rows "$rows" --s4-file Benchmarks/s4.sql ${SERVER_PID:+--server-pid "$SERVER_PID"} >>"$RESULTS" || echo "bench: chnative $w failed" >&2
        [ "$w" = M1 ] && break # one streaming pass measures peak memory
        if [ "$w" = S5 ]; then
            command -v clickhouse-client >/dev/null &&
                { "$PY" Benchmarks/peers.py --port "$PORT" --workload S5 --peer client --runs "$RUNS" --rows "$rows" >>"$RESULTS" || echo "bench: clickhouse-client S5 failed" >&2; }
        else
            "$PY" Benchmarks/peers.py --port "$PORT" --http-port "$HTTP" --workload "$w" --peer server --runs "$RUNS" --rows "$rows" >>"$RESULTS" || echo "bench: server $w failed" >&2
        fi
        "$PY" Benchmarks/peers.py --port "$PORT" --http-port "$HTTP" --workload "$w" --peer driver --runs "$RUNS" --rows "$rows" >>"$RESULTS" || echo "bench: driver $w failed" >&2
        case "$w" in S1|S2|S3|S4|C1|I1|I2)
            "$PY" Benchmarks/peers.py --port "$PORT" --http-port "$HTTP" --workload "$w" --peer server-native --runs "$RUNS" --rows "$rows" >>"$RESULTS" || echo "bench: server-native $w failed" >&2
        esac
    done
done
case " $WORKLOADS " in *" O1 "*)
    # O1: pyodbc + our ODBC driver (release, registered in a private odbcinst.ini) against
    # clickhouse-driver, alternating runs in this process.
    echo "bench: O1 (building and registering the release ODBC driver)" >&2
    if odbc_driver; then
        # The floor: pyodbc over a driver that does no work (Benchmarks/floor/null_driver.c).
        floor=()
        if cc -O2 -shared -fPIC -o "$DIR/libnull_odbc.so" Benchmarks/floor/null_driver.c 2>"$DIR/floor.log"; then
            printf '[CHODBC floor]\nDriver = %s\nThreading = 0\n' "$DIR/libnull_odbc.so" >"$DIR/floor.ini"
            ODBCSYSINI="$DIR/odbc" odbcinst -i -d -r -f "$DIR/floor.ini" >/dev/null 2>&1 && floor=(--floor-driver "CHODBC floor")
        fi
        ODBCSYSINI="$DIR/odbc" CHODBC_DRIVER_NAME="CHODBC bench" "$PY" Benchmarks/odbc_bench.py --json "${floor[@]}" \
            --port "$PORT" --rows "$ROWS" --runs "$RUNS" >>"$RESULTS" 2>"$DIR/odbc.err" ||
            echo "bench: O1 failed: $(tail -1 "$DIR/odbc.err")" >&2
    else
        echo "bench: O1 skipped: the ODBC driver did not build or register" >&2
    fi
esac
case " $WORKLOADS " in *" C2 "*) run_c2 || echo "bench: C2 failed" >&2 ;; esac
"$PY" Benchmarks/report.py "$RESULTS" "$ROWS" "$RUNS" "$ROUNDS"
[ -n "${BENCH_KEEP:-}" ] && cp "$RESULTS" "$BENCH_KEEP"
true
