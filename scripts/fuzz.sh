#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and AddressSanitizer (docs/FUZZING.md).
#
#   bash scripts/fuzz.sh [TARGET|all] [SECONDS] [libFuzzer flags...]   # default: block, 60 s
#   bash scripts/fuzz.sh packet -runs=1000000                          # a fixed number of inputs
#   bash scripts/fuzz.sh minimize TARGET     # merge the work corpus into Fuzz/corpus/TARGET
#   .build-fuzzr/release/chnative-fuzz -target=frame -runs=0 CRASH_FILE  # replay one input under ASan
#
# Targets: block (native block decoder), packet (server packet decoder), frame (compressed-frame
# decoder, LZ4/ZSTD with CityHash128), type (type-name parser), sql-lexer (SQLLexer) — all in
# chnative-fuzz — and odbc-connstr (ODBC connection-string parser and settings, in chodbc-fuzz).
#
# Each target's work corpus grows in .build-fuzz/work/TARGET, seeded from the golden fixtures
# (Fixtures/native) through CHNative's own encoders, and reads the kept corpus
# Fuzz/corpus/TARGET and the regressions Fuzz/regressions/TARGET. Crashes, leaks, timeouts
# (> 20 s; the machine is shared) and single allocations above 256 MB are saved as .build-fuzz/artifacts/TARGET/crash-*,
# leak-*, timeout-* or oom-*; copy them to Fuzz/regressions/TARGET once fixed. The test suite
# replays Fuzz/ on every run (FuzzCorpusReplayTests, ConnectionStringFuzzReplayTests).
# Two cores are shared: run it under `nice -n 19`, one target at a time.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}   # libFuzzer prints the stack; Swift's backtracer trips ASan
scratch=.build-fuzz          # work corpora and artifacts
bin_scratch=.build-fuzzr     # the fuzzers: -c release (-O, -enable-testing), 4-5x faster than debug under ASan
all_targets="block packet frame type sql-lexer odbc-connstr"

product_of() { [ "$1" = odbc-connstr ] && echo chodbc-fuzz || echo chnative-fuzz; }
max_len_of() { case "$1" in type|sql-lexer|odbc-connstr) echo 4096 ;; *) echo 65536 ;; esac; }

build() {
    echo "== building $1 with -sanitize=fuzzer,address" >&2
    swift build -c release --scratch-path "$bin_scratch" --product "$1" -Xswiftc -enable-testing \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc FUZZING \
        -Xcc -fsanitize=address 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]|ld.gold: warning: Cannot export local symbol' >&2
}

binary_for() {
    local product; product=$(product_of "$1")
    [ -n "${FUZZ_SKIP_BUILD:-}" ] || build "$product"
    echo "$ROOT/$bin_scratch/release/$product"
}

if [ "${1:-}" = minimize ]; then
    target=${2:?usage: fuzz.sh minimize TARGET}
    bin=$(binary_for "$target")
    kept=Fuzz/corpus/$target
    fresh=$scratch/minimized/$target
    rm -rf "$fresh" && mkdir -p "$fresh" "$kept"
    "$bin" -target="$target" -merge=1 -max_len="$(max_len_of "$target")" -timeout=20 -malloc_limit_mb=256 \
        "$fresh" "$kept" "$scratch/work/$target"
    rm -f "$kept"/* && cp "$fresh"/* "$kept"/
    echo "== $kept: $(ls "$kept" | wc -l) files, $(du -sb "$kept" | cut -f1) bytes" >&2
    exit 0
fi

target=block
if [ -n "${1:-}" ] && [[ "$1" != -* ]] && ! [[ "$1" =~ ^[0-9]+$ ]]; then target=$1; shift; fi
seconds=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds=$1; shift; elif [[ " $* " == *" -runs="* ]]; then seconds=0; fi

if [ "$target" = all ]; then
    for t in $all_targets; do bash "$0" "$t" "$seconds" "$@"; done
    exit 0
fi
case " $all_targets " in *" $target "*) ;; *) echo "unknown target $target (known: $all_targets)" >&2; exit 2 ;; esac

bin=$(binary_for "$target")
work=$scratch/work/$target
mkdir -p "$work" "$scratch/artifacts/$target" "Fuzz/corpus/$target" "Fuzz/regressions/$target"
if [ -z "$(ls -A "$work")" ]; then
    "$bin" -target="$target" -make-seeds="$work" Fixtures/native
fi
exec "$bin" -target="$target" "$work" "Fuzz/corpus/$target" "Fuzz/regressions/$target" \
    -max_total_time="$seconds" -timeout=20 -malloc_limit_mb=256 -rss_limit_mb=2048 \
    -max_len="$(max_len_of "$target")" -artifact_prefix="$scratch/artifacts/$target/" -print_final_stats=1 "$@"
