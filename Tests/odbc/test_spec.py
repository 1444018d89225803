"""ODBC answers as the specification says (issue 14, point 6), through the real unixODBC driver
manager against ClickHouse 26.9: SQLRowCount is -1 when the count is unknown, unbounded strings
are a long type that bound columns and SQLGetData read completely, SQLGetTypeInfo orders rows by
how closely the type maps, and ClickHouse settings given with the connection apply to every
query. Run by scripts/test-odbc.sh."""
import ctypes as C
import os
import subprocess
import tempfile

import pyodbc
import pytest

import odbc_ctypes as raw
from odbc_env import CS, DRIVER, HOST, PASSWORD, PORT, USER, needs_driver_manager

pytestmark = needs_driver_manager

DB = "chodbc_spec"
SQL_LONGVARCHAR, SQL_WLONGVARCHAR, SQL_VARCHAR, SQL_WVARCHAR = -1, -10, 12, -9
LONG = 70000


@pytest.fixture(scope="module")
def cnxn():
    c = pyodbc.connect(CS, autocommit=True)
    cur = c.cursor()
    cur.execute(f"DROP DATABASE IF EXISTS {DB}")
    cur.execute(f"CREATE DATABASE {DB}")
    yield c
    cur.execute(f"DROP DATABASE IF EXISTS {DB}")
    c.close()


# ------------------------------------------------------------------------------- SQLRowCount

def test_rowcount_is_minus_one_when_unknown_and_the_count_for_inserts(cnxn):
    cur = cnxn.cursor()
    cur.execute(f"CREATE TABLE {DB}.rc (k UInt32, v String) ENGINE = MergeTree ORDER BY k")
    assert cur.rowcount == -1, "DDL: no count"
    cur.execute(f"INSERT INTO {DB}.rc VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    assert cur.rowcount == 3
    cur.execute(f"INSERT INTO {DB}.rc SELECT number + 10, 'x' FROM numbers(5)")
    assert cur.rowcount == 5
    cur.execute(f"INSERT INTO {DB}.rc (k, v) VALUES (?, ?)", 100, "p")
    assert cur.rowcount == 1
    cur.execute(f"ALTER TABLE {DB}.rc UPDATE v = 'z' WHERE k = 1 SETTINGS mutations_sync = 1")
    assert cur.rowcount == -1, "ALTER UPDATE: the server reports no count"
    cur.execute(f"ALTER TABLE {DB}.rc DELETE WHERE k = 2 SETTINGS mutations_sync = 1")
    assert cur.rowcount == -1
    cur.execute(f"DELETE FROM {DB}.rc WHERE k = 3")
    assert cur.rowcount == -1, "lightweight DELETE"
    cur.execute(f"TRUNCATE TABLE {DB}.rc")
    assert cur.rowcount == -1
    cur.execute(f"DROP TABLE {DB}.rc")
    assert cur.rowcount == -1


def test_rowcount_after_select_is_minus_one(cnxn):
    cur = cnxn.cursor()
    cur.execute("SELECT number FROM numbers(3)")
    assert cur.rowcount == -1
    cur.fetchall()


def test_isql_reports_minus_one_after_ddl():
    p = subprocess.run(["isql", "-b", "-k", CS], input=f"CREATE TABLE IF NOT EXISTS {DB}.isql_rc (a UInt8) ENGINE = Memory\n"
                       f"DROP TABLE IF EXISTS {DB}.isql_rc\n", capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "SQLRowCount returns -1" in p.stdout and "SQLRowCount returns 0" not in p.stdout, p.stdout


# --------------------------------------------------------------------------- long strings

def test_unbounded_strings_are_described_as_a_long_type(cnxn):
    cur = cnxn.cursor()
    cur.execute("SELECT 'a' AS s, [1, 2] AS arr, toFixedString('ab', 2) AS fs, toIPv4('1.2.3.4') AS ip")
    desc = {d[0]: d for d in cur.description}
    cur.fetchall()
    assert desc["s"][3] >= 1 << 30 and desc["arr"][3] >= 1 << 30
    assert desc["fs"][3] == 2 and desc["ip"][3] == 15
    c = raw.Connection(CS)
    try:
        c.execute("SELECT 'a' AS s, toIPv4('1.2.3.4') AS ip")
        types = [describe(c, n)[0] for n in (1, 2)]
        assert types == [SQL_LONGVARCHAR, SQL_VARCHAR], "ANSI application: String is SQL_LONGVARCHAR"
    finally:
        c.close()
    cols = {r.column_name: r for r in cnxn.cursor().columns(table="tables", catalog="system").fetchall()}
    assert cols["name"].data_type == SQL_WLONGVARCHAR and cols["name"].type_name == "String"


def test_long_value_reads_completely_through_getdata(cnxn):
    cur = cnxn.cursor()
    cur.execute(f"SELECT repeat('x', {LONG}) AS s, concat(repeat('é', {LONG}), '!') AS u")
    s, u = cur.fetchone()
    assert s == "x" * LONG and u == "é" * LONG + "!"


def describe(c, column):
    name = C.create_string_buffer(256)
    name_len, sql_type, digits, nullable = C.c_short(), C.c_short(), C.c_short(), C.c_short()
    size = raw.SQLULEN()
    f = raw._fn("SQLDescribeCol", C.c_short, raw.H, C.c_ushort, C.c_char_p, C.c_short, C.POINTER(C.c_short),
                C.POINTER(C.c_short), C.POINTER(raw.SQLULEN), C.POINTER(C.c_short), C.POINTER(C.c_short))
    assert f(c.stmt, column, name, len(name), C.byref(name_len), C.byref(sql_type), C.byref(size), C.byref(digits),
             C.byref(nullable)) == raw.SQL_SUCCESS
    return sql_type.value, size.value


def test_long_value_reads_completely_through_bound_columns():
    """What DBD::ODBC, R odbc and LibreOffice do: bind a buffer per column, sized from the
    described column size for (VAR)CHAR and from the application's long-data length for long
    types. 64 KiB + 1 was the most a bound String could ever return."""
    long_read_len = 100_000
    c = raw.Connection(CS)
    try:
        c.execute(f"SELECT repeat('x', {LONG}) AS s, 'short' AS t")
        buffers = []
        for n in (1, 2):
            sql_type, size = describe(c, n)
            length = long_read_len if sql_type in (SQL_LONGVARCHAR, SQL_WLONGVARCHAR) else size
            buf = C.create_string_buffer(length + 1)
            ind = raw.SQLLEN()
            assert raw.SQLBindCol(c.stmt, n, raw.SQL_C_CHAR, buf, len(buf), C.byref(ind)) == raw.SQL_SUCCESS
            buffers.append((buf, ind))
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS, c.stmt_diagnostics()
        (s, s_len), (t, _) = buffers
        assert s_len.value == LONG and s.value == b"x" * LONG
        assert t.value == b"short"
    finally:
        c.close()


def test_string_max_length_reports_varchar_of_that_size_and_getdata_stays_whole():
    c = pyodbc.connect(CS + ";StringMaxLength=1000")
    cur = c.cursor()
    cur.execute(f"SELECT repeat('x', {LONG}) AS s")
    assert cur.description[0][3] == 1000
    assert cur.fetchone()[0] == "x" * LONG
    c.close()
    r = raw.Connection(CS + ";StringMaxLength=1000")
    try:
        r.execute("SELECT 'a' AS s")
        assert describe(r, 1) == (SQL_VARCHAR, 1000)
    finally:
        r.close()


def test_isql_prints_a_long_value_whole():
    # isql reads each value with SQLGetData into a buffer of its display width (-L).
    p = subprocess.run(["isql", "-b", "-k", CS, f"-L{LONG + 10}", "-d|"], input=f"SELECT repeat('x', {LONG}), 'end'\n",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert ("x" * LONG + "|end") in p.stdout, p.stdout[:200]


# ------------------------------------------------------------------------- SQLGetTypeInfo

def test_type_info_lists_the_closest_type_first(cnxn):
    cur = cnxn.cursor()
    first = {}
    for t, expected in ((pyodbc.SQL_TINYINT, ["Int8"]), (pyodbc.SQL_SMALLINT, ["Int16", "UInt8"]),
                        (pyodbc.SQL_INTEGER, ["Int32", "UInt16"]), (pyodbc.SQL_BIGINT, ["Int64", "UInt64", "UInt32"])):
        rows = cur.getTypeInfo(t).fetchall()
        assert [r.type_name for r in rows] == expected
        first[t] = rows[0]
    assert first[pyodbc.SQL_SMALLINT].unsigned_attribute == 0 and first[pyodbc.SQL_BIGINT].unsigned_attribute == 0
    assert cur.getTypeInfo(SQL_WVARCHAR).fetchall()[0].type_name == "String"
    assert cur.getTypeInfo(SQL_WLONGVARCHAR).fetchall()[0].type_name == "String"
    everything = cur.getTypeInfo(0).fetchall()
    kinds = [r.data_type for r in everything]
    assert kinds == sorted(kinds), "ordered by DATA_TYPE"
    smallints = [r.type_name for r in everything if r.data_type == pyodbc.SQL_SMALLINT]
    assert smallints == ["Int16", "UInt8"]


# --------------------------------------------------------------- settings in the connection string

SETTINGS_QUERY = ("SELECT getSetting('max_execution_time'), getSetting('data_type_default_nullable'), "
                  "getSetting('max_threads'), getSetting('max_block_size')")


def test_settings_as_keys_apply_to_every_query(cnxn):
    c = pyodbc.connect(CS + ";max_execution_time=17;data_type_default_nullable=1", autocommit=True)
    cur = c.cursor()
    assert cur.execute(SETTINGS_QUERY).fetchone()[:2] == (17.0, True)
    # A second statement with the first cursor still open runs on another native connection.
    first = c.cursor().execute("SELECT number FROM numbers(100000)")
    first.fetchone()
    assert c.cursor().execute(SETTINGS_QUERY).fetchone()[:2] == (17.0, True)
    first.close()
    # data_type_default_nullable changes what CREATE TABLE makes.
    cur.execute(f"CREATE TABLE {DB}.nullable_default (a UInt32) ENGINE = Memory")
    cols = c.cursor().columns(table="nullable_default", catalog=DB).fetchall()
    assert cols[0].nullable == 1 and cols[0].is_nullable == "YES"
    cur.execute(f"DROP TABLE {DB}.nullable_default")
    c.close()


def test_settings_key_and_url_query_string():
    c = pyodbc.connect(CS + f";Settings={{max_threads=3;max_block_size=1234}}")
    assert c.cursor().execute(SETTINGS_QUERY).fetchone()[2:] == (3, 1234)
    c.close()
    # As the official driver's users write them: the query string of Url.
    c = pyodbc.connect(f"Driver={{{DRIVER}}};UID={USER};PWD={PASSWORD};"
                       f"Url=http://{HOST}:{PORT}/?database=system&max_execution_time=9&max_block_size=777")
    row = c.cursor().execute(SETTINGS_QUERY + ", currentDatabase()").fetchone()
    assert row[0] == 9.0 and row[3] == 777 and row[4] == "system"
    c.close()


def test_settings_are_in_the_completed_connection_string():
    c = raw.Connection(CS + ";max_threads=2")
    try:
        assert c.connect_rc == raw.SQL_SUCCESS, c.connect_diagnostics
        assert "Settings={max_threads=2}" in c.out_connection_string
    finally:
        c.close()


def test_unknown_setting_or_bad_value_fails_on_connect():
    for extra, words in ((";Settings={no_such_setting=1}", "no_such_setting"),
                         (f";Url=http://{HOST}:{PORT}/?no_such_setting=1", "no_such_setting"),
                         (";max_execution_time=ninety", "max_execution_time"),
                         (";Settings={bad-name=1}", "bad-name")):
        with pytest.raises(pyodbc.Error) as e:
            pyodbc.connect(CS + extra)
        assert e.value.args[0] == "HY024" and words in e.value.args[1], (extra, e.value.args)


def test_a_key_that_is_neither_a_driver_key_nor_a_setting_is_still_01S00():
    c = raw.Connection(CS + ";max_execution_tme=5;Frobnicate=1")
    try:
        assert c.connect_rc == raw.SQL_SUCCESS_WITH_INFO
        states = [(s, m) for s, m in c.connect_diagnostics if s == "01S00"]
        assert any("max_execution_tme" in m for _, m in states) and any("Frobnicate" in m for _, m in states)
        assert "Settings=" not in c.out_connection_string
    finally:
        c.close()


def test_settings_in_a_dsn_section():
    ini = os.path.join(os.environ["ODBCSYSINI"], "odbc.ini")
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
        f.write(f"[spec settings dsn]\nDriver = {DRIVER}\nServer = {HOST}\nPort = {PORT}\nUID = {USER}\nPWD = {PASSWORD}\n"
                "max_execution_time = 23\nSettings = max_threads=5\nNotASetting = 1\n")
    try:
        subprocess.run(["odbcinst", "-i", "-s", "-l", "-r", "-f", f.name], check=True, capture_output=True)
        c = pyodbc.connect("DSN=spec settings dsn")
        row = c.cursor().execute(SETTINGS_QUERY).fetchone()
        assert row[0] == 23.0 and row[2] == 5
        c.close()
        # The connection string overrides the DSN's value.
        c = pyodbc.connect("DSN=spec settings dsn;max_execution_time=24")
        assert c.cursor().execute(SETTINGS_QUERY).fetchone()[0] == 24.0
        c.close()
    finally:
        os.unlink(f.name)
        subprocess.run(["odbcinst", "-u", "-s", "-l", "-n", "spec settings dsn"], capture_output=True)
        assert os.path.exists(ini)
