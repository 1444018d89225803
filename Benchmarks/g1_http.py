#!/usr/bin/env python3
"""G1 over HTTP: the G1 events (Benchmarks/g1.sh's cached file) POSTed to `datalake serve`.

Starts `BIN serve` against the ClickHouse server on --port with a fresh warehouse, posts the file
in batches of --batch lines from --clients keep-alive connections (each batch answered once
committed), and prints one JSON line: events, seconds (first POST to last answer), events/s,
and the server process's CPU seconds. SIGTERM ends `serve` (it drains and exits 0; checked).
With --server-pid, also the ClickHouse server's CPU seconds over the same interval; with
--workload W (Benchmarks/run.sh's G2), the line also carries the suite's fields (workload, peer,
runs).

    python3 Benchmarks/g1_http.py --bin .build/release/datalake --port 9000 \
        --events /tmp/datalake-g1/events-200000.ndjson [--clients 8] [--batch 1000] \
        [--server-pid PID] [--workload G2]
"""
import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--port", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--workload")
    a = ap.parse_args()

    warehouse = "g1http_%x" % random.getrandbits(48)
    conn = ["--port", a.port]
    subprocess.run([a.bin, "schema", "apply", "--warehouse", warehouse] + conn, check=True, capture_output=True)
    with open(a.events, "rb") as f:
        lines = f.read().split(b"\n")
    lines = [l for l in lines if l]
    batches = [b"\n".join(lines[i:i + a.batch]) for i in range(0, len(lines), a.batch)]
    dead = f"/tmp/{warehouse}.dead.ndjson"
    serve = subprocess.Popen([a.bin, "serve", "--warehouse", warehouse, "--http-port", "0", "--token", "t",
                              "--admin-token", "a", "--dead-letter", dead, "--allow-unknown-orgs"] + conn,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = serve.stdout.readline()
        http_port = int(line.split("http://127.0.0.1:")[1].split(" ")[0].split("/")[0])
        queue = list(reversed(batches))
        lock = threading.Lock()
        accepted = [0]
        errors = []

        def client():
            c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=300)
            while True:
                with lock:
                    if not queue:
                        return
                    body = queue.pop()
                c.request("POST", "/v1/events", body=body, headers={"Authorization": "Bearer t"})
                r = c.getresponse()
                answer = r.read()
                if r.status != 200:
                    errors.append((r.status, answer[:200]))
                    return
                with lock:
                    accepted[0] += json.loads(answer)["accepted"]

        cpu0 = cpu_seconds(serve.pid)
        server0 = cpu_seconds(a.server_pid) if a.server_pid else None
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
        cpu1 = cpu_seconds(serve.pid)
        server1 = cpu_seconds(a.server_pid) if a.server_pid else None
        serve.send_signal(signal.SIGTERM)
        rc = serve.wait(timeout=120)
        out = {"events": len(lines), "accepted": accepted[0], "seconds": round(seconds, 3),
               "events_per_s": round(accepted[0] / seconds), "serve_cpu_s": round(cpu1 - cpu0, 2),
               "clients": a.clients, "batch": a.batch, "exit": rc, "errors": errors[:3]}
        if server0 is not None and server1 is not None:
            out["server_cpu_s"] = round(server1 - server0, 2)
        if a.workload:
            out = {"workload": a.workload, "peer": "serve", "runs": [out["seconds"]], **out}
        print(json.dumps(out))
        if errors:
            sys.exit(1)
    finally:
        if serve.poll() is None:
            serve.kill()
        subprocess.run([a.bin, "query"] + conn + [f"DROP DATABASE IF EXISTS {warehouse}"], capture_output=True)
        if os.path.exists(dead):
            os.remove(dead)


if __name__ == "__main__":
    main()
