#!/usr/bin/env python3
"""Fetch N rows of (UInt64, String) through pyodbc + CHODBC and through the Python
clickhouse-driver (native protocol), in the same run, and print the medians and the ratio.

    python3 Benchmarks/odbc_bench.py [--rows 5000000] [--runs 5] [--batch 10000]

Needs the driver registered (scripts/odbc-install.sh) and either CHODBC_CONNECTION_STRING or
CH26_HOST/CH26_PORT/CH_TEST_USER/CH_TEST_PASSWORD (source .servers/env) plus
CHODBC_DRIVER_NAME. Turn ODBC tracing off: it dominates any measurement.
"""
import argparse
import json
import os
import statistics
import time

import pyodbc
from clickhouse_driver import Client


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--host", default=os.environ.get("CH26_HOST", "127.0.0.1"))
    ap.add_argument("--port", type=int, default=int(os.environ.get("CH26_PORT", "9000")))
    ap.add_argument("--floor-driver", default=os.environ.get("CHODBC_FLOOR_DRIVER"),
                    help="name of the registered no-work driver (Benchmarks/floor/null_driver.c): also time "
                         "pyodbc over it, the least any ODBC driver can take")
    ap.add_argument("--json", action="store_true",
                    help="print the suite's JSON lines (workload O1, peers odbc and driver) instead of text")
    args = ap.parse_args()

    host, port = args.host, args.port
    user = os.environ.get("CH_TEST_USER", "default")
    password = os.environ.get("CH_TEST_PASSWORD", "")
    driver = os.environ.get("CHODBC_DRIVER_NAME", "ClickHouse Native (Unicode)")
    cs = os.environ.get("CHODBC_CONNECTION_STRING") or f"Driver={{{driver}}};Server={host};Port={port};UID={user};PWD={password}"
    sql = f"SELECT number, toString(number) FROM numbers({args.rows})"

    def odbc_run(connection_string=cs):
        cnxn = pyodbc.connect(connection_string)
        cur = cnxn.cursor()
        t = time.perf_counter()
        cur.execute(sql)
        n = 0
        while True:
            rows = cur.fetchmany(args.batch)
            if not rows:
                break
            n += len(rows)
        elapsed = time.perf_counter() - t
        cnxn.close()
        assert n == args.rows, n
        return elapsed

    def driver_run():
        client = Client(host=host, port=port, user=user, password=password)
        t = time.perf_counter()
        n = 0
        for _ in client.execute_iter(sql, settings={"max_block_size": 65536}):
            n += 1
        elapsed = time.perf_counter() - t
        client.disconnect()
        assert n == args.rows, n
        return elapsed

    floor_cs = f"Driver={{{args.floor_driver}}};Server=none" if args.floor_driver else None
    odbc_times, driver_times, floor_times = [], [], []
    for i in range(args.runs):
        # Alternate so all see the same machine load.
        odbc_times.append(odbc_run())
        driver_times.append(driver_run())
        if floor_cs:
            floor_times.append(odbc_run(floor_cs))
        if not args.json:
            print(f"run {i + 1}: pyodbc+CHODBC {odbc_times[-1]:.2f} s, clickhouse-driver {driver_times[-1]:.2f} s", flush=True)
    o, d = statistics.median(odbc_times), statistics.median(driver_times)
    if args.json:
        for peer, times in (("odbc", odbc_times), ("driver", driver_times), ("floor", floor_times)):
            if not times:
                continue
            print(json.dumps({"workload": "O1", "peer": peer, "median_s": statistics.median(times),
                              "min_s": min(times), "runs": [round(t, 4) for t in times]}))
        return
    print(f"rows: {args.rows:,} of (UInt64, String), {args.runs} runs, median")
    print(f"pyodbc + CHODBC (fetchmany {args.batch}): {o:.2f} s  ({args.rows / o / 1e6:.2f} M rows/s)")
    print(f"clickhouse-driver (execute_iter):       {d:.2f} s  ({args.rows / d / 1e6:.2f} M rows/s)")
    if floor_times:
        f = statistics.median(floor_times)
        print(f"pyodbc + a driver that does no work:  {f:.2f} s  (the floor for any ODBC driver under pyodbc)")
    print(f"ratio ODBC / clickhouse-driver: {o / d:.2f}  ({'ODBC faster or equal' if o <= d else 'ODBC slower'})")


if __name__ == "__main__":
    main()
