"""The connection strings the product prints work as printed (issue 18, point 1), for a user
with a fresh HOME on a machine where nothing is registered system-wide (an empty ODBCSYSINI):
the main job (`datalake demo`) registers the driver for the user, and the strings it prints and
`credentials generate` prints connect through the real unixODBC driver manager with `isql -k`
and pyodbc and run report 1. `datalake odbc install|uninstall|status` on their own.
Run by scripts/test-odbc.sh."""
import html
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

import pytest

from odbc_env import CS, DRIVER, HOST, PASSWORD, PORT, USER

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATALAKE = os.environ.get("DATALAKE_BIN", os.path.join(ROOT, ".build", "debug", "datalake"))
LIB = os.environ.get("CHODBC_LIB", "")
PRINTED_DRIVER = "ClickHouse Native (Unicode)"

pytestmark = [
    pytest.mark.skipif("ODBCSYSINI" not in os.environ, reason="run through scripts/test-odbc.sh"),
    pytest.mark.skipif(not os.path.exists(DATALAKE), reason="datalake is not built"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FreshUser:
    """A HOME with nothing in it and a driver manager with no system-wide drivers."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="chodbc-fresh-home-")
        self.sysini = os.path.join(self.home, "empty-sysini")
        os.mkdir(self.sysini)
        self.env = {k: v for k, v in os.environ.items() if k not in ("ODBCINI", "ODBCINSTINI", "DATALAKE_HOME", "XDG_DATA_HOME")}
        # unixODBC finds user drivers in $HOME/.odbcinst.ini but user DSNs in the account's home
        # from the password database, which a test cannot change: ODBCINI points it here.
        self.env.update(HOME=self.home, ODBCSYSINI=self.sysini, ODBCINI=os.path.join(self.home, ".odbc.ini"))

    def run(self, *args, check=True, timeout=300):
        p = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({p.returncode}): {p.stdout[-2000:]} {p.stderr[-2000:]}")
        return p

    def isql(self, connection_string, sql):
        return subprocess.run(["isql", "-b", "-v", "-k", connection_string, "-d|"], input=sql + "\n", env=self.env,
                              capture_output=True, text=True, timeout=120)

    def pyodbc_rows(self, connection_string, sql):
        """Runs `sql` with pyodbc in a process of this user (unixODBC reads HOME when it loads)."""
        code = ("import json, sys, pyodbc\n"
                "c = pyodbc.connect(sys.argv[1])\n"
                "rows = c.cursor().execute(sys.argv[2]).fetchall()\n"
                "print(json.dumps([[str(v) for v in r] for r in rows]))\n")
        p = subprocess.run([sys.executable, "-c", code, connection_string, sql], env=self.env, capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        import json
        return json.loads(p.stdout)

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture
def fresh():
    user = FreshUser()
    yield user
    user.close()


def report_one_sql(report_html):
    """Report 1 (opportunities per month by journey source) as the HTML report shows its SQL."""
    with open(report_html, encoding="utf-8") as f:
        blocks = [html.unescape(b) for b in re.findall(r'<pre class="sql">(.*?)</pre>', f.read(), re.S)]
    sql = [b for b in blocks if "toStartOfMonth" in b and "entity_operations" in b]
    assert sql, "report 1's SQL is not in the HTML report"
    return sql[0]


@pytest.mark.skipif(not os.path.exists(os.path.join(os.path.dirname(DATALAKE), "libCHODBC.so")),
                    reason="libCHODBC.so is not built next to datalake")
def test_the_main_job_prints_strings_that_connect_as_printed(fresh):
    port = free_port()
    data = os.path.join(fresh.home, "lake")
    out = fresh.run(DATALAKE, "demo", "--scale", "0.02", "--port", str(port), "--data", data, "--no-progress").stdout
    try:
        assert f"ODBC driver [{PRINTED_DRIVER}] registered for this user in {fresh.home}/.odbcinst.ini" in out, out
        admin = re.search(r"^\s+ODBC: (Driver=.*)$", out, re.M).group(1)
        credential = re.search(r"^\s+ODBC connection string: (Driver=.*)$", out, re.M).group(1)
        assert admin.startswith("Driver={%s};" % PRINTED_DRIVER) and credential.startswith("Driver={%s};" % PRINTED_DRIVER)
        report_rows = int(re.search(r"== opportunities-by-source: .*\((\d+) rows\)", out).group(1))
        assert report_rows > 0
        # The report takes the organisation as a server-side parameter; ODBC gives it as a literal.
        sql = re.sub(r"\{org:String\}", "'raven'", " ".join(report_one_sql(os.path.join(data, "report.html")).split()))
        for printed in (admin, credential):
            p = fresh.isql(printed, sql)
            assert p.returncode == 0, p.stdout + p.stderr
            lines = [line for line in p.stdout.splitlines() if line.strip()]
            assert len(lines) == report_rows, p.stdout
            rows = fresh.pyodbc_rows(printed, sql)
            assert len(rows) == report_rows and [r[1:] for r in rows] == [line.split("|")[1:] for line in lines]
        # credentials generate prints the same form, and it works too.
        gen = fresh.run(DATALAKE, "credentials", "generate", "--org", "raven", "--port", str(port), "--data", data).stdout
        printed = re.search(r"^\s+ODBC connection string:\s+(Driver=.*)$", gen, re.M).group(1)
        assert "not registered" not in gen
        user = re.search(r"UID=([^;]+)", printed).group(1)
        assert fresh.pyodbc_rows(printed, "SELECT currentUser()") == [[user]]
        assert len(fresh.pyodbc_rows(printed, sql)) == report_rows
        status = fresh.run(DATALAKE, "odbc", "status")
        assert "loads: unixODBC finds" in status.stdout, status.stdout
    finally:
        fresh.run(DATALAKE, "server", "stop", "--port", str(port), "--data", data, check=False)


@pytest.mark.skipif(not LIB, reason="CHODBC_LIB is not set")
def test_odbc_install_status_uninstall_for_a_fresh_user(fresh):
    name = PRINTED_DRIVER
    string = f"Driver={{{name}}};Server={HOST};Port={PORT};UID={USER};PWD={PASSWORD}"
    status = fresh.run(DATALAKE, "odbc", "status", check=False)
    assert status.returncode == 1 and "not registered" in status.stdout
    p = fresh.isql(string, "SELECT 1")
    assert p.returncode != 0 and "file not found" in p.stdout + p.stderr, "nothing is registered before"

    # Another user-level driver entry must survive install and uninstall.
    with open(os.path.join(fresh.home, ".odbcinst.ini"), "w") as f:
        f.write("[Some Other Driver]\nDriver = /usr/lib/other.so\n")
    out = fresh.run(DATALAKE, "odbc", "install", "--library", LIB, "--dsn", "lake", "--host", HOST, "--port", PORT,
                    "--database", "system", "--user", USER).stdout
    assert f"registered ODBC driver [{name}]" in out and "registered DSN [lake]" in out
    assert fresh.run(DATALAKE, "odbc", "status").returncode == 0
    p = fresh.isql(string, "SELECT 40 + 2")
    assert p.returncode == 0 and "42" in p.stdout, p.stdout + p.stderr
    assert fresh.pyodbc_rows(f"DSN=lake;PWD={PASSWORD}", "SELECT currentDatabase(), currentUser()") == [["system", USER]]
    # Installing again replaces the entry instead of adding a second one.
    fresh.run(DATALAKE, "odbc", "install", "--library", LIB)
    with open(os.path.join(fresh.home, ".odbcinst.ini")) as f:
        ini = f.read()
    assert ini.count(f"[{name}]") == 1 and "[Some Other Driver]" in ini

    out = fresh.run(DATALAKE, "odbc", "uninstall", "--dsn", "lake").stdout
    assert f"removed ODBC driver [{name}]" in out and "removed DSN [lake]" in out
    with open(os.path.join(fresh.home, ".odbcinst.ini")) as f:
        ini = f.read()
    assert f"[{name}]" not in ini and "[Some Other Driver]" in ini
    assert fresh.run(DATALAKE, "odbc", "status", check=False).returncode == 1
    p = fresh.isql(string, "SELECT 1")
    assert p.returncode != 0


@pytest.mark.skipif(not LIB, reason="CHODBC_LIB is not set")
def test_status_warns_when_a_system_entry_of_the_same_name_wins(fresh):
    with open(os.path.join(fresh.sysini, "odbcinst.ini"), "w") as f:
        f.write(f"[{PRINTED_DRIVER}]\nDriver = /nonexistent/libCHODBC.so\n")
    fresh.run(DATALAKE, "odbc", "install", "--library", LIB)
    status = fresh.run(DATALAKE, "odbc", "status", check=False)
    assert status.returncode == 1 and "unixODBC uses that system entry" in status.stdout, status.stdout
