#!/usr/bin/env bash
# The project's whole test suite, from a fresh machine: installs what is missing, builds,
# starts real ClickHouse servers (26.9 embedded from chdb-core; 18.16 from Debian, with native
# TLS), runs the Swift tests (unit + integration + data lake), the ODBC tests through the real
# unixODBC driver manager, the documentation build (scripts/docs.sh), and the quick benchmark
# (figures only; never fails on timing).
#
# To run the Swift tests against servers of your own instead, export CH26_HOST/CH26_PORT,
# CH18_HOST/CH18_PORT/CH18_TLS_PORT, CH_TLS_CA, CH_TEST_USER, CH_TEST_PASSWORD and set
# CH_USE_EXISTING_SERVERS=1.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Runs "$@" in a session of its own, standard input from /dev/null, and kills every process
# of that session after $1 seconds: a stage that hangs fails the run with its name instead of
# holding CI until its deadline.
bounded() {
    local secs=$1 waited=0 pid
    shift
    setsid "$@" </dev/null &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge "$secs" ]; then
            echo "test.sh: '$*' still running after ${secs} s: stopped" >&2
            # Every process of its session (swift test starts the test binary in a group of its own).
            for sig in TERM KILL; do
                for p in $(ps -e -o pid=,sid= | awk -v s="$pid" '$2 == s { print $1 }'); do kill -s "$sig" "$p" 2>/dev/null || true; done
                [ "$sig" = TERM ] && sleep 5
            done
            wait "$pid" 2>/dev/null || true
            return 124
        fi
        sleep 1
        waited=$((waited + 1))
    done
    wait "$pid"
}

# The tests a Swift Testing log shows as started and never finished.
unfinished() {
    grep -oE '^◇ Test [^ ]+' "$1" | sed 's/^◇ //' | sort -u > /tmp/chnative-started.txt
    grep -oE '^[✔✘] Test [^ ]+' "$1" | sed -E 's/^[✔✘] //' | sort -u > /tmp/chnative-ended.txt
    comm -23 /tmp/chnative-started.txt /tmp/chnative-ended.txt
}

bash scripts/setup.sh

echo "== build" >&2
swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
swift build --build-tests >/dev/null

if [ "${CH_USE_EXISTING_SERVERS:-0}" != 1 ]; then
    bash scripts/servers.sh start
    if [ "${CH_KEEP_SERVERS:-0}" != 1 ]; then trap 'bash scripts/servers.sh stop >/dev/null 2>&1 || true' EXIT; fi
    # shellcheck disable=SC1091
    . .servers/env
fi

status=0
echo "== swift test" >&2
bounded 1800 swift test --skip-build 2>&1 | tee /tmp/chnative-swift-test.log | grep -vE '^(◇|↳|✔ Test [a-zA-Z(].* (started|passed))' || true
if grep -qE '^✔ Test run with [0-9]+ tests? .*passed' /tmp/chnative-swift-test.log; then
    n=$(grep -oE '^✔ Test run with [0-9]+' /tmp/chnative-swift-test.log | grep -oE '[0-9]+$' | tail -1)
    echo "swift-testing: $n passed, 0 failed"
else
    failed=$(grep -oE '^✘ Test run with [0-9]+ tests?' /tmp/chnative-swift-test.log | grep -oE '[0-9]+' | tail -1 || true)
    echo "swift-testing: run failed (${failed:-?} tests); see the ✘ lines above" >&2
    if ! grep -qE '^[✔✘] Test run with' /tmp/chnative-swift-test.log; then
        echo "swift-testing: the run did not finish; tests started and not ended:" >&2
        unfinished /tmp/chnative-swift-test.log >&2
    fi
    status=1
fi

echo "== load test (alone: file descriptors and memory are process-wide)" >&2
if CH_LOAD_TEST=1 bounded 600 swift test --skip-build --filter LoadTests 2>&1 | tee /tmp/chnative-load-test.log | grep -E '^(load:|✘)'; \
    grep -qE '^✔ Test run with 1 test' /tmp/chnative-load-test.log; then
    echo "load test: passed"
else
    echo "load test: failed; see /tmp/chnative-load-test.log" >&2
    status=1
fi

if [ -x scripts/test-odbc.sh ] || [ -f scripts/test-odbc.sh ]; then
    echo "== ODBC tests" >&2
    bounded 1200 bash scripts/test-odbc.sh || status=1
fi

echo "== documentation (DocC, warnings as errors; the articles' Swift code compiled)" >&2
bounded 900 bash scripts/docs.sh || status=1

if [ -f Benchmarks/run.sh ]; then
    echo "== quick benchmark (figures only)" >&2
    bounded 1200 bash Benchmarks/run.sh --quick || echo "benchmark: failed to run (not a test failure)" >&2
fi

exit $status
