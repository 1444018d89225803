"""Workload Q1 (issue 16): `datalake query` against clickhouse-client, as SQL clients.

The same SELECT of --rows rows (a mix of types: S1's UInt64 and String plus Nullable,
LowCardinality, DateTime, Decimal, Float64, Int32, Date and Array columns, all of which
Debian's clickhouse-client 18.16 can decode) run by each client as a separate process with its
output on /dev/null, printed as TabSeparated (`FORMAT TabSeparated`: the client formats every
value) and with `FORMAT Null` (the client receives and decodes the blocks and prints nothing),
plus the server alone over HTTP (FORMAT TabSeparated read by a client that discards it, and
FORMAT Null) as the floor. Every peer is a warm-up and --runs timed runs, the peers interleaved,
--rounds times. For each client run: the process's wall time (start to exit, so start-up counts:
it is part of what a user of either client pays) and its CPU time (user + system of the child);
for every run the server's CPU from /proc/<pid>/stat with --server-pid.

Before timing, each client prints the first 1,000 rows as TabSeparated and the bytes are
compared with the server's own TabSeparated (reported, not required). If clickhouse-client is
missing or cannot run the query against this server (an old client may not know a type the
server sends), the report says so and the server alone is the peer.

Prints one JSON line per (peer, round) in the suite's format (Benchmarks/report.py).

    python3 Benchmarks/q1.py --datalake .build-bench/release/datalake --port 9000 --http-port 8123 \
        [--rows 5000000] [--runs 5] [--rounds 2] [--server-pid PID]
"""
import argparse, json, os, re, resource, shutil, statistics, subprocess, sys, time, urllib.request

SQL = """SELECT number AS id, toString(number) AS s, toNullable(number % 7) AS n1,
 if(number % 5 = 0, NULL, concat('name-', toString(number))) AS n2,
 toLowCardinality(concat('cat-', toString(number % 50))) AS lc,
 toDateTime(1700000000 + number, 'UTC') AS ts, toDecimal64(number % 100000, 4) AS dec,
 number / 3 AS f, toInt32(number) AS i32, toDate(19000 + number % 1000) AS d,
 [toString(number % 3), 'x'] AS arr
FROM numbers({ROWS})"""
COLUMNS = 11


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, TypeError):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datalake", required=True)
    ap.add_argument("--client", default="clickhouse-client")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--http-port", type=int, required=True)
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--server-pid", type=int)
    a = ap.parse_args()

    def sql(rows, fmt):
        return SQL.replace("{ROWS}", str(rows)) + f" FORMAT {fmt}"

    def datalake_cmd(q):
        return [a.datalake, "query", "--host", a.host, "--port", str(a.port), q]

    def client_cmd(q):
        return [a.client, "--host", a.host, "--port", str(a.port), "--query", q]

    def http_body(q):
        req = urllib.request.Request(f"http://{a.host}:{a.http_port}/", data=q.encode())
        with urllib.request.urlopen(req) as r:
            return r.read()

    def http_discard(q):
        req = urllib.request.Request(f"http://{a.host}:{a.http_port}/", data=q.encode())
        buf = bytearray(1 << 20)
        with urllib.request.urlopen(req) as r:
            while r.readinto(buf):
                pass

    def note(text):
        print(f"q1: {text}", file=sys.stderr)
        print(json.dumps({"workload": "Q1", "peer": "note", "runs": [0], "text": text}))

    # The first 1,000 rows from each client, compared with the server's own TabSeparated.
    reference = http_body(sql(1000, "TabSeparated"))
    checks = {}
    client_ok = shutil.which(a.client) is not None
    version = ""
    if client_ok:
        v = subprocess.run([a.client, "--version"], capture_output=True, text=True)
        m = re.search(r"version (\d[\d.]*\d)", v.stdout)
        version = m.group(1) if m else "?"
        p = subprocess.run(client_cmd(sql(1000, "TabSeparated")), capture_output=True, timeout=120)
        if p.returncode != 0:
            client_ok = False
            note(f"clickhouse-client {version} cannot run Q1 against this server "
                 f"({p.stderr.decode(errors='replace').strip().splitlines()[0] if p.stderr else 'exit %d' % p.returncode}); "
                 "the server alone over HTTP is the peer")
        else:
            checks["client"] = p.stdout
    else:
        note("clickhouse-client is not installed; the server alone over HTTP is the peer")
    p = subprocess.run(datalake_cmd(sql(1000, "TabSeparated")), capture_output=True, timeout=120)
    if p.returncode != 0:
        print(f"q1: datalake query failed: {p.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 1
    checks["datalake"] = p.stdout
    for who, out in checks.items():
        same = out == reference
        detail = ""
        if not same:
            ours, theirs = out.split(b"\n"), reference.split(b"\n")
            for i, (x, y) in enumerate(zip(ours, theirs)):
                if x != y:
                    cols = list(zip(x.split(b"\t"), y.split(b"\t")))
                    k = next((k for k, (u, v) in enumerate(cols) if u != v), len(cols))
                    u, v = (cols[k] if k < len(cols) else (x[:80], y[:80]))
                    detail = (f"; first difference on line {i + 1}, column {k + 1}: "
                              f"{u.decode(errors='replace')[:80]!r} vs the server's {v.decode(errors='replace')[:80]!r}")
                    break
            else:
                detail = f"; {len(ours)} lines vs the server's {len(theirs)}"
        print(json.dumps({"workload": "Q1", "peer": f"check-{who}", "runs": [0], "identical": same,
                          "detail": detail, "version": version if who == "client" else ""}))
        print(f"q1: {who} TabSeparated of 1,000 rows {'identical to' if same else 'differs from'} the server's{detail}",
              file=sys.stderr)

    devnull = open(os.devnull, "wb")

    def process(cmd):
        def run():
            r = subprocess.run(cmd, stdout=devnull, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
            if r.returncode != 0:
                raise RuntimeError(f"{cmd[0]} exited {r.returncode}: {r.stderr.decode(errors='replace').strip()[:300]}")
        return run

    peers = [("datalake-tsv", process(datalake_cmd(sql(a.rows, "TabSeparated"))), True),
             ("datalake-null", process(datalake_cmd(sql(a.rows, "Null"))), True)]
    if client_ok:
        peers += [("client-tsv", process(client_cmd(sql(a.rows, "TabSeparated"))), True),
                  ("client-null", process(client_cmd(sql(a.rows, "Null"))), True)]
    peers += [("server-tsv", lambda: http_discard(sql(a.rows, "TabSeparated")), False),
              ("server-null", lambda: http_discard(sql(a.rows, "Null")), False)]

    failed = set()
    for rnd in range(a.rounds):
        for name, fn, child in peers:
            if name in failed:
                continue
            print(f"q1: {name} (round {rnd + 1} of {a.rounds})", file=sys.stderr)
            try:
                fn()  # warm-up
                times, cpus, server = [], [], []
                for _ in range(a.runs):
                    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                    s0 = cpu_seconds(a.server_pid)
                    t = time.perf_counter()
                    fn()
                    times.append(time.perf_counter() - t)
                    s1 = cpu_seconds(a.server_pid)
                    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                    if child:
                        cpus.append(round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 4))
                    if s0 is not None and s1 is not None:
                        server.append(s1 - s0)
            except Exception as e:  # noqa: BLE001 - one peer failing is reported, the others run
                failed.add(name)
                print(f"q1: {name} failed: {e}", file=sys.stderr)
                continue
            rec = {"workload": "Q1", "peer": name, "median_s": statistics.median(times), "min_s": min(times),
                   "runs": [round(t, 4) for t in times], "cpu_runs": cpus, "rows": a.rows, "columns": COLUMNS,
                   "client_version": version}
            if server:
                rec["server_cpu_mean_s"] = statistics.mean(server)
            print(json.dumps(rec), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
