#!/usr/bin/env bash
# The Swift test suites under AddressSanitizer and ThreadSanitizer, and the ODBC hostile-calls
# battery against a driver built with AddressSanitizer (docs/FUZZING.md, "Sanitizers").
#
#   bash scripts/sanitizers.sh [address|thread|odbc|all]     # default all
#
# Starts the test servers (scripts/servers.sh start), or uses those the environment names with
# CH_USE_EXISTING_SERVERS=1 (as scripts/test.sh). Each
# sanitizer builds into its own scratch folder (.build-asan, .build-tsan, .build-odbc-asan);
# a first build takes several minutes. Exits non-zero when a sanitizer reports anything or a
# test fails.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
what=${1:-all}
if [ "${CH_USE_EXISTING_SERVERS:-0}" != 1 ]; then
    bash scripts/servers.sh start >/dev/null
    # shellcheck disable=SC1091
    . .servers/env
fi
export SWIFT_BACKTRACE=enable=no   # the sanitizers print the stacks
# Leaks of the toolchain's libraries and of once-initialised globals (scripts/lsan.supp).
export LSAN_OPTIONS="suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0"
# Synchronization.Mutex, which ThreadSanitizer cannot see on Linux (scripts/tsan.supp).
export TSAN_OPTIONS="suppressions=$ROOT/scripts/tsan.supp"
status=0

run_swift() { # sanitizer scratch
    local sanitizer=$1 scratch=$2 log=/tmp/chnative-$1-sanitizer.log
    echo "== swift test --sanitize=$sanitizer" >&2
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" 2>&1 | grep -E 'error|warning: .*sanitiz' >&2 || true
    # LoadTests measures descriptors and memory of a plain build; the sanitizers' own memory would skew it.
    if swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --skip LoadTests >"$log" 2>&1 \
        && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer' "$log"; then
        echo "$sanitizer: $(grep -oE 'Test run with [0-9]+ tests? .*passed' "$log" | tail -1); no sanitizer report"
    else
        echo "$sanitizer: FAILED; reports and failures in $log:" >&2
        grep -E -A12 'ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|^✘' "$log" | head -80 >&2
        status=1
    fi
}

run_odbc() {
    echo "== ODBC hostile-calls battery, driver built with AddressSanitizer" >&2
    local scratch=.build-odbc-asan work
    swift build --sanitize=address --scratch-path "$scratch" --product CHODBC 2>&1 | grep -E 'error' >&2 || true
    local lib; lib="$(swift build --sanitize=address --scratch-path "$scratch" --show-bin-path)/libCHODBC.so"
    local rt; rt=$(ls /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.so 2>/dev/null | head -1)
    [ -n "$rt" ] || rt=$(dirname "$(dirname "$(command -v swift)")")/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.so
    work=$(mktemp -d)
    cc -O1 -Wall -Werror -o "$work/hostile" Tests/odbc/hostile.c -lodbc -ldl
    mkdir -p "$work/odbc"
    printf '[CHODBC ASan]\nDriver=%s\n' "$lib" > "$work/odbc/odbcinst.ini"
    : > "$work/odbc/odbc.ini"
    # Swift's runtime is not instrumented for leaks in a dlopen'ed library: leaks are not checked here.
    if ODBCSYSINI="$work/odbc" LD_PRELOAD="$rt" ASAN_OPTIONS=detect_leaks=0 \
        CHODBC_CONNECTION_STRING="Driver={CHODBC ASan};Server=$CH26_HOST;Port=$CH26_PORT;UID=$CH_TEST_USER;PWD=$CH_TEST_PASSWORD" \
        "$work/hostile" "$lib" >"$work/log" 2>&1 && ! grep -q 'ERROR: AddressSanitizer' "$work/log"; then
        echo "odbc (ASan): $(tail -1 "$work/log"); no sanitizer report"
    else
        echo "odbc (ASan): FAILED:" >&2
        grep -E -A20 'ERROR: AddressSanitizer|FAIL' "$work/log" | head -60 >&2
        status=1
    fi
    rm -rf "$work"
}

case $what in
    address) run_swift address .build-asan ;;
    thread) run_swift thread .build-tsan ;;
    odbc) run_odbc ;;
    all) run_swift address .build-asan; run_swift thread .build-tsan; run_odbc ;;
    *) echo "usage: sanitizers.sh [address|thread|odbc|all]" >&2; exit 2 ;;
esac
exit $status
