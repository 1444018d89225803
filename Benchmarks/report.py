"""Prints the benchmark table from the JSON lines of one run.

Each (workload, peer) may appear once per round; the samples of all rounds are pooled, and
the table shows the median (used for the ratios) and the minimum of the pooled samples. The
CHNative column also shows the client's own CPU time (user + system, median), which stays
meaningful when other load on the machine disturbs the wall clock."""
import json, statistics, sys

path, rows, runs = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = sys.argv[4] if len(sys.argv) > 4 else "1"
res = {}
for line in open(path):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    key = (r["workload"], r["peer"])
    if key not in res:
        res[key] = {"runs": [], "cpu_runs": [], "extra": {}}
    entry = res[key]
    entry["runs"] += r.get("runs") or [r["median_s"]]
    entry["cpu_runs"] += r.get("cpu_runs") or []
    entry["extra"].update({k: v for k, v in r.items() if k not in ("runs", "cpu_runs")})


def med(entry):
    return statistics.median(entry["runs"])


TARGETS = {
    "S1": "<=2.5x server, >=15x driver", "S2": ">=6x driver", "S3": ">=6x driver", "S4": ">=15x driver",
    "I1": ">=10x driver", "I2": ">=10x driver", "M1": "peak RSS < 64 MiB", "C1": ">=80% of server capacity",
    "O1": "ODBC >= driver",
}
print(f"\nCHNative benchmark — rows per workload: {rows}; {runs} timed runs after a warm-up, x{rounds} "
      f"interleaved rounds; median (min) of the pooled runs, seconds; ratios from the medians")
print(f"{'workload':8} {'CHNative':>15} {'cpu':>6} {'server':>15} {'driver':>15} {'vs server':>10} {'vs driver':>13}  target")
for w in ["S1", "S2", "S3", "S4", "I1", "I2", "M1", "C1", "O1"]:
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
        what = {"S2": "LZ4-compressed Native", "S3": "ZSTD-compressed Native"}.get(w, "Native")
        print(f"{'':8} server producing {what} for a discarding HTTP client: {cell(nat)} -> CHNative is {t / med(nat):.2f}x that")
    if w == "M1":
        print(f"{'':8} peak RSS {me['extra'].get('peak_rss_kib', -1) / 1024:.1f} MiB while streaming and touching every value")
if res.get(("O1", "odbc")):
    print("O1: 'CHNative' is pyodbc + this ODBC driver (fetchmany(10000)) through unixODBC; 'driver' is "
          "clickhouse-driver execute_iter, the same rows, alternating runs.")
print("cpu: CHNative client CPU seconds (user + system) per run, median. C1 'vs server': server-alone "
      "time / CHNative time (throughput relative to the server's own capacity). 'server' is FORMAT Null, "
      "which skips serializing and sending; the Native line (informational) includes them.")
