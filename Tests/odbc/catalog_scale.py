"""BI catalog calls at scale (issue 18, point 2): an embedded ClickHouse 26.9 with N organisations
(11 views each, plus the shared tables), and the calls BI tools make on connect and refresh —
SQLTables, SQLColumns (all, and with patterns), SQLGetTypeInfo, SQLPrimaryKeys, SQLStatistics —
timed through pyodbc and the real unixODBC driver manager, as one organisation's credential and
as the administrator, with the number of queries each call sent to the server.

    python3 Tests/odbc/catalog_scale.py [--orgs 500] [--repeat 5]

Needs the driver registered (scripts/test-odbc.sh's ODBCSYSINI and CHODBC_DRIVER_NAME, or a
user registration from `datalake odbc install`) and DATALAKE_BIN (default .build/debug/datalake).
Prints one line per call and who: median milliseconds, rows, server queries per call; with
--json (Benchmarks/run.sh's C2) the same as JSON lines in the benchmark suite's format."""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import pyodbc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATALAKE = os.environ.get("DATALAKE_BIN", os.path.join(ROOT, ".build", "debug", "datalake"))
DRIVER = os.environ.get("CHODBC_DRIVER_NAME", "ClickHouse Native (Unicode)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="leave the server running (prints how to stop it)")
    ap.add_argument("--reuse", nargs=2, metavar=("PORT", "CREDENTIAL"),
                    help="measure on a server kept by --keep: its port and the credential's ODBC string")
    ap.add_argument("--json", action="store_true", help="JSON lines (workload C2) instead of the table")
    args = ap.parse_args()
    if args.reuse:
        port, credential = int(args.reuse[0]), args.reuse[1]
        measure(port, credential, "org0000", args.orgs, args.repeat, args.json)
        return

    home = tempfile.mkdtemp(prefix="chodbc-catalog-")
    port = free_port()
    env = dict(os.environ, DATALAKE_HOME=home, CLICKHOUSE_PORT=str(port))

    def lake(*a):
        p = subprocess.run([DATALAKE, *a], env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise SystemExit(f"datalake {' '.join(a)}: {p.stderr}")
        return p.stdout

    lake("server", "start", "--port", str(port))
    credential = ""
    try:
        lake("schema", "apply")
        t0 = time.monotonic()
        orgs = [f"org{i:04d}" for i in range(args.orgs)]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda o: lake("org", "add", o), orgs))
        setup = time.monotonic() - t0
        print(f"setup: {args.orgs} organisations registered in {setup:.1f} s", flush=True,
              file=sys.stderr if args.json else sys.stdout)
        out = lake("credentials", "generate", "--org", orgs[0])
        credential = re.search(r"ODBC connection string:\s+(Driver=.*)$", out, re.M).group(1)
        credential = re.sub(r"Driver=\{[^}]*\}", "Driver={%s}" % DRIVER, credential)
        measure(port, credential, orgs[0], args.orgs, args.repeat, args.json, setup)
    finally:
        if args.keep:
            print(f"kept: DATALAKE_HOME={home} port {port}; measure again: --reuse {port} '{credential}'; "
                  f"stop: DATALAKE_HOME={home} datalake server stop --port {port}")
        else:
            lake("server", "stop", "--port", str(port))
            shutil.rmtree(home, ignore_errors=True)


def measure(port, credential, org, orgs, repeat, as_json=False, setup=None):
    admin = f"Driver={{{DRIVER}}};Server=127.0.0.1;Port={port};Database=datawarehouse;UID=default;PWD="
    view = f"{org}_current_entities_final"
    calls = [
        ("SQLTables (all)", lambda c: c.tables()),
        ("SQLTables (catalog datawarehouse)", lambda c: c.tables(catalog="datawarehouse")),
        ("SQLTables (pattern org0000_%)", lambda c: c.tables(catalog="datawarehouse", table=f"{org}\\_%")),
        ("SQLColumns (all of datawarehouse)", lambda c: c.columns(catalog="datawarehouse")),
        ("SQLColumns (one view)", lambda c: c.columns(catalog="datawarehouse", table=view)),
        ("SQLColumns (pattern org0000_%)", lambda c: c.columns(catalog="datawarehouse", table=f"{org}\\_%")),
        ("SQLGetTypeInfo (all)", lambda c: c.getTypeInfo(0)),
        ("SQLPrimaryKeys (one view)", lambda c: c.primaryKeys(view, catalog="datawarehouse")),
        ("SQLStatistics (one view)", lambda c: c.statistics(view, catalog="datawarehouse")),
    ]
    # Queries the server ran, from its Query event counter (the embedded server keeps no
    # query_log); the reading query counts itself, once per reading.
    counter = pyodbc.connect(admin, autocommit=True).cursor()

    def server_queries():
        return counter.execute("SELECT value FROM system.events WHERE event = 'Query'").fetchone()[0]

    results = []
    for who, cs in (("credential", credential), ("admin", admin)):
        for name, call in calls:
            cnxn = pyodbc.connect(cs, autocommit=True)
            cur = cnxn.cursor()
            times, rows = [], 0
            before = server_queries()
            for _ in range(repeat):
                t = time.perf_counter()
                rows = len(call(cur).fetchall())
                times.append((time.perf_counter() - t) * 1000)
            queries = (server_queries() - before - 1) / repeat
            cnxn.close()
            results.append((who, name, statistics.median(times), max(times), rows, queries))
            if as_json:
                print(json.dumps({"workload": "C2", "peer": who, "call": name, "runs": [round(t / 1000, 5) for t in times],
                                  "median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2),
                                  "rows": rows, "queries": queries, "orgs": orgs}), flush=True)
    tables = counter.execute("SELECT count() FROM system.tables WHERE database = 'datawarehouse'").fetchone()[0]
    if as_json:
        print(json.dumps({"workload": "C2", "peer": "setup", "runs": [0], "orgs": orgs, "tables": tables,
                          "repeat": repeat, "setup_s": None if setup is None else round(setup, 1)}))
        return
    print(f"{orgs} organisations, {tables} tables and views in datawarehouse; median of {repeat} calls")
    print(f"{'who':<11} {'call':<36} {'median ms':>9} {'max ms':>8} {'rows':>7} {'queries/call':>12}")
    for who, name, med, worst, rows, queries in results:
        print(f"{who:<11} {name:<36} {med:9.1f} {worst:8.1f} {rows:7d} {queries:12.1f}")


if __name__ == "__main__":
    sys.exit(main())
