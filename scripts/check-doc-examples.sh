#!/usr/bin/env bash
# Compiles every ```swift block of the CHNative documentation catalog against the built
# CHNative module, so that an article cannot show code that does not compile.
#
#   bash scripts/check-doc-examples.sh [SCRATCH]     # SCRATCH: the build's scratch path (.build)
#
# The blocks of one article are one program, in order (a later block may use what an earlier
# one declared), compiled as top-level code in Swift 6 mode with warnings as errors;
# `import CHNative` and `import Foundation` are implied. Errors point at the article's own
# lines. The code is compiled as far as SIL (-emit-sil), not just type-checked: Swift 6's
# data-race checks of values sent between isolation domains run there, after type checking.
# Nothing is linked or run. CHNative must be built already (scripts/docs.sh builds it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SCRATCH=${1:-.build}
CATALOG=Sources/CHNative/CHNative.docc

MODULES=$(swift build --scratch-path "$SCRATCH" --show-bin-path)/Modules
if [ ! -f "$MODULES/CHNative.swiftmodule" ]; then
    echo "check-doc-examples: $MODULES/CHNative.swiftmodule is missing; build CHNative first" >&2
    exit 1
fi
OUT=$SCRATCH/doc-examples
mkdir -p "$OUT"

# The system-library targets CHNative imports: their module maps, and the include paths
# pkg-config gives for them.
flags=(-emit-sil -o /dev/null -module-name CHNativeDocExamples -swift-version 6 -enable-upcoming-feature ExistentialAny -warnings-as-errors
       -I "$MODULES" -module-cache-path "$OUT/ModuleCache")
for m in CLZ4 CZSTD COpenSSL; do flags+=(-Xcc "-fmodule-map-file=$ROOT/Sources/$m/module.modulemap"); done
for inc in $(pkg-config --cflags-only-I liblz4 libzstd openssl 2>/dev/null); do flags+=(-Xcc "$inc"); done

status=0 articles=0 blocks=0
for md in "$CATALOG"/*.md; do
    name=$(basename "$md" .md)
    swift_file=$OUT/$name.swift
    # Every ```swift block, with a #sourceLocation so diagnostics name the Markdown line.
    n=$(awk -v file="$md" -v out="$swift_file" '
        BEGIN { print "import CHNative\nimport Foundation" > out; n = 0 }
        /^[ \t]*```/ {
            if (inside) { inside = 0; print "#sourceLocation()" > out; next }
            if ($0 ~ /^[ \t]*```swift[ \t]*$/) { inside = 1; n++; printf "#sourceLocation(file: \"%s\", line: %d)\n", file, NR + 1 > out; next }
        }
        inside { print > out }
        END { if (inside) { print file ": unterminated code block" > "/dev/stderr"; exit 1 } print n }
    ' "$md")
    [ "$n" -gt 0 ] || continue
    articles=$((articles + 1)) blocks=$((blocks + n))
    if ! swiftc "${flags[@]}" "$swift_file"; then
        echo "check-doc-examples: $md: its Swift code does not compile against CHNative (see above)" >&2
        status=1
    fi
done
echo "check-doc-examples: $blocks Swift blocks in $articles articles compiled$([ $status = 0 ] && echo ": no errors, no warnings" || echo ": errors above")"
exit $status
