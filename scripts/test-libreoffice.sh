#!/usr/bin/env bash
# LibreOffice Calc runs the opportunities-per-month report through the ODBC driver and the cells
# are compared with the server's own result (Tests/odbc/libreoffice_report.py): a fresh HOME,
# `datalake demo` on a private embedded server (registers the driver for the user),
# `datalake credentials generate`, a user DSN from `datalake odbc install --dsn`, then a visible
# LibreOffice on a private Xvfb display imports the report through the DSN and through the
# printed connection string. About 30 s once built; run by scripts/test-odbc.sh.
#
#   scripts/test-libreoffice.sh [--no-build] [--datalake BIN] [--scratch-path DIR]
#                               [--screenshot FILE] [--trace FILE] [--keep]
#
#   --datalake BIN      datalake executable with libCHODBC.so next to it (default: build both
#                       into the scratch path, debug)
#   --screenshot FILE   PNG of the screen with the sheet (docs/odbc-libreoffice.png is made so)
#   --trace FILE        unixODBC trace of every call LibreOffice makes
#   --keep              keep the temporary HOME (server data, LibreOffice profile, .odb files)
#
# Needs the Debian packages scripts/setup.sh installs: libreoffice-calc libreoffice-base
# libreoffice-base-drivers python3-uno xvfb imagemagick (one minute, ~106 MB download).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=1
DATALAKE=""
SCRATCH="$ROOT/.build"
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) BUILD=0 ;;
        --datalake) DATALAKE="$2"; shift ;;
        --scratch-path) SCRATCH="$2"; shift ;;
        --screenshot|--trace|--timeout|--scale) ARGS+=("$1" "$2"); shift ;;
        --keep) ARGS+=(--keep) ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "test-libreoffice: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

for tool in soffice Xvfb import odbcinst; do
    command -v "$tool" >/dev/null || { echo "test-libreoffice: $tool is required (bash scripts/setup.sh installs LibreOffice, Xvfb, ImageMagick)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import uno' 2>/dev/null || { echo "test-libreoffice: python3-uno is required for /usr/bin/python3 (scripts/setup.sh)" >&2; exit 1; }
[ -e /usr/lib/libreoffice/program/libdbaxmllo.so ] || { echo "test-libreoffice: libreoffice-base is required (scripts/setup.sh)" >&2; exit 1; }
[ -e /usr/lib/libreoffice/program/libodbclo.so ] || { echo "test-libreoffice: libreoffice-base-drivers is required (scripts/setup.sh)" >&2; exit 1; }

if [ -z "$DATALAKE" ]; then
    if [ "$BUILD" = 1 ]; then
        swift build --package-path "$ROOT" --scratch-path "$SCRATCH" --product datalake >&2
        swift build --package-path "$ROOT" --scratch-path "$SCRATCH" --product CHODBC >&2
    fi
    DATALAKE="$(swift build --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)/datalake"
fi
[ -x "$DATALAKE" ] && [ -f "$(dirname "$DATALAKE")/libCHODBC.so" ] || { echo "test-libreoffice: $DATALAKE with libCHODBC.so next to it is needed" >&2; exit 1; }

# The system Python: python3-uno is a Debian package (a pyenv or venv python has no uno).
exec /usr/bin/python3 "$ROOT/Tests/odbc/libreoffice_report.py" --datalake "$DATALAKE" "${ARGS[@]}"
