#!/usr/bin/env bash
# Fuzzes CHNative's block decoder with libFuzzer and AddressSanitizer.
#
#   bash scripts/fuzz.sh [SECONDS] [libFuzzer flags...]     # default 60 s
#   .build-fuzz/debug/chnative-fuzz -runs=0 CRASH_FILE       # replay one input under ASan
#
# The corpus starts from the golden fixtures (Fixtures/native/*.native; the first byte of each
# input selects the revision: 0 = FORMAT Native, 1 = the protocol's current revision) and grows
# in .build-fuzz/corpus. Crashes, leaks, timeouts (> 5 s) and single allocations above 256 MB
# are reported by libFuzzer and saved as .build-fuzz/crash-*, oom-* or timeout-*.
# The deterministic, fixed-budget variant runs in CI: swift test --filter DecoderFuzzTests.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
seconds=${1:-60}
shift || true
scratch=.build-fuzz

echo "== building chnative-fuzz with -sanitize=fuzzer,address" >&2
swift build --scratch-path "$scratch" --product chnative-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc FUZZING \
    -Xcc -fsanitize=address

corpus="$scratch/corpus"
mkdir -p "$corpus"
for f in Fixtures/native/*.native; do
    seed="$corpus/fixture-$(basename "$f" .native)"
    [ "$(stat -c %s "$f")" -lt 65536 ] && [ ! -e "$seed" ] || continue
    { printf '\x00'; cat "$f"; } > "$seed"
done
cd "$scratch"
exec ./debug/chnative-fuzz corpus -max_total_time="$seconds" -timeout=5 -malloc_limit_mb=256 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 "$@"
