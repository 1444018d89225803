"""Prints the benchmark table from the JSON lines of one run.

Each (workload, peer) may appear once per round; the samples of all rounds are pooled, and
the table shows the median (used for the ratios) and the minimum of the pooled samples. The
CHNative column also shows the client's own CPU time (user + system, median), which stays
meaningful when other load on the machine disturbs the wall clock."""
import json, os, statistics, sys

path, rows, runs = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = sys.argv[4] if len(sys.argv) > 4 else "1"
res = {}
g1 = []  # the datalake ingestion runs (Benchmarks/g1.sh), one record each
g2 = []  # the same events POSTed to datalake serve (Benchmarks/g1_http.py), one record each
k1 = []  # scripts/cluster-bench.sh --json: one record (or a "skipped" one)
c2 = []  # Tests/odbc/catalog_scale.py --json: one record per (who, call) and a "setup" record
for line in open(path):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    if r["workload"] in ("G1", "G2", "K1", "C2"):
        {"G1": g1, "G2": g2, "K1": k1, "C2": c2}[r["workload"]].append(r)
        continue
    key = (r["workload"], r["peer"])
    if key not in res:
        res[key] = {"runs": [], "cpu_runs": [], "server_cpu": [], "server_thread": [], "extra": {}}
    entry = res[key]
    entry["runs"] += r.get("runs") or [r["median_s"]]
    entry["cpu_runs"] += r.get("cpu_runs") or []
    if r.get("server_cpu_mean_s") is not None:
        entry["server_cpu"].append(r["server_cpu_mean_s"])
    if r.get("server_busiest_thread_s") is not None:
        entry["server_thread"].append((r["server_busiest_thread_s"], r.get("server_busiest_thread", "?")))
    entry["extra"].update({k: v for k, v in r.items() if k not in ("runs", "cpu_runs")})


def med(entry):
    return statistics.median(entry["runs"])


CORES = os.cpu_count() or 1
TARGETS = {
    "S1": "<=2.5x server, >=15x driver", "S2": ">=6x driver", "S3": ">=6x driver", "S4": ">=15x driver",
    "I1": ">=10x driver", "I2": ">=10x driver", "M1": "peak RSS < 64 MiB", "C1": ">=80% of server capacity",
    "O1": "ODBC >= driver", "S5": "per-query client CPU no higher than before",
}
print(f"\nCHNative benchmark — rows per workload: {rows}; {runs} timed runs after a warm-up, x{rounds} "
      f"interleaved rounds; median (min) of the pooled runs, seconds; ratios from the medians")
print(f"{'workload':8} {'CHNative':>15} {'cpu':>6} {'server':>15} {'driver':>15} {'vs server':>10} {'vs driver':>13}  target")
for w in ["S1", "S2", "S3", "S4", "S5", "I1", "I2", "M1", "C1", "O1"]:
    me = res.get((w, "chnative")) or res.get((w, "odbc"))
    if not me:
        continue
    srv = res.get((w, "server"))
    drv = res.get((w, "driver"))
    t = med(me)

    def cell(e):
        return f"{med(e):7.3f} ({min(e['runs']):.3f})" if e else f"{'-':>15}"
    cpu = f"{statistics.median(me['cpu_runs']):6.3f}" if me["cpu_runs"] else f"{'-':>6}"
    vs_srv = f"{t / med(srv):.2f}x" if srv else "-"
    if w == "C1" and srv:
        vs_srv = f"{med(srv) / t * 100:.0f}%"
    vs_drv = "-"
    if drv:
        vs_drv = f"{med(drv) / t:.1f}x faster" if med(drv) >= t else f"{t / med(drv):.1f}x slower"
    print(f"{w:8} {cell(me)} {cpu} {cell(srv)} {cell(drv)} {vs_srv:>10} {vs_drv:>13}  {TARGETS.get(w, '')}")
    nat = res.get((w, "server-native"))
    if nat:
        if w in ("I1", "I2"):
            what = "the LZ4-compressed Native insert" if w == "I2" else "the Native insert"
            print(f"{'':8} server taking {what} from a client with the bytes ready: {cell(nat)} -> CHNative is {t / med(nat):.2f}x that")
        else:
            what = {"S2": "LZ4-compressed Native", "S3": "ZSTD-compressed Native"}.get(w, "Native")
            print(f"{'':8} server producing {what} for a discarding HTTP client: {cell(nat)} -> CHNative is {t / med(nat):.2f}x that")
    if me["cpu_runs"] and me.get("server_cpu"):
        # CHNative and the server share this machine's cores, so a run takes at least the CPU
        # both spend on it divided by the cores, and at least the time of the server's busiest
        # thread (the one that serializes, compresses and sends, or receives).
        client_cpu = statistics.median(me["cpu_runs"])
        server_cpu = statistics.mean(me["server_cpu"])
        thread = statistics.mean(v for v, _ in me["server_thread"]) if me["server_thread"] else 0.0
        thread_name = me["server_thread"][0][1] if me["server_thread"] else "?"
        bound = max(thread, (client_cpu + server_cpu) / CORES)
        free = max(thread, server_cpu / CORES)  # a client that needed no CPU at all
        if w == "C1" and srv:
            allows = f"; that allows {med(srv) / bound * 100:.0f}%, a client needing no CPU {med(srv) / free * 100:.0f}%"
        elif drv:
            allows = f"; that allows {med(drv) / bound:.1f}x the driver, a client needing no CPU {med(drv) / free:.1f}x"
        else:
            allows = ""
        print(f"{'':8} CPU per run: CHNative {client_cpu:.3f} s, server {server_cpu:.3f} s (its busiest thread, "
              f"{thread_name}, {thread:.3f} s) -> no run takes less than {bound:.3f} s on {CORES} cores "
              f"(CHNative takes {t / bound:.2f}x that){allows}")
    if w == "S5":
        n = int(me["extra"].get("queries", 1)) or 1
        parts = [f"CHNative {t / n * 1e6:.0f} us wall, {statistics.median(me['cpu_runs']) / n * 1e6:.0f} us client CPU" if me["cpu_runs"] else ""]
        if drv:
            parts.append(f"clickhouse-driver {med(drv) / n * 1e6:.0f} us")
        cli = res.get(("S5", "client"))
        if cli:
            parts.append(f"clickhouse-client (C++) {med(cli) / n * 1e6:.0f} us (start-up subtracted)")
        print(f"{'':8} per query ({n} round trips of SELECT i on one connection): " + "; ".join(p for p in parts if p))
    if w == "M1":
        print(f"{'':8} peak RSS {me['extra'].get('peak_rss_kib', -1) / 1024:.1f} MiB while streaming and touching every value")
floor = res.get(("O1", "floor"))
if floor and res.get(("O1", "odbc")):
    print(f"{'':8} pyodbc over a driver that does no work (the floor for any ODBC driver): {med(floor):7.3f} "
          f"({min(floor['runs']):.3f}) -> CHODBC adds {med(res[('O1', 'odbc')]) - med(floor):+.3f} s; "
          f"the floor is {med(floor) / med(res[('O1', 'driver')]):.2f}x clickhouse-driver")
if res.get(("O1", "odbc")):
    print("O1: 'CHNative' is pyodbc + this ODBC driver (fetchmany(10000)) through unixODBC; 'driver' is "
          "clickhouse-driver execute_iter, the same rows, alternating runs.")
def mid(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def faster(mine, theirs):
    return f"{theirs / mine:.1f}x faster" if theirs >= mine else f"{mine / theirs:.1f}x slower"


if any(w == "Q1" for w, _ in res):
    def q1(peer):
        return res.get(("Q1", peer))
    some = next(e for (w, _), e in res.items() if w == "Q1" and e["extra"].get("rows"))
    version = some["extra"].get("client_version") or "?"
    print(f"Q1       SQL clients: SELECT of {int(some['extra']['rows']):,} rows x {some['extra'].get('columns', '?')} columns "
          f"(mixed types) to /dev/null, each client a process (start-up included); median (min) s, client CPU s")
    print(f"{'':8} {'output':13} {'datalake query':>15} {'cpu':>6} {'clickhouse-client':>17} {'cpu':>6} "
          f"{'server (HTTP)':>15} {'vs client':>12} {'vs server':>9}")
    for label, suffix in (("TabSeparated", "tsv"), ("FORMAT Null", "null")):
        me, cli, srv = q1(f"datalake-{suffix}"), q1(f"client-{suffix}"), q1(f"server-{suffix}")
        if not me:
            continue
        t = med(me)

        def cell(e, width=15):
            return f"{med(e):7.3f} ({min(e['runs']):.3f})".rjust(width) if e else "-".rjust(width)

        def cpu(e):
            return f"{statistics.median(e['cpu_runs']):6.3f}" if e and e["cpu_runs"] else f"{'-':>6}"
        vs_cli = faster(t, med(cli)) if cli else "-"
        vs_srv = f"{t / med(srv):.2f}x" if srv else "-"
        print(f"{'':8} {label:13} {cell(me)} {cpu(me)} {cell(cli, 17)} {cpu(cli)} {cell(srv)} {vs_cli:>12} {vs_srv:>9}")
    srv_cpu = [(n, e["server_cpu"]) for n, e in ((p, q1(p)) for p in
               ("datalake-tsv", "client-tsv", "server-tsv", "datalake-null", "client-null", "server-null")) if e and e["server_cpu"]]
    if srv_cpu:
        print(f"{'':8} server CPU per run: " + ", ".join(f"{n} {statistics.mean(v):.2f} s" for n, v in srv_cpu))
    checks = []
    for who, name in (("datalake", "datalake query"), ("client", f"clickhouse-client {version}")):
        c = q1(f"check-{who}")
        if c:
            checks.append(f"{name} {'identical' if c['extra'].get('identical') else 'differs' + c['extra'].get('detail', '')}")
    if checks:
        print(f"{'':8} TabSeparated of the first 1,000 rows vs the server's own: " + "; ".join(checks))
    n = q1("note")
    if n:
        print(f"{'':8} note: {n['extra']['text']}")
    print(f"{'':8} 'vs server': datalake query's time / the server alone over HTTP (TabSeparated read and discarded "
          f"by a Python client; FORMAT Null sends nothing)")
if g1:
    per_m = 1e6 / g1[0]["events"]
    print(f"G1       datalake ingest of {g1[0]['events']:,} events, {len(g1)} runs: "
          f"{mid(r['events_per_s'] for r in g1):,.0f} events/s median (min {min(r['events_per_s'] for r in g1):,.0f}); "
          f"visibility p50 {mid(r['p50_ms'] for r in g1):.0f} ms, p99 {mid(r['p99_ms'] for r in g1):.0f} ms median "
          f"(worst {max(r['p99_ms'] or 0 for r in g1):.0f}), max {max(r['max_ms'] or 0 for r in g1):.0f} ms  "
          f"target: >=100,000 events/s, p99 <= 1 s")
    print(f"{'':8} CPU per million events (median): ingestor {mid(r['cpu_runs'][0] for r in g1) * per_m:.2f} s, "
          f"server {mid(r['server_cpu_s'] for r in g1) * per_m:.2f} s")
if g2:
    per_m2 = 1e6 / g2[0]["events"]
    rate = mid(r["events_per_s"] for r in g2)
    g1_rate = mid(r["events_per_s"] for r in g1) if g1 else None
    versus = f"; G2/G1 events/s {rate / g1_rate:.2f}" if g1_rate and g1[0]["events"] == g2[0]["events"] else \
        ("; G2/G1 - (G1 not run on the same events)" if not g1 else "; G2/G1 - (different event counts)")
    print(f"G2       datalake serve (HTTP) of the same {g2[0]['events']:,} events, {g2[0]['clients']} clients x "
          f"{g2[0]['batch']:,}-line batches, {len(g2)} runs: {rate:,.0f} events/s median "
          f"(min {min(r['events_per_s'] for r in g2):,.0f}){versus}")
    line = f"{'':8} CPU per million events (median): serve {mid(r['serve_cpu_s'] for r in g2) * per_m2:.2f} s"
    if g1:
        line += f" (G1's ingestor {mid(r['cpu_runs'][0] for r in g1) * 1e6 / g1[0]['events']:.2f} s)"
    if any(r.get("server_cpu_s") is not None for r in g2):
        line += f", server {mid(r.get('server_cpu_s') for r in g2) * per_m2:.2f} s"
        if g1:
            line += f" (G1 {mid(r['server_cpu_s'] for r in g1) * 1e6 / g1[0]['events']:.2f} s)"
    print(line)
for r in k1:
    if r["peer"] == "skipped":
        print("K1       cluster (scripts/cluster-bench.sh): skipped in --quick (K1_QUICK=0)")
        continue
    runs = {x["name"]: x for x in r["g1"]}
    print(f"K1       one embedded node vs 3 shards on the same {r.get('cores', '?')} cores "
          f"(scripts/cluster-bench.sh, {r['events']:,} events, {r['runs'][0]:.0f} s); ratios 3 shards / 1 node")

    def ratio(a, b, k):
        try:
            return f"{b[k] / a[k]:.2f}"
        except (KeyError, TypeError, ZeroDivisionError):
            return "-"
    for label, one, three in (("G1 one org", "G1 one org, 1 node", "G1 one org, 3 shards"),
                              ("G1 3 orgs", "G1 3 orgs, 1 node", "G1 3 orgs, 3 shards")):
        a, b = runs.get(one), runs.get(three)
        if not a or not b:
            continue
        fmt = lambda x: f"{x['events_per_s']:,.0f} events/s, p99 {x['p99_ms'] or -1:,.0f} ms, server CPU {x.get('server_cpu_s', float('nan')):.1f} s"
        print(f"{'':8} {label:11} 1 node {fmt(a)}; 3 shards {fmt(b)} -> events/s {ratio(a, b, 'events_per_s')}x, "
              f"p99 {ratio(a, b, 'p99_ms')}x")
    print(f"{'':8} report (FINAL, all organisations, best of 5): 1 node {r['report_1node_ms']:.0f} ms, "
          f"3 shards {r['report_3shards_ms']:.0f} ms -> {r['report_3shards_ms'] / r['report_1node_ms']:.2f}x")
if c2:
    setup = next((r for r in c2 if r["peer"] == "setup"), {})
    calls = {}
    for r in c2:
        if r["peer"] != "setup":
            calls.setdefault(r["call"], {})[r["peer"]] = r
    print(f"C2       ODBC catalog calls with {setup.get('orgs', '?')} organisations ({setup.get('tables', '?'):,} tables and views "
          f"in datawarehouse; setup {setup.get('setup_s', '?')} s), pyodbc + the release driver; median (max) ms of "
          f"{setup.get('repeat', '?')} calls, rows, server queries per call")
    print(f"{'':8} {'call':36} {'credential':>30} {'admin':>30} {'admin/cred':>10}")
    for call, who in calls.items():
        def cell(x):
            return f"{x['median_ms']:7.1f} ({x['max_ms']:.1f}) {x['rows']:6d} r {x['queries']:3.1f} q" if x else "-"
        cr, ad = who.get("credential"), who.get("admin")
        rel = f"{ad['median_ms'] / cr['median_ms']:.1f}x" if cr and ad and cr["median_ms"] > 0 else "-"
        print(f"{'':8} {call:36} {cell(cr):>30} {cell(ad):>30} {rel:>10}")
print("cpu: CHNative client CPU seconds (user + system) per run, median; server CPU per run is the mean "
      "over the timed runs (/proc/<pid>/stat, 10 ms ticks, includes the idle server's own ~2%; threads from "
      "/proc/<pid>/task/*/schedstat). C1 'vs server': server-alone "
      "time / CHNative time (throughput relative to the server's own capacity). 'server' is FORMAT Null, "
      "which skips serializing and sending; the Native line (informational) includes them.")
