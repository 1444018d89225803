#!/usr/bin/env bash
# Builds CHNative's documentation (Sources/CHNative/CHNative.docc and the doc comments) with
# swift-docc-plugin, treating every DocC warning (a broken symbol link, an undocumented
# parameter…) as an error, then compiles the Swift code of every article against the built
# module (scripts/check-doc-examples.sh). Fails on any warning from either.
#
#   bash scripts/docs.sh [SCRATCH]    # SCRATCH: the build's scratch path (default .build, as CI)
#
# The archive lands in SCRATCH/documentation/CHNative.doccarchive, laid out for static
# hosting: `python3 -m http.server -d .build/documentation/CHNative.doccarchive` and open
# http://localhost:8000/documentation/chnative.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SCRATCH=${1:-.build}
OUT=$SCRATCH/documentation
started=$(date +%s)

echo "docs: building CHNative (scratch path $SCRATCH)" >&2
swift build --scratch-path "$SCRATCH" --target CHNative 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true
swift build --scratch-path "$SCRATCH" --target CHNative >/dev/null

echo "docs: generating the documentation archive (warnings are errors)" >&2
mkdir -p "$OUT"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift package --scratch-path "$SCRATCH" --allow-writing-to-directory "$OUT" \
        generate-documentation --target CHNative --warnings-as-errors \
        --output-path "$OUT/CHNative.doccarchive" >"$log" 2>&1; then
    grep -vE '^\[[0-9]+/[0-9]+\]' "$log" >&2
    echo "docs: the documentation build failed (DocC warnings count as errors; see above)" >&2
    exit 1
fi
# DocC's own warnings are errors already; anything else it says about our sources is too.
if grep -E '^(warning|error): ' "$log" | grep -v "'swift-distributed-tracing': found 1 file(s) which are unhandled" | grep -q .; then
    grep -vE '^\[[0-9]+/[0-9]+\]' "$log" >&2
    echo "docs: the documentation build reported warnings (see above)" >&2
    exit 1
fi
echo "docs: archive at $OUT/CHNative.doccarchive ($(($(date +%s) - started)) s so far)" >&2

echo "docs: compiling the articles' Swift code" >&2
bash scripts/check-doc-examples.sh "$SCRATCH"
echo "docs: done in $(($(date +%s) - started)) s" >&2
