#!/usr/bin/env bash
# The hostile-server fuzzer (docs/FUZZING.md): the real CHNative client, over loopback, against a
# server that replays real 26.9 and 18.16 streams (Fuzz/corpus/hostile-server) with mutations.
# Fails on a crash, a hang (one execution over 20 s) or a peak RSS over the bound.
#
#   bash scripts/hostile-fuzz.sh [RUNS] [SEED]        # default 1,000,000 executions, seed from the clock
#   bash scripts/hostile-fuzz.sh capture              # re-record the corpus from the test servers (.servers/env)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
swift build -c release --scratch-path .build-hostile --product chnative-hostile 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' >&2 || true
bin=.build-hostile/release/chnative-hostile
corpus=Fuzz/corpus/hostile-server
if [ "${1:-}" = capture ]; then
    # shellcheck disable=SC1091
    . .servers/env
    rm -rf "$corpus"
    "$bin" capture --port "$CH26_PORT" --server 26.9 --out "$corpus"
    "$bin" capture --port "$CH18_PORT" --server 18.16 --out "$corpus"
    exit 0
fi
runs=${1:-1000000}
seed=${2:-$(date +%s)}
exec nice -n 10 "$bin" fuzz --corpus "$corpus" --runs "$runs" --seed "$seed" --max-rss-mb "${MAX_RSS_MB:-256}"
