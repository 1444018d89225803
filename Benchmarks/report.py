"""Prints the benchmark table from the JSON lines of one run."""
import json, sys

path, rows, runs = sys.argv[1], sys.argv[2], sys.argv[3]
res = {}
for line in open(path):
    line = line.strip()
    if line.startswith("{"):
        r = json.loads(line)
        res[(r["workload"], r["peer"])] = r

TARGETS = {
    "S1": "<=2.5x server, >=15x driver", "S2": ">=6x driver", "S3": ">=6x driver", "S4": ">=15x driver",
    "I1": ">=10x driver", "I2": ">=10x driver", "M1": "peak RSS < 64 MiB", "C1": ">=80% of server capacity",
    "O1": "ODBC >= driver",
}
print(f"\nCHNative benchmark — rows per workload: {rows}, median of {runs} runs after a warm-up (seconds)")
print(f"{'workload':8} {'CHNative':>10} {'server':>10} {'driver':>10} {'vs server':>10} {'vs driver':>10}  target")
for w in ["S1", "S2", "S3", "S4", "I1", "I2", "M1", "C1", "O1"]:
    me = res.get((w, "chnative")) or res.get((w, "odbc"))
    if not me:
        continue
    srv = res.get((w, "server"))
    drv = res.get((w, "driver"))
    t = me["median_s"]
    vs_srv = f"{t / srv['median_s']:.2f}x" if srv else "-"
    vs_drv = f"{drv['median_s'] / t:.1f}x faster" if drv else "-"
    print(f"{w:8} {t:10.3f} {srv['median_s'] if srv else float('nan'):10.3f} {drv['median_s'] if drv else float('nan'):10.3f} {vs_srv:>10} {vs_drv:>10}  {TARGETS.get(w, '')}")
    if w == "M1":
        print(f"{'':8} peak RSS {me.get('peak_rss_kib', -1) / 1024:.1f} MiB while streaming and touching every value")
