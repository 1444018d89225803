#!/usr/bin/env bash
# The main job on a fresh machine: installs what is missing, builds the `datalake` command in
# release mode and runs `datalake demo` (embedded ClickHouse 26.9 on loopback with a persistent
# data directory, schema, the demo organisation ingested through the real ingestion path,
# connection details, the three reports and the HTML report). `datalake server stop` ends it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
echo "demo: building datalake (release)" >&2
swift build -c release --product datalake >/dev/null 2>&1 || swift build -c release --product datalake
swift build -c release --product CHODBC >/dev/null 2>&1 || swift build -c release --product CHODBC  # registered by the demo (datalake odbc install)
exec "$(swift build -c release --show-bin-path)/datalake" demo "$@"
