"""Data lake credentials end to end, on an embedded ClickHouse 26.9 of its own (users-XML backend):
`datalake credentials generate|list|revoke` through the CLI, the isolation matrix over ODBC
(pyodbc and isql through the real unixODBC driver manager), and the settings page in headless
Chromium. Run by scripts/test-odbc.sh (which registers the driver)."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pyodbc
import pytest

import cdp
from odbc_env import DRIVER

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATALAKE = os.environ.get("DATALAKE_BIN", os.path.join(ROOT, ".build", "debug", "datalake"))
ORG_ROWS = {"alpha": 6, "beta": 4, "alpha_x": 3}

pytestmark = [
    pytest.mark.skipif("ODBCSYSINI" not in os.environ, reason="run through scripts/test-odbc.sh"),
    pytest.mark.skipif(not os.path.exists(DATALAKE), reason="datalake is not built"),
    pytest.mark.skipif(subprocess.run(["python3", "-c", "import chdb._chdb"], capture_output=True).returncode != 0,
                       reason="chdb-core is not installed"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lake:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="datalake-cred-")
        self.port = free_port()
        self.env = dict(os.environ, CLICKHOUSE_PORT=str(self.port), DATALAKE_HOME=self.dir)

    def run(self, *args, check=True):
        p = subprocess.run([DATALAKE, *args], env=self.env, capture_output=True, text=True, timeout=300,
                           stdin=subprocess.DEVNULL)
        if check and p.returncode != 0:
            raise AssertionError(f"datalake {' '.join(args)} failed ({p.returncode}): {p.stderr}")
        return p

    def generate(self, org):
        out = self.run("credentials", "generate", "--org", org).stdout
        fields = dict(re.findall(r"^  ([A-Za-z ]+):\s+(.*)$", out, re.M))
        return fields, out


@pytest.fixture(scope="module")
def lake():
    lk = Lake()
    lk.run("server", "start", "--port", str(lk.port))
    try:
        lk.run("schema", "apply")
        for org in ORG_ROWS:
            lk.run("org", "add", org)
        for org, n in ORG_ROWS.items():
            lk.run("query", "INSERT INTO datawarehouse.entity_operations (activity_id, entity_id, org_id, operation, schema, timestamp) "
                   f"SELECT concat('{org}-', toString(number)), toString(number), '{org}', 'createEntity', 'contact', now64(3) FROM numbers({n})")
        fields, _ = lk.generate("alpha")
        lk.alpha = fields
        yield lk
    finally:
        lk.run("server", "stop", check=False)
        shutil.rmtree(lk.dir, ignore_errors=True)


def odbc_string(fields, **extra):
    # The connection string exactly as printed, with the driver name of this test registration.
    s = fields["ODBC connection string"]
    s = re.sub(r"Driver=\{[^}]*\}", "Driver={%s}" % DRIVER, s)
    return s + "".join(f";{k}={v}" for k, v in extra.items())


def connect(fields):
    return pyodbc.connect(odbc_string(fields), autocommit=True)


def test_generate_prints_every_detail_once(lake):
    f = lake.alpha
    assert f["Username"].startswith("dl_alpha_")
    assert f["Host"] == "127.0.0.1" and f["Port"] == str(lake.port) and f["Database"] == "datawarehouse"
    assert re.fullmatch(r"[A-Za-z0-9]{32}", f["Password"])
    listed = lake.run("credentials", "list").stdout
    assert f["Username"] in listed and f["Password"] not in listed
    # Nowhere on disk in plain text: not in the users file, not in the server's data.
    hits = subprocess.run(["grep", "-rl", f["Password"], lake.dir], capture_output=True, text=True).stdout
    assert hits == ""


DENIED = [
    "SELECT count() FROM datawarehouse.beta_entity_operations_final",
    "SELECT count() FROM datawarehouse.alpha_x_entity_operations_final",
    "SELECT count() FROM datawarehouse.organisations",
    "SELECT count() FROM datawarehouse.credentials",
    "SELECT count() FROM system.users",
    "SELECT count() FROM system.grants",
    "SELECT count() FROM system.row_policies",
    "SELECT count() FROM system.quotas",
    "SELECT count() FROM system.processes",
    "SELECT count() FROM system.settings_profiles",
    "SELECT count() FROM system.quotas_usage",
    "SELECT count() FROM system.macros",
    "INSERT INTO datawarehouse.entity_operations (activity_id, org_id) SELECT 'x', 'alpha'",
    "ALTER TABLE datawarehouse.entity_operations DELETE WHERE 1",
    "ALTER TABLE datawarehouse.entity_operations ADD COLUMN x UInt8",
    "DROP TABLE datawarehouse.entity_operations",
    "TRUNCATE TABLE datawarehouse.entity_operations",
    "CREATE TABLE datawarehouse.mine (a UInt8) ENGINE = Memory",
    "CREATE VIEW datawarehouse.mine AS SELECT 1",
    "SELECT 1 SETTINGS max_result_rows = 999999999999",
    "SELECT 1 SETTINGS readonly = 0",
    "SELECT * FROM file('/etc/passwd', 'LineAsString')",
]


@pytest.mark.parametrize("sql", DENIED)
def test_odbc_credential_is_refused(lake, sql):
    cur = connect(lake.alpha).cursor()
    with pytest.raises(pyodbc.Error) as err:
        cur.execute(sql)
        cur.fetchall()
    assert re.search(r"Not enough privileges|readonly|shouldn't be greater|Cannot modify|ACCESS_DENIED|READONLY", str(err.value)), str(err.value)


def test_odbc_credential_sees_only_its_rows(lake):
    cur = connect(lake.alpha).cursor()
    rows = cur.execute("SELECT org_id, count() FROM datawarehouse.entity_operations GROUP BY org_id").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("alpha", ORG_ROWS["alpha"])]
    # Unqualified names resolve in the credential's default database.
    assert cur.execute("SELECT count() FROM entity_operations WHERE org_id != 'alpha'").fetchone()[0] == 0
    for suffix in ("current_entities_final", "entity_operations_final", "workflow_executions_final", "journey_sessions_final",
                   "journey_events_final", "portal_sessions_final", "portal_events_final", "workflow_tasks_final"):
        cur.execute(f"SELECT count() FROM datawarehouse.alpha_{suffix}").fetchall()
    assert cur.execute("SELECT count() FROM datawarehouse.alpha_entity_operations_final").fetchone()[0] == ORG_ROWS["alpha"]


def test_odbc_catalog_lists_only_its_objects(lake):
    cur = connect(lake.alpha).cursor()
    names = {t.table_name for t in cur.tables(catalog="datawarehouse")}
    assert "alpha_entity_operations_final" in names and "entity_operations" in names
    assert not any(n.startswith("beta_") or n.startswith("alpha_x_") for n in names), names
    assert "organisations" not in names and "credentials" not in names


def test_isql_with_generated_credential(lake):
    p = subprocess.run(["isql", "-b", "-d,", "-x0x09", "-k", odbc_string(lake.alpha)],
                       input="SELECT org_id, count() FROM entity_operations GROUP BY org_id\n",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert re.search(r"alpha.6", p.stdout), p.stdout


def test_quota_is_attached(lake):
    out = lake.run("query", "--format", "TabSeparated",
                   "SELECT duration, max_queries, max_result_rows, max_execution_time FROM system.quota_limits "
                   "WHERE quota_name = 'datalake_credential'").stdout
    assert out.strip() == "3600\t10000\t100000000\t3600"
    users = lake.run("query", "SELECT name FROM system.users WHERE name LIKE 'dl\\\\_%'").stdout.split()
    assert lake.alpha["Username"] in users


def test_revoke_ends_login_and_twice_is_an_error(lake):
    fields, _ = lake.generate("beta")
    c = connect(fields)
    assert c.cursor().execute("SELECT count() FROM entity_operations").fetchone()[0] == ORG_ROWS["beta"]
    out = lake.run("credentials", "revoke", fields["Username"]).stdout
    assert "revoked " + fields["Username"] in out
    # The open session cannot run new queries; a new login fails.
    with pytest.raises(pyodbc.Error):
        c.cursor().execute("SELECT 1").fetchall()
    with pytest.raises(pyodbc.Error) as err:
        connect(fields)
    assert "Authentication failed" in str(err.value) or "516" in str(err.value), str(err.value)
    again = lake.run("credentials", "revoke", fields["Username"], check=False)
    assert again.returncode == 1 and "already revoked" in again.stderr
    assert fields["Username"] not in lake.run("credentials", "list").stdout
    # Alpha's credential still works after the restart.
    assert connect(lake.alpha).cursor().execute("SELECT count() FROM entity_operations").fetchone()[0] == ORG_ROWS["alpha"]


@pytest.mark.parametrize("args,message", [
    (["generate", "--org", "ghost"], "unknown organisation 'ghost'"),
    (["generate", "--org", "a'b"], "invalid organisation id"),
    (["generate", "--org", "a`b"], "invalid organisation id"),
    (["generate", "--org", "a;DROP USER default"], "invalid organisation id"),
    (["revoke", "dl_alpha_nosuchone"], "no credential named dl_alpha_nosuchone"),
    (["revoke", "x' OR 1=1 --"], "invalid credential username"),
    (["revoke", "dl_a`; DROP TABLE t"], "invalid credential username"),
    (["list", "--org", "ghost"], "unknown organisation 'ghost'"),
])
def test_bad_input_changes_nothing(lake, args, message):
    users_file = os.path.join(lake.dir, "server", "users.d", "datalake-credentials.xml")
    before = open(users_file).read()
    listed = lake.run("credentials", "list").stdout
    p = lake.run("credentials", *args, check=False)
    assert p.returncode == 1 and message in p.stderr, p.stderr
    assert open(users_file).read() == before
    assert lake.run("credentials", "list").stdout == listed


@pytest.mark.skipif(cdp.chromium_path() is None, reason="chromium is not installed")
def test_settings_page_in_headless_chromium(lake):
    http = free_port()
    serve = subprocess.Popen([DATALAKE, "serve", "--http-port", str(http), "--admin-token", "page-admin-token",
                              "--token", "ingest-token", "--dead-letter", os.path.join(lake.dir, "dead.ndjson")],
                             env=lake.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    browser = None
    try:
        line = serve.stdout.readline()
        assert "listening on" in line, line
        base = f"http://127.0.0.1:{http}/settings/data-lake"
        browser = cdp.Browser()
        browser.navigate(base + "?org=alpha")
        assert browser.text("#sign-in") == "Sign in"
        browser.set_value("#token", "wrong")
        browser.click_and_wait("#sign-in")
        assert "not right" in browser.text("#error")
        browser.set_value("#token", "page-admin-token")
        browser.click_and_wait("#sign-in")
        browser.navigate(base + "?org=alpha")
        before = browser.evaluate("[...document.querySelectorAll('tr.credential .username')].map(e => e.textContent)")
        assert lake.alpha["Username"] in before
        browser.click_and_wait("#generate")
        user, password = browser.text("#new-username"), browser.text("#new-password")
        assert user.startswith("dl_alpha_") and re.fullmatch(r"[A-Za-z0-9]{32}", password)
        assert browser.text("#new-host") == "127.0.0.1" and browser.text("#new-port") == str(lake.port)
        assert browser.text("#new-database") == "datawarehouse"
        shot = os.environ.get("SETTINGS_SCREENSHOT", os.path.join(lake.dir, "settings.png"))
        browser.screenshot(shot)
        assert os.path.getsize(shot) > 20000
        # The password works over ODBC and sees only alpha's rows.
        fields = {"ODBC connection string": browser.text("#new-odbc-connection-string")}
        assert connect(fields).cursor().execute("SELECT uniqExact(org_id), count() FROM entity_operations").fetchone()[1] == ORG_ROWS["alpha"]
        # Shown once: a reload lists the user name but not the password.
        browser.navigate(base + "?org=alpha")
        html = browser.html()
        assert user in html and password not in html and browser.text("#new-credential") is None
        browser.click_and_wait(f"#revoke-{user}")
        assert f"Revoked {user}" in browser.text("#notice")
        assert user not in browser.evaluate("[...document.querySelectorAll('tr.credential .username')].map(e => e.textContent)")
        with pytest.raises(pyodbc.Error):
            connect(fields)
        browser.navigate(base + "?org=ghost")
        assert "unknown organisation 'ghost'" in browser.text("#error")
        browser.navigate(base + "?org=a%27b")
        assert "invalid organisation id" in browser.text("#error")
    finally:
        if browser:
            browser.close()
        serve.kill()
        serve.wait()


def test_secrets_never_leak(lake):
    fields, shown = lake.generate("beta")
    user, password = fields["Username"], fields["Password"]
    assert shown.count(password) == 2  # the password line and the ODBC string: once, at generation
    outputs = []
    for args in (["query", "--user", user, "--password", password, "SELEC broken"],
                 ["query", "--user", user, "--password", password + "x", "SELECT 1"],
                 ["query", "--user", user, "--password", password, "--port", "1", "SELECT 1"],
                 ["query", "--user", user, "--password", password, "SELECT count() FROM system.users"],
                 ["credentials", "list"], ["credentials", "list", "--org", "beta"]):
        p = lake.run(*args, check=False)
        outputs.append(p.stdout + p.stderr)
    admin, ingest = "admin-token-" + "q" * 20, "ingest-token-" + "z" * 20
    http = free_port()
    serve = subprocess.Popen([DATALAKE, "serve", "--http-port", str(http), "--admin-token", admin, "--token", ingest,
                              "--dead-letter", os.path.join(lake.dir, "dead.ndjson")],
                             env=lake.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    try:
        serve.stdout.readline()
        import urllib.request
        import urllib.error
        for url, data, headers in ((f"http://127.0.0.1:{http}/settings/login", b"token=" + admin.encode() + b"x", {}),
                                   (f"http://127.0.0.1:{http}/v1/events", b"{}\n", {"Authorization": "Bearer " + ingest + "x"})):
            try:
                urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=10)
            except urllib.error.HTTPError as e:
                outputs.append(e.read().decode())
    finally:
        serve.kill()
        outputs.append(serve.stdout.read())
        serve.wait()
    with pytest.raises(pyodbc.Error) as err:
        pyodbc.connect(odbc_string({"ODBC connection string": f"Driver={{x}};Server=127.0.0.1;Port={lake.port};UID={user};PWD={password}x"}))
    outputs.append(str(err.value))
    for text in outputs:
        for secret in (password, admin, ingest):
            assert secret not in text, f"{secret[:6]}... leaked in: {text[:300]}"
    # Nothing on disk: server logs, users files, data, dead letters.
    for secret in (password, admin, ingest):
        hits = subprocess.run(["grep", "-rl", secret, lake.dir], capture_output=True, text=True).stdout
        assert hits == "", hits
    lake.run("credentials", "revoke", user)
