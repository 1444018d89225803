#!/usr/bin/env python3
"""Writes golden fixtures: the native-format bytes and the TabSeparated text that the real
ClickHouse engine (embedded chdb-core, in process) produces for each case in
scripts/fixture-cases.tsv.

Usage: python3 scripts/make_fixtures.py [--cases FILE] [--out DIR] [NAME ...]

For each case NAME it writes OUT/NAME.native (`FORMAT Native`) and OUT/NAME.tsv
(`FORMAT TabSeparated`), and it rewrites OUT/manifest.json with every case's column types,
row count, byte sizes, query and the timezone that applies to DateTime values without one
(the server's, or the query's `session_timezone`), plus the server version.

`FORMAT Native` is a sequence of blocks, each: varint column count, varint row count, then
per column: string name, string type name, column data (serialization prefix + values), with
no BlockInfo and no custom-serialization flag (that is the protocol's block at revision 0).
At revision 0 the server also drops the timezone of a top-level `DateTime('tz')` type name
(nested ones keep it), so cases use `SETTINGS session_timezone = '...'` instead.
"""

import argparse
import json
import os
import re
import sys

import chdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(sql, fmt):
    result = chdb.query(sql, fmt)
    if hasattr(result, "has_error") and result.has_error():
        raise RuntimeError(result.error_message())
    return bytes(result.bytes())


def varint(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def header(data):
    """Column (name, type) pairs and the row count of the first block, and the block count."""
    columns, pos = varint(data, 0)
    rows, pos = varint(data, pos)
    out = []
    for _ in range(columns):
        n, pos = varint(data, pos)
        name = data[pos:pos + n].decode("utf-8", "replace")
        pos += n
        n, pos = varint(data, pos)
        out.append((name, data[pos:pos + n].decode("utf-8")))
        pos += n
        break  # the data of the first column follows; its length depends on the type
    return out, rows


def read_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "\t" not in line:
                sys.exit(f"{path}:{number}: expected NAME<TAB>QUERY")
            name, query = line.split("\t", 1)
            if not name.replace("_", "").isalnum():
                sys.exit(f"{path}:{number}: fixture names are letters, digits and _ only")
            cases.append((name, query.strip()))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=os.path.join(ROOT, "scripts", "fixture-cases.tsv"))
    parser.add_argument("--out", default=os.path.join(ROOT, "Fixtures", "native"))
    parser.add_argument("names", nargs="*", help="only these cases (the manifest keeps the others)")
    args = parser.parse_args()

    cases = read_cases(args.cases)
    known = {n for n, _ in cases}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        sys.exit("unknown cases: " + ", ".join(unknown))
    os.makedirs(args.out, exist_ok=True)
    manifest_path = os.path.join(args.out, "manifest.json")
    old = {}
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            old = {c["name"]: c for c in json.load(f).get("fixtures", [])}

    version, timezone = run("SELECT version(), timezone()", "TabSeparated").decode().strip().split("\t")
    entries = []
    failed = []
    for name, query in cases:
        if args.names and name not in args.names:
            if name in old:
                entries.append(old[name])
            continue
        try:
            native = run(query, "Native")
            text = run(query, "TabSeparated")
        except Exception as e:  # noqa: BLE001 - report every failing case, then exit non-zero
            failed.append(name)
            print(f"{name}: {e}", file=sys.stderr)
            continue
        if not native:
            failed.append(name)
            print(f"{name}: the query returned no rows", file=sys.stderr)
            continue
        columns, _ = header(native)
        rows = text.count(b"\n")
        with open(os.path.join(args.out, name + ".native"), "wb") as f:
            f.write(native)
        with open(os.path.join(args.out, name + ".tsv"), "wb") as f:
            f.write(text)
        # The timezone a reader uses for DateTime types that name none: the session's.
        session_tz = re.search(r"session_timezone\s*=\s*'([^']*)'", query)
        entries.append({
            "name": name,
            "column": columns[0][0],
            "type": columns[0][1],
            "rows": rows,
            "timezone": session_tz.group(1) if session_tz else timezone,
            "nativeBytes": len(native),
            "query": query,
        })
        print(f"{name:40} {columns[0][1]:60} {rows:6} rows {len(native):8} bytes")

    manifest = {
        "generator": "scripts/make-fixtures.sh",
        "server": "ClickHouse " + version + " (chdb-core, in process)",
        "timezone": timezone,
        "format": "Native blocks: varint columns, varint rows, then per column name, type, data; no BlockInfo",
        "fixtures": entries,
    }
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if failed:
        sys.exit("failed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
