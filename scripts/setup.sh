#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 machine (idempotent, quiet):
# system libraries for the build, unixODBC and its tools, the real ClickHouse servers used by
# the tests, and the Python packages (chdb-core = embedded ClickHouse 26.9, the peers used by
# the benchmarks, pytest and pyodbc for the ODBC tests).
set -euo pipefail
PY=${PYTHON:-python3}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

APT=(libssl-dev liblz4-dev libzstd-dev unixodbc-dev unixodbc odbcinst clickhouse-server clickhouse-client
     openssl stunnel4 python3 python3-pip pkg-config chromium tmux)
APT+=(libdbd-odbc-perl)  # Perl DBI + DBD::ODBC: Tests/odbc/perl through the ODBC driver (scripts/test-odbc.sh)
# LibreOffice Calc + Base's ODBC driver, UNO for the system Python, Xvfb and ImageMagick's import:
# scripts/test-libreoffice.sh (run by test-odbc.sh). ~1 min, ~106 MB download, ~315 MB installed.
APT+=(libreoffice-calc libreoffice-base libreoffice-base-drivers python3-uno xvfb imagemagick)
missing=()
for p in "${APT[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing apt packages: ${missing[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PIP=(chdb-core clickhouse-driver lz4 zstd clickhouse-cityhash pyodbc pytest pandas)
MODULES="chdb clickhouse_driver lz4 zstd clickhouse_cityhash pyodbc pytest pandas"
if ! "$PY" -c 'import importlib.util, sys
sys.exit(0 if all(importlib.util.find_spec(m) for m in sys.argv[1:]) else 1)' $MODULES >/dev/null 2>&1; then
    echo "setup: installing pip packages: ${PIP[*]}" >&2
    flags=(-q --disable-pip-version-check --no-input)
    if "$PY" -m pip install --help 2>/dev/null | grep -q -- --break-system-packages \
        && [ -n "$(ls /usr/lib/python3*/EXTERNALLY-MANAGED 2>/dev/null)" ] && [ "$(command -v "$PY")" = /usr/bin/python3 ]; then
        flags+=(--break-system-packages)
    fi
    [ "$(id -u)" = 0 ] && flags+=(--root-user-action=ignore)
    "$PY" -m pip install "${flags[@]}" "${PIP[@]}"
fi
