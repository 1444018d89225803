#!/usr/bin/env python3
"""Run the ClickHouse engine embedded in the PyPI package `chdb-core` as a real
native-protocol (and HTTP) server.

Usage:
    python3 chdb_server.py --dir DIR --tcp-port N [--http-port N]
                           [--users-xml FILE] [--listen-host 127.0.0.1]
                           [--pid-file FILE] [--keepalive-seconds N] [--no-respawn]

How it works (see /work/shared/REAL_SERVERS.md):
  * chdb's clickhouse-local mode reads `config.xml` from the current working
    directory, so this script writes DIR/config.xml and chdir()s into DIR.
  * Only the module-level `chdb._chdb.query(sql, "CSV")` has the callback that
    starts listeners. The listeners live only while that call runs, so the
    query ends with a keep-alive SELECT that sleeps one second per row for
    (by default) ten years. Stop the server by killing the process.
  * If a listener cannot be opened (e.g. port in use) chdb prints the error on
    stderr and the call returns at once; this script then exits with status 1.
    (It also checks the ports itself first, for a clear message.)
  * The keep-alive query is visible in system.processes (user ''); a KILL QUERY
    that matches it ends the call. A second query in the same process is not
    possible, so the script then re-execs itself (same pid, ~1.3 s gap)
    unless --no-respawn is given. SIGTERM stops it for good (~0.1-1 s).

Default users (written to DIR/users.xml when --users-xml is not given):
  * `default`   - no password, full access, access_management=1
  * `test_user` - password `test_password` (stored as password_sha256_hex), full access

Only the standard library and chdb are used, so the file can be embedded
verbatim elsewhere.
"""

import argparse
import hashlib
import os
import socket
import sys
import threading
import time
from xml.sax.saxutils import escape

TEN_YEARS = 10 * 366 * 24 * 3600
SCRIPT = os.path.abspath(__file__)
START_CWD = os.getcwd()


def default_users_xml():
    sha = hashlib.sha256(b"test_password").hexdigest()
    return """<?xml version="1.0"?>
<clickhouse>
    <profiles>
        <default>
        </default>
        <readonly>
            <readonly>1</readonly>
        </readonly>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>::/0</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
            <access_management>1</access_management>
            <named_collection_control>1</named_collection_control>
            <show_named_collections>1</show_named_collections>
            <show_named_collections_secrets>1</show_named_collections_secrets>
        </default>
        <test_user>
            <password_sha256_hex>%s</password_sha256_hex>
            <networks><ip>::/0</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
            <access_management>1</access_management>
        </test_user>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</clickhouse>
""" % sha


def config_xml(args, data_dir, users_xml, log_file, err_file):
    http = ""
    if args.http_port:
        http = "    <http_port>%d</http_port>\n" % args.http_port
    return """<?xml version="1.0"?>
<clickhouse>
    <listen_host>%s</listen_host>
    <tcp_port>%d</tcp_port>
%s    <path>%s</path>
    <users_config>%s</users_config>
    <logger>
        <level>%s</level>
        <log>%s</log>
        <errorlog>%s</errorlog>
        <size>100M</size>
        <count>3</count>
        <console>0</console>
    </logger>
</clickhouse>
""" % (
        escape(args.listen_host),
        args.tcp_port,
        http,
        escape(data_dir),
        escape(users_xml),
        escape(args.log_level),
        escape(log_file),
        escape(err_file),
    )


def bind_error(host, port):
    """None if host:port can be bound (same SO_REUSEADDR semantics as
    ClickHouse's own listener, so TIME_WAIT leftovers do not count), else the error."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port))
        return None
    except OSError as e:
        return e.strerror or str(e)
    finally:
        s.close()


def tail(path, n=40):
    try:
        with open(path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        return "\n".join(lines[-n:])
    except OSError:
        return "(no %s)" % path


def main():
    p = argparse.ArgumentParser(description="ClickHouse (chdb-core) as a native-protocol server")
    p.add_argument("--dir", required=True, help="server directory (config, data, logs)")
    p.add_argument("--tcp-port", type=int, required=True)
    p.add_argument("--http-port", type=int, default=0)
    p.add_argument("--users-xml", default="", help="users XML file (default: generated DIR/users.xml)")
    p.add_argument("--listen-host", default="127.0.0.1")
    p.add_argument("--pid-file", default="", help="write the process id here")
    p.add_argument("--log-level", default="information",
                   help="logger level written to config.xml (chdb may log more)")
    p.add_argument("--keepalive-seconds", type=int, default=TEN_YEARS,
                   help="how long the listener stays up (default: ten years)")
    p.add_argument("--no-respawn", dest="respawn", action="store_false",
                   help="exit instead of restarting when the keep-alive query is killed")
    args = p.parse_args()

    base = os.path.abspath(args.dir)
    data_dir = os.path.join(base, "data") + "/"
    os.makedirs(data_dir, exist_ok=True)

    if args.users_xml:
        users_xml = os.path.abspath(args.users_xml)
        if not os.path.isfile(users_xml):
            sys.exit("chdb_server: users file not found: %s" % users_xml)
    else:
        users_xml = os.path.join(base, "users.xml")
        with open(users_xml, "w") as f:
            f.write(default_users_xml())

    log_file = os.path.join(base, "server.log")
    err_file = os.path.join(base, "server.err.log")
    with open(os.path.join(base, "config.xml"), "w") as f:
        f.write(config_xml(args, data_dir, users_xml, log_file, err_file))

    # After a respawn (see below) the old listener may take a moment to go away.
    respawns = int(os.environ.get("CHDB_SERVER_RESPAWNS", "0"))
    deadline = time.time() + (15 if respawns else 0)
    for port in [args.tcp_port] + ([args.http_port] if args.http_port else []):
        while True:
            err = bind_error(args.listen_host, port)
            if not err or time.time() >= deadline:
                break
            time.sleep(0.2)
        if err:
            sys.exit("chdb_server: cannot listen on %s:%d: %s" % (args.listen_host, port, err))

    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write("%d\n" % os.getpid())

    # config.xml is read from the working directory, also by `import chdb`
    # (which runs a first query), so chdir before importing.
    os.chdir(base)
    import chdb._chdb as _chdb  # noqa: E402

    listen = "SYSTEM START LISTEN TCP; "
    if args.http_port:
        listen += "SYSTEM START LISTEN HTTP; "
    sql = (listen +
           "SELECT sleepEachRow(1) FROM numbers(%d) "
           "SETTINGS max_block_size = 1, function_sleep_max_microseconds_per_block = 0, "
           "max_execution_time = 0 FORMAT Null" % max(1, args.keepalive_seconds))

    sys.stdout.write("chdb_server: pid %d, tcp %s:%d%s, dir %s%s\n" % (
        os.getpid(), args.listen_host, args.tcp_port,
        (", http %d" % args.http_port) if args.http_port else "", base,
        (", respawn %d" % respawns) if respawns else ""))
    sys.stdout.flush()

    # chdb releases the GIL while the query runs: a thread notes whether the
    # listener ever accepted a connection (tells "killed" from "never started").
    listening = threading.Event()

    def probe():
        host = "::1" if args.listen_host == "::" else (
            "127.0.0.1" if args.listen_host == "0.0.0.0" else args.listen_host)
        for _ in range(600):
            try:
                socket.create_connection((host, args.tcp_port), timeout=1).close()
                listening.set()
                return
            except OSError:
                time.sleep(0.1)

    threading.Thread(target=probe, daemon=True).start()

    started = time.time()
    res = _chdb.query(sql, "CSV")
    elapsed = time.time() - started
    err = ""
    try:
        err = res.error_message() or ""
    except Exception:  # noqa: BLE001
        pass
    if elapsed + 5 >= args.keepalive_seconds:
        return 0
    if listening.is_set() and args.respawn and respawns < 1000:
        # The keep-alive query was cancelled (e.g. KILL QUERY matched it). A
        # second query in this process is not possible, so exec a fresh copy
        # (same pid, so pid files and process groups stay valid).
        sys.stderr.write("chdb_server: keep-alive query ended after %.1fs, respawning\n" % elapsed)
        sys.stderr.flush()
        os.environ["CHDB_SERVER_RESPAWNS"] = str(respawns + 1)
        os.chdir(START_CWD)  # relative arguments keep their meaning
        os.execv(sys.executable, [sys.executable, SCRIPT] + sys.argv[1:])
    sys.stderr.write("chdb_server: server stopped after %.1fs (listener %s) %s\n"
                     "--- %s (tail) ---\n%s\n" % (
                         elapsed, "was up" if listening.is_set() else "failed", err,
                         err_file, tail(err_file)))
    return 1


if __name__ == "__main__":
    sys.exit(main())
