"""Workload G1: one run of `datalake ingest` over an NDJSON file, with visibility probes.

Starts `datalake ingest -` reading from a pipe, feeds it the events file as fast as it reads,
and every --interval seconds slips in a marker event (a valid portal event of the organisation
`g1probe`). A poller thread queries the table every --poll seconds and records when each marker
first shows up. The visibility latency of a marker is the time from its line being handed to the
ingestor (the pipe write returned, so any back-pressure wait counts) to the first SELECT that
returned it (the time that SELECT's answer arrived: an upper bound, off by at most one poll).

Prints one JSON line in the suite's format: wall seconds (`runs`), the ingestor's CPU seconds
(`cpu_runs`, user + system of the child), the server's CPU seconds (from /proc/<pid>/stat; they
include the poller's queries, about 4 ms of server CPU each on chdb 26.9), this script's own CPU
seconds, events per second and the p50/p99/max of the marker latencies.

    python3 Benchmarks/g1.py --bin datalake --file events.ndjson --port 9000 --warehouse g1_1 \
        --server-pid PID [--interval 0.02] [--poll 0.05]
"""
import argparse, json, os, resource, subprocess, sys, tempfile, threading, time

from clickhouse_driver import Client

PROBE_ORG = "g1probe"
CHUNK = 64 * 1024


def cpu_seconds(pid):
    """utime + stime of a process (all its threads), in seconds; None when unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def iso(t):
    ms = int(t * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def marker(run, k, t):
    return json.dumps({
        "dataset": "portal_events", "id": f"g1m-{run}-{k}", "org_id": PROBE_ORG, "session_id": f"g1s-{run}",
        "app_name": "g1 probe", "type": "freshness_probe", "details": {"k": k}, "created_at": iso(t),
    }, separators=(",", ":")).encode() + b"\n"


def line_cuts(path):
    """Offsets after a newline about every CHUNK bytes, ending with the file's size (a file
    that does not end with a newline is refused: its last line would run into a marker)."""
    cuts = []
    with open(path, "rb") as f:
        pos = 0
        while True:
            data = f.read(CHUNK)
            if not data:
                break
            last = data.rfind(b"\n")
            if last >= 0:
                cuts.append(pos + last + 1)
            pos += len(data)
    if not cuts or cuts[-1] != pos:
        sys.exit(f"g1: {path} must end with a newline")
    return cuts


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--warehouse", required=True)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--poll", type=float, default=0.05)
    ap.add_argument("--events", type=int, default=0, help="events in the file (for events/s)")
    ap.add_argument("--extra", default="", help="extra arguments for datalake ingest")
    a = ap.parse_args()

    sent = {}      # marker id -> time its line was in the pipe
    seen = {}      # marker id -> time a SELECT first returned it
    done = threading.Event()
    client = Client("127.0.0.1", port=a.port)
    sql = f"SELECT id FROM `{a.warehouse}`.portal_events WHERE org_id = '{PROBE_ORG}'"

    def poll():
        while True:
            finished = done.is_set()
            ids = client.execute(sql)
            now = time.time()
            for (i,) in ids:
                seen.setdefault(i, now)
            if finished and len(seen) >= len(sent):
                return
            if finished and now > done_at[0] + 30:
                return
            time.sleep(a.poll)

    done_at = [0.0]
    cmd = [a.bin, "ingest", "-", "--port", str(a.port), "--warehouse", a.warehouse, "--no-progress",
           "--dead-letter", os.devnull] + a.extra.split()
    server_cpu0 = cpu_seconds(a.server_pid) if a.server_pid else None
    cuts = line_cuts(a.file)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu0 = ru.ru_utime + ru.ru_stime
    harness_cpu0 = time.process_time()
    started = time.time()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    run = os.getpid()
    k = 0
    next_marker = time.time()
    pipe = proc.stdin.fileno()
    with open(a.file, "rb") as f:
        start = 0
        for cut in cuts:
            # The kernel copies the file's lines into the pipe; this process never touches them.
            while start < cut:
                start += os.sendfile(pipe, f.fileno(), start, cut - start)
            now = time.time()
            if now >= next_marker:
                write_all(pipe, marker(run, k, now))
                sent[f"g1m-{run}-{k}"] = time.time()
                k += 1
                next_marker = now + a.interval
    proc.stdin.close()
    proc.wait()
    log.seek(0)
    output = log.read().decode(errors="replace")
    wall = time.time() - started
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = ru.ru_utime + ru.ru_stime - client_cpu0
    done_at[0] = time.time()
    done.set()
    poller.join()
    server_cpu1 = cpu_seconds(a.server_pid) if a.server_pid else None
    if proc.returncode != 0:
        sys.stderr.write(f"g1: datalake ingest failed ({proc.returncode}): {output[-2000:]}\n")
        sys.exit(1)
    lat = sorted(seen[i] - sent[i] for i in sent if i in seen)
    missing = len(sent) - len(lat)

    def pct(p):
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] if lat else None
    summary = output.strip().splitlines()
    print(json.dumps({
        "workload": "G1", "peer": "chnative", "runs": [wall], "cpu_runs": [client_cpu],
        "events": a.events, "markers": len(sent), "missing_markers": missing,
        "events_per_s": a.events / wall if wall > 0 else 0,
        "p50_ms": pct(50) * 1000 if lat else None, "p99_ms": pct(99) * 1000 if lat else None,
        "max_ms": lat[-1] * 1000 if lat else None,
        "harness_cpu_s": time.process_time() - harness_cpu0,
        "server_cpu_s": (server_cpu1 - server_cpu0) if server_cpu0 is not None and server_cpu1 is not None else None,
        "ingest_summary": summary[0] if summary else "",
    }))
    sys.stdout.flush()

if __name__ == "__main__":
    main()
