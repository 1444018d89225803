"""Peer measurements for Benchmarks/run.sh: the Python clickhouse-driver (native protocol)
and the server alone (the same query over HTTP with FORMAT Null, so the server does all its
work but sends nothing). Prints one JSON object per measurement."""
import argparse, json, statistics, sys, time, urllib.parse, urllib.request

p = argparse.ArgumentParser()
p.add_argument("--host", default="127.0.0.1")
p.add_argument("--port", type=int, default=9000)
p.add_argument("--http-port", type=int, default=8123)
p.add_argument("--workload", required=True)
p.add_argument("--peer", choices=["driver", "server", "server-native", "client"], required=True)
p.add_argument("--runs", type=int, default=5)
p.add_argument("--rows", type=int, default=5_000_000)
a = p.parse_args()

S1 = f"SELECT number, toString(number) FROM numbers({a.rows})"
S4 = open(__file__.replace("peers.py", "s4.sql")).read().replace("{ROWS}", str(a.rows // 5))
SQL = {"S1": S1, "S2": S1, "S3": S1, "S4": S4, "C1": f"SELECT number, toString(number) FROM numbers({a.rows // 16})"}
# C1 uses the default (no compression), like the server-alone figure it is compared with.
COMPRESSION = {"S1": False, "S2": "lz4", "S3": "zstd", "S4": False, "I1": False, "I2": "lz4", "C1": False}


if a.workload == "S5":
    # Small queries: a.rows round trips of `SELECT i` on one connection.
    if a.peer == "client":
        # Debian's clickhouse-client (C++, native protocol), all queries in one process and
        # connection; the cost of starting it (one query) is subtracted.
        import subprocess
        def run(n):
            script = "".join(f"SELECT {i};\n" for i in range(n))
            t = time.perf_counter()
            subprocess.run(["clickhouse-client", "--host", a.host, "--port", str(a.port), "--multiquery", "--format", "Null"],
                           input=script.encode(), check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - t
        run(a.rows)
        start = statistics.median(run(1) for _ in range(3))
        times = [max(run(a.rows) - start, 1e-9) for _ in range(a.runs)]
        print(json.dumps({"workload": "S5", "peer": "client", "median_s": statistics.median(times), "min_s": min(times),
                          "runs": times, "startup_s": start}))
        sys.exit(0)
    if a.peer != "driver":
        sys.exit(0)


def timed(fn):
    fn()
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def emit(times, **extra):
    print(json.dumps({"workload": a.workload, "peer": a.peer, "median_s": statistics.median(times),
                      "min_s": min(times), "runs": [round(t, 4) for t in times], **extra}))


def http(sql, query=""):
    req = urllib.request.Request(f"http://{a.host}:{a.http_port}/?{query}", data=sql.encode())
    buf = bytearray(1 << 20)
    with urllib.request.urlopen(req) as r:
        while r.readinto(buf):
            pass


def fetch(sql, query=""):
    req = urllib.request.Request(f"http://{a.host}:{a.http_port}/?{query}", data=sql.encode())
    with urllib.request.urlopen(req) as r:
        return r.read()


def post(body, query):
    req = urllib.request.Request(f"http://{a.host}:{a.http_port}/?{query}", data=body)
    with urllib.request.urlopen(req) as r:
        r.read()


if a.peer == "server-native" and a.workload in ("I1", "I2"):
    # Informational: the server taking the same rows as a Native insert (LZ4-compressed for I2)
    # from a client that has the bytes ready, i.e. the server's own cost of receiving,
    # decompressing and parsing what CHNative sends. The bytes are made by the server once,
    # untimed.
    http("CREATE TABLE IF NOT EXISTS bench_null (a UInt64, b String) ENGINE = Null")
    lz4 = a.workload == "I2"
    body = fetch(f"SELECT number AS a, toString(number) AS b FROM numbers({a.rows}) FORMAT Native",
                 "compress=1&network_compression_method=lz4" if lz4 else "")
    insert = urllib.parse.urlencode({"query": "INSERT INTO bench_null FORMAT Native"})
    emit(timed(lambda: post(body, insert + ("&decompress=1" if lz4 else ""))))
    sys.exit(0)

if a.peer == "server-native":
    # Informational: the server producing the Native format for a client that discards it,
    # i.e. the server's own cost of serializing (and for S2/S3 compressing) and sending what
    # CHNative decodes.
    if a.workload == "C1":
        import concurrent.futures as cf
        with cf.ThreadPoolExecutor(16) as ex:
            emit(timed(lambda: list(ex.map(lambda _: http(SQL["C1"] + " FORMAT Native"), range(16)))))
    elif a.workload in ("S1", "S4"):
        emit(timed(lambda: http(SQL[a.workload] + " FORMAT Native")))
    elif a.workload in ("S2", "S3"):
        # The same with the server compressing each block (HTTP compress=1 uses the native
        # protocol's compressed-block framing and network_compression_method).
        method = COMPRESSION[a.workload]
        emit(timed(lambda: http(SQL[a.workload] + " FORMAT Native", f"compress=1&network_compression_method={method}")))
    sys.exit(0)


if a.peer == "server":
    if a.workload in ("I1", "I2"):
        http("CREATE TABLE IF NOT EXISTS bench_null (a UInt64, b String) ENGINE = Null")
        emit(timed(lambda: http(f"INSERT INTO bench_null SELECT number, toString(number) FROM numbers({a.rows})")))
    elif a.workload == "C1":
        import concurrent.futures as cf
        with cf.ThreadPoolExecutor(16) as ex:
            emit(timed(lambda: list(ex.map(lambda _: http(SQL["C1"] + " FORMAT Null"), range(16)))))
    else:
        emit(timed(lambda: http(SQL[a.workload] + " FORMAT Null")))
    sys.exit(0)

from clickhouse_driver import Client  # noqa: E402

kw = {"compression": COMPRESSION[a.workload],
      "settings": {"network_compression_method": COMPRESSION[a.workload]}} if COMPRESSION.get(a.workload) else {}
client = Client(a.host, port=a.port, **kw)

if a.workload in ("I1", "I2"):
    client.execute("CREATE TABLE IF NOT EXISTS bench_null (a UInt64, b String) ENGINE = Null")
    ids = list(range(a.rows))
    strs = [str(i) for i in ids]
    blocks = [(ids[i:i + 65536], strs[i:i + 65536]) for i in range(0, a.rows, 65536)]

    def insert():
        for x, y in blocks:
            client.execute("INSERT INTO bench_null (a, b) VALUES", [x, y], columnar=True)
    emit(timed(insert))
elif a.workload == "S5":
    def small():
        for i in range(a.rows):
            client.execute(f"SELECT {i}")
    emit(timed(small))
elif a.workload == "C1":
    import concurrent.futures as cf
    clients = [Client(a.host, port=a.port, **kw) for _ in range(16)]

    def one(c):
        n = 0
        for _ in c.execute_iter(SQL["C1"]):
            n += 1
        return n
    with cf.ThreadPoolExecutor(16) as ex:
        emit(timed(lambda: list(ex.map(one, clients))))
else:
    def read():
        n = 0
        for _ in client.execute_iter(SQL[a.workload]):
            n += 1
        assert n > 0
    emit(timed(read))
