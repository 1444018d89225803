"""ODBC on the cluster (issue 15, point 4): a 2-shard cluster of embedded ClickHouse 26.9 nodes
started with `datalake cluster start`, two organisations on different shards, read through the
real driver and unixODBC with pyodbc. With shard 2 down, the organisation on shard 1 is still
read in full through node 1; the one on shard 2 gets an error naming the dead node — never a
partial or empty result. Run by scripts/test-odbc.sh (which registers the driver)."""
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pyodbc
import pytest

from odbc_env import DRIVER

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATALAKE = os.environ.get("DATALAKE_BIN", os.path.join(ROOT, ".build", "debug", "datalake"))

pytestmark = [
    pytest.mark.skipif("ODBCSYSINI" not in os.environ, reason="run through scripts/test-odbc.sh"),
    pytest.mark.skipif(not os.path.exists(DATALAKE), reason="datalake is not built"),
    pytest.mark.skipif(subprocess.run(["python3", "-c", "import chdb._chdb"], capture_output=True).returncode != 0,
                       reason="chdb-core is not installed"),
]


def free_range(n):
    """A base port with n consecutive free ports after it."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n >= 65000:
            continue
        try:
            socks = []
            for p in range(base, base + n):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port range")


def run(*args, stdin=None):
    p = subprocess.run([DATALAKE, *args], input=stdin, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, f"datalake {' '.join(args)} failed ({p.returncode}): {p.stderr}"
    return p.stdout


@pytest.fixture(scope="module")
def cluster():
    data = tempfile.mkdtemp(prefix="datalake-odbc-cluster-")
    base = free_range(4)  # 2 native ports, then 2 HTTP ports
    run("cluster", "start", "--data", data, "--shards", "2", "--port", str(base))
    try:
        conn = ["--host", "127.0.0.1", "--port", str(base)]
        run("schema", "apply", "--cluster", "lake", *conn)
        # One organisation per shard, as the Distributed key routes them (cityHash64(org_id) % 2).
        names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
        shard_of = dict(line.split("\t") for line in run(
            "query", *conn, "SELECT o, toString(cityHash64(o) % 2) FROM (SELECT arrayJoin(" + json.dumps(names).replace('"', "'") + ") AS o)"
        ).splitlines())
        orgs = {int(shard): o for o, shard in reversed(list(shard_of.items()))}
        assert set(orgs) == {0, 1}, shard_of
        rows = {orgs[0]: 7, orgs[1]: 5}
        lines = []
        for org, n in rows.items():
            run("org", "add", org, "--name", org.title(), "--cluster", "lake", *conn)
            for i in range(n):
                lines.append(json.dumps({"dataset": "entity_operations", "activity_id": f"{org}-{i}", "entity_id": f"e{i}",
                                         "org_id": org, "operation": "createEntity", "schema": "opportunity",
                                         "timestamp": "2024-05-01T10:00:00Z", "detail": {"title": "t"}}))
        run("ingest", "--cluster", "lake", *conn, "-", stdin="\n".join(lines) + "\n")
        yield {"base": base, "data": data, "orgs": orgs, "rows": rows}
    finally:
        subprocess.run([DATALAKE, "cluster", "stop", "--data", data], capture_output=True, timeout=120)
        shutil.rmtree(data, ignore_errors=True)


def connect(port):
    return pyodbc.connect(f"Driver={{{DRIVER}}};Server=127.0.0.1;Port={port};UID=default;PWD=;Database=datawarehouse",
                          autocommit=True)


def count(cur, org):
    cur.execute(f"SELECT count() FROM datawarehouse.{org}_entity_operations_final")
    return cur.fetchone()[0]


def test_each_organisation_through_either_node(cluster):
    for port in (cluster["base"], cluster["base"] + 1):
        cur = connect(port).cursor()
        for org, n in cluster["rows"].items():
            assert count(cur, org) == n, f"{org} through {port}"


def test_a_dead_shard_is_an_error_naming_it_the_live_one_answers_in_full(cluster):
    base = cluster["base"]
    pid_file = os.path.join(cluster["data"], "node2", "server.pid")
    with open(pid_file) as f:
        pid = int(f.read().strip())
    os.kill(pid, signal.SIGKILL)  # the node this test's cluster started
    for _ in range(100):
        try:
            os.kill(pid, 0)
            time.sleep(0.05)
        except ProcessLookupError:
            break
    cur = connect(base).cursor()
    live, dead = cluster["orgs"][0], cluster["orgs"][1]
    assert count(cur, live) == cluster["rows"][live]
    with pytest.raises(pyodbc.Error) as refused:
        count(cur, dead)
    message = str(refused.value)
    assert f"127.0.0.1:{base + 1}" in message, message
    # The connection stays usable for the live shard after the error.
    assert count(cur, live) == cluster["rows"][live]
