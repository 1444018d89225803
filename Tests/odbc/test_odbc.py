"""CHODBC through the real unixODBC driver manager against a real ClickHouse server.

Run by scripts/test-odbc.sh, which builds the driver, registers it in a private ODBCSYSINI
and exports: ODBCSYSINI, CHODBC_DRIVER_NAME, CHODBC_DSN, CHODBC_LIB, CH26_HOST, CH26_PORT,
CH_TEST_USER, CH_TEST_PASSWORD.
"""
import ctypes as C
import datetime as dt
import decimal
import os
import resource
import shutil
import subprocess
import threading
import time
import uuid

import pyodbc
import pytest

import odbc_ctypes as raw
from odbc_env import DRIVER, HOST, PASSWORD, PORT, USER, needs_driver_manager

DSN = os.environ.get("CHODBC_DSN", "ClickHouseNative")
LIB = os.environ.get("CHODBC_LIB", "")
DB = "chodbc_test"

pytestmark = needs_driver_manager


def connection_string(**extra):
    parts = {"Driver": "{%s}" % DRIVER, "Server": HOST, "Port": PORT, "UID": USER, "PWD": PASSWORD}
    parts.update(extra)
    return ";".join(f"{k}={v}" for k, v in parts.items() if v is not None)


@pytest.fixture(scope="session")
def setup_db():
    c = pyodbc.connect(connection_string(), autocommit=True)
    cur = c.cursor()
    cur.execute(f"DROP DATABASE IF EXISTS {DB}")
    cur.execute(f"CREATE DATABASE {DB}")
    cur.execute(f"""CREATE TABLE {DB}.all_types (
        id UInt32, i8 Int8, u8 UInt8, i16 Int16, u16 UInt16, i32 Int32, u32 UInt32, i64 Int64, u64 UInt64,
        i128 Int128, u128 UInt128, i256 Int256, u256 UInt256, f32 Float32, f64 Float64, b Bool,
        d Decimal(18, 4), d38 Decimal(38, 10), s String, fs FixedString(4), dt Date, d32 Date32,
        ts DateTime('UTC'), ts64 DateTime64(6, 'Asia/Tokyo'), u UUID, ip4 IPv4, ip6 IPv6,
        e Enum8('a' = 1, 'zé' = 2), arr Array(Int32), m Map(String, UInt8), t Tuple(Int32, String),
        ns Nullable(String), ni Nullable(Int64), lc LowCardinality(String), lcn LowCardinality(Nullable(String))
    ) ENGINE = MergeTree ORDER BY id COMMENT 'every mapped type'""")
    cur.execute(f"""INSERT INTO {DB}.all_types VALUES
        (1, -128, 255, -32768, 65535, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615,
         -170141183460469231731687303715884105728, 340282366920938463463374607431768211455,
         -57896044618658097711785492504343953926634992332820282019728792003956564819968,
         115792089237316195423570985008687907853269984665640564039457584007913129639935,
         1.5, 2.25, true, 12345678901234.5678, 1234567890123456789012345678.0123456789, 'héllo ☃ 日本', 'ab', '2024-02-29',
         '1900-01-01', '2024-01-02 03:04:05', '2024-01-02 03:04:05.123456', '01234567-89ab-cdef-0123-456789abcdef',
         '192.168.1.1', '2001:db8::1', 'zé', [1, 2, 3], {{'k': 1}}, (7, 'x'), NULL, NULL, 'low', NULL),
        (2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, '', '', '1970-01-01', '1970-01-01',
         '1970-01-01 00:00:00', '1970-01-01 09:00:00', '00000000-0000-0000-0000-000000000000', '0.0.0.0', '::',
         'a', [], {{}}, (0, ''), 'not null', 42, '', 'lc')""")
    cur.execute(f"CREATE TABLE {DB}.kv (k UInt64, v String, ts Nullable(DateTime64(3, 'UTC'))) ENGINE = MergeTree ORDER BY k")
    c.close()
    return DB


@pytest.fixture
def cnxn(setup_db):
    c = pyodbc.connect(connection_string())
    yield c
    c.close()


# ---------------------------------------------------------------------------------- connecting

def test_dsn_connect():
    c = pyodbc.connect(f"DSN={DSN};UID={USER};PWD={PASSWORD}")
    assert c.cursor().execute("SELECT 1").fetchone()[0] == 1
    assert c.getinfo(pyodbc.SQL_DATA_SOURCE_NAME) == DSN
    c.close()


def test_dsnless_connect_with_spaces_and_parentheses_in_driver_name():
    assert " " in DRIVER or os.environ.get("CHODBC_ALLOW_PLAIN_NAME")
    c = pyodbc.connect(connection_string())
    assert c.cursor().execute("SELECT version()").fetchone()[0]
    c.close()


def test_driver_given_as_library_path():
    if not LIB:
        pytest.skip("CHODBC_LIB not set")
    c = pyodbc.connect(connection_string(Driver=LIB))
    assert c.cursor().execute("SELECT 2").fetchone()[0] == 2
    c.close()


def test_connection_key_aliases_and_database():
    c = pyodbc.connect(f"Driver={{{DRIVER}}};Host={HOST};Port={PORT};User={USER};Password={{{PASSWORD}}};Database=system;Compression=lz4;Timeout=20")
    assert c.cursor().execute("SELECT currentDatabase()").fetchone()[0] == "system"
    assert c.getinfo(pyodbc.SQL_DATABASE_NAME) == "system"
    c.close()


def test_zstd_compression_streams_rows():
    c = pyodbc.connect(connection_string(Compression="zstd"))
    rows = c.cursor().execute("SELECT number, toString(number) FROM numbers(100000)").fetchall()
    assert len(rows) == 100000 and rows[-1][1] == "99999"
    c.close()


def test_wrong_password_is_28000():
    with pytest.raises(pyodbc.Error) as e:
        pyodbc.connect(connection_string(PWD="definitely-wrong"))
    assert e.value.args[0] == "28000"


def test_http_port_gives_a_clear_error():
    for port in ("8123", "8443"):
        with pytest.raises(pyodbc.Error) as e:
            pyodbc.connect(connection_string(Port=port))
        assert e.value.args[0] == "08001"
        assert "native" in e.value.args[1] and "9000" in e.value.args[1]


def test_bad_value_names_the_key():
    with pytest.raises(pyodbc.Error) as e:
        pyodbc.connect(connection_string(Port="ninety"))
    assert "Port" in e.value.args[1]
    with pytest.raises(pyodbc.Error) as e:
        pyodbc.connect(connection_string(SSLMode="sometimes"))
    assert "SSLMode" in e.value.args[1]


def test_unknown_key_is_a_warning_naming_it():
    c = raw.Connection(connection_string(Frobnicate="1"))
    try:
        assert c.connect_rc == raw.SQL_SUCCESS_WITH_INFO
        assert any(state == "01S00" and "Frobnicate" in msg for state, msg in c.connect_diagnostics)
        assert "Server=" in c.out_connection_string
    finally:
        c.close()


def test_unreachable_server_is_08001():
    with pytest.raises(pyodbc.Error) as e:
        pyodbc.connect(connection_string(Port="1", Timeout="2"))
    assert e.value.args[0] == "08001"


def test_autocommit_off_and_transactions_are_no_ops(cnxn):
    assert cnxn.autocommit is False
    cnxn.commit()
    cnxn.rollback()
    cnxn.autocommit = True
    assert cnxn.autocommit is True


def test_getinfo(cnxn):
    assert cnxn.getinfo(pyodbc.SQL_DBMS_NAME) == "ClickHouse"
    assert cnxn.getinfo(pyodbc.SQL_IDENTIFIER_QUOTE_CHAR) == "`"
    assert cnxn.getinfo(pyodbc.SQL_DRIVER_ODBC_VER) == "03.51"
    assert cnxn.getinfo(pyodbc.SQL_CATALOG_NAME_SEPARATOR) == "."
    assert cnxn.getinfo(pyodbc.SQL_TXN_CAPABLE) == 0
    assert cnxn.getinfo(pyodbc.SQL_USER_NAME) == USER
    assert cnxn.getinfo(pyodbc.SQL_DBMS_VER).count(".") == 2


def test_getfunctions_is_truthful():
    """The driver's own SQLGetFunctions bitmap matches the functions it exports."""
    if not LIB:
        pytest.skip("CHODBC_LIB not set")
    drv = C.CDLL(LIB)
    env, dbc = C.c_void_p(), C.c_void_p()
    drv.SQLAllocHandle.argtypes = [C.c_short, C.c_void_p, C.POINTER(C.c_void_p)]
    assert drv.SQLAllocHandle(1, None, C.byref(env)) == 0
    assert drv.SQLAllocHandle(2, env, C.byref(dbc)) == 0
    bitmap = (C.c_ushort * 250)()
    drv.SQLGetFunctions.argtypes = [C.c_void_p, C.c_ushort, C.c_void_p]
    assert drv.SQLGetFunctions(dbc, 999, bitmap) == 0
    ids = {i for i in range(4000) if bitmap[i >> 4] & (1 << (i & 15))}
    names = {
        4: "SQLBindCol", 5: "SQLCancel", 6: "SQLColAttribute", 7: "SQLConnect", 8: "SQLDescribeCol", 9: "SQLDisconnect",
        11: "SQLExecDirect", 12: "SQLExecute", 13: "SQLFetch", 16: "SQLFreeStmt", 17: "SQLGetCursorName",
        18: "SQLNumResultCols", 19: "SQLPrepare", 20: "SQLRowCount", 21: "SQLSetCursorName", 40: "SQLColumns",
        41: "SQLDriverConnect", 43: "SQLGetData", 44: "SQLGetFunctions", 45: "SQLGetInfo", 47: "SQLGetTypeInfo",
        48: "SQLParamData", 49: "SQLPutData", 52: "SQLSpecialColumns", 53: "SQLStatistics", 54: "SQLTables",
        58: "SQLDescribeParam", 60: "SQLForeignKeys", 61: "SQLMoreResults", 62: "SQLNativeSql", 63: "SQLNumParams",
        65: "SQLPrimaryKeys", 67: "SQLProcedures", 72: "SQLBindParameter", 1001: "SQLAllocHandle", 1003: "SQLCloseCursor",
        1004: "SQLCopyDesc", 1005: "SQLEndTran", 1006: "SQLFreeHandle", 1007: "SQLGetConnectAttr", 1008: "SQLGetDescField",
        1009: "SQLGetDescRec", 1010: "SQLGetDiagField", 1011: "SQLGetDiagRec", 1012: "SQLGetEnvAttr", 1014: "SQLGetStmtAttr",
        1016: "SQLSetConnectAttr", 1017: "SQLSetDescField", 1018: "SQLSetDescRec", 1019: "SQLSetEnvAttr",
        1020: "SQLSetStmtAttr", 1021: "SQLFetchScroll",
        # Known ids the driver must not claim.
        10: "SQLError", 55: "SQLBrowseConnect", 56: "SQLColumnPrivileges", 59: "SQLExtendedFetch", 66: "SQLProcedureColumns",
        68: "SQLSetPos", 70: "SQLTablePrivileges", 1002: "SQLBindParam", 24: "SQLBulkOperations",
    }
    nm = subprocess.run(["nm", "-D", "--defined-only", LIB], capture_output=True, text=True, check=True).stdout
    exported = {line.split()[-1] for line in nm.splitlines() if " T SQL" in line}
    for fid, name in names.items():
        assert (fid in ids) == (name in exported), f"{name} (id {fid}): reported {fid in ids}, exported {name in exported}"
    assert ids <= set(names), f"reported unknown ids {ids - set(names)}"
    drv.SQLFreeHandle.argtypes = [C.c_short, C.c_void_p]
    drv.SQLFreeHandle(2, dbc)
    drv.SQLFreeHandle(1, env)


# ---------------------------------------------------------------------------------- errors

def test_syntax_error_is_42000(cnxn):
    with pytest.raises(pyodbc.ProgrammingError) as e:
        cnxn.cursor().execute("SELEC 1")
    assert e.value.args[0] == "42000"
    assert "Syntax error" in e.value.args[1]


def test_unknown_table_is_42S02(cnxn):
    with pytest.raises(pyodbc.Error) as e:
        cnxn.cursor().execute("SELECT * FROM no_such_db_x.no_such_table_y")
    assert e.value.args[0] in ("42S02", "3D000")


def test_connection_usable_after_server_error(cnxn):
    cur = cnxn.cursor()
    with pytest.raises(pyodbc.Error):
        cur.execute("SELECT throwIf(number = 3) FROM numbers(10)").fetchall()
    assert cur.execute("SELECT 5").fetchone()[0] == 5


# ---------------------------------------------------------------------------------- types

EXPECTED_ROW1 = {
    "i8": -128, "u8": 255, "i16": -32768, "u16": 65535, "i32": -2147483648, "u32": 4294967295,
    "i64": -9223372036854775808, "u64": 18446744073709551615,
    "i128": decimal.Decimal("-170141183460469231731687303715884105728"),
    "u128": decimal.Decimal("340282366920938463463374607431768211455"),
    "f32": 1.5, "f64": 2.25, "b": True, "d": decimal.Decimal("12345678901234.5678"),
    "d38": decimal.Decimal("1234567890123456789012345678.0123456789"),
    "s": "héllo ☃ 日本", "dt": dt.date(2024, 2, 29), "d32": dt.date(1900, 1, 1),
    "ts": dt.datetime(2024, 1, 2, 3, 4, 5), "ts64": dt.datetime(2024, 1, 2, 3, 4, 5, 123456),
    "u": "01234567-89ab-cdef-0123-456789abcdef", "ip4": "192.168.1.1", "ip6": "2001:db8::1", "e": "zé",
    "arr": "[1,2,3]", "m": "{'k':1}", "t": "(7,'x')", "ns": None, "ni": None, "lc": "low", "lcn": None,
}


def test_every_type_through_the_w_path(cnxn):
    cur = cnxn.cursor()
    cur.execute(f"SELECT * FROM {DB}.all_types ORDER BY id")
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    row1 = dict(zip(names, rows[0]))
    for k, v in EXPECTED_ROW1.items():
        assert row1[k] == v, (k, row1[k], v)
    # 256-bit integers are text (beyond SQL_NUMERIC's 128 bits).
    assert row1["i256"] == "-57896044618658097711785492504343953926634992332820282019728792003956564819968"
    assert row1["u256"] == "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    assert row1["fs"] == "ab\x00\x00"
    row2 = dict(zip(names, rows[1]))
    assert row2["ns"] == "not null" and row2["ni"] == 42 and row2["lcn"] == "lc" and row2["s"] == ""
    assert row2["ts64"] == dt.datetime(1970, 1, 1, 9, 0)  # Asia/Tokyo wall time


def test_description_types_precision_and_nullability(cnxn):
    cur = cnxn.cursor()
    cur.execute(f"SELECT u64, d, ts64, ns, lcn, s, i64 FROM {DB}.all_types")
    desc = {d[0]: d for d in cur.description}
    assert desc["u64"][1] is int
    assert desc["d"][1] is decimal.Decimal and desc["d"][4] == 18 and desc["d"][5] == 4
    assert desc["ts64"][1] is dt.datetime and desc["ts64"][5] == 6
    assert desc["ns"][6] is True and desc["lcn"][6] is True and desc["s"][6] is False
    cur.fetchall()


def test_every_type_through_the_ansi_path(setup_db):
    """SQL_C_CHAR through the ANSI entry points: UTF-8 text, ClickHouse text forms, NULL indicators."""
    c = raw.Connection(connection_string())
    try:
        c.execute(f"SELECT u64, i128, s, ts64, arr, ns, e, b, d FROM {DB}.all_types ORDER BY id")
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS
        got = []
        for col in range(1, 10):
            buf = C.create_string_buffer(512)
            ind = raw.SQLLEN()
            rc = raw.SQLGetData(c.stmt, col, raw.SQL_C_CHAR, buf, len(buf), C.byref(ind))
            assert rc == raw.SQL_SUCCESS, c.stmt_diagnostics()
            got.append(None if ind.value == raw.SQL_NULL_DATA else buf.value.decode("utf-8"))
        assert got == ["18446744073709551615", "-170141183460469231731687303715884105728", "héllo ☃ 日本",
                       "2024-01-02 03:04:05.123456", "[1,2,3]", None, "zé", "1", "12345678901234.5678"]
        assert len("héllo ☃ 日本".encode()) == 17
    finally:
        c.close()


def test_typed_c_conversions_and_range_errors(setup_db):
    c = raw.Connection(connection_string())
    try:
        c.execute(f"SELECT u64, i8, ts, u, d FROM {DB}.all_types ORDER BY id")
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS
        v = C.c_ulonglong()
        ind = raw.SQLLEN()
        assert raw.SQLGetData(c.stmt, 1, raw.SQL_C_UBIGINT, C.byref(v), 8, C.byref(ind)) == raw.SQL_SUCCESS
        assert v.value == 18446744073709551615
        s = C.c_longlong()
        c2 = raw.Connection(connection_string())
        c2.execute(f"SELECT u64 FROM {DB}.all_types ORDER BY id")
        assert raw.SQLFetch(c2.stmt) == raw.SQL_SUCCESS
        assert raw.SQLGetData(c2.stmt, 1, raw.SQL_C_SBIGINT, C.byref(s), 8, C.byref(ind)) == raw.SQL_ERROR
        assert c2.stmt_diagnostics()[0][0] == "22003"
        c2.close()
        t = C.c_byte()
        assert raw.SQLGetData(c.stmt, 2, raw.SQL_C_STINYINT, C.byref(t), 1, C.byref(ind)) == raw.SQL_SUCCESS
        assert t.value == -128

        class TS(C.Structure):
            _fields_ = [("year", C.c_short), ("month", C.c_ushort), ("day", C.c_ushort), ("hour", C.c_ushort),
                        ("minute", C.c_ushort), ("second", C.c_ushort), ("fraction", C.c_uint)]
        ts = TS()
        assert raw.SQLGetData(c.stmt, 3, raw.SQL_C_TYPE_TIMESTAMP, C.byref(ts), C.sizeof(ts), C.byref(ind)) == raw.SQL_SUCCESS
        assert (ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second) == (2024, 1, 2, 3, 4, 5)

        class GUID(C.Structure):
            _fields_ = [("d1", C.c_uint), ("d2", C.c_ushort), ("d3", C.c_ushort), ("d4", C.c_ubyte * 8)]
        g = GUID()
        assert raw.SQLGetData(c.stmt, 4, raw.SQL_C_GUID, C.byref(g), 16, C.byref(ind)) == raw.SQL_SUCCESS
        assert (g.d1, g.d2, g.d3, bytes(g.d4)) == (0x01234567, 0x89AB, 0xCDEF, bytes.fromhex("0123456789abcdef"))

        class NUM(C.Structure):
            _fields_ = [("precision", C.c_ubyte), ("scale", C.c_byte), ("sign", C.c_ubyte), ("val", C.c_ubyte * 16)]
        n = NUM()
        assert raw.SQLGetData(c.stmt, 5, raw.SQL_C_NUMERIC, C.byref(n), C.sizeof(n), C.byref(ind)) == raw.SQL_SUCCESS
        assert n.scale == 4 and n.sign == 1 and int.from_bytes(bytes(n.val), "little") == 123456789012345678
    finally:
        c.close()


# ---------------------------------------------------------------------------------- parameters

def test_parameters_of_every_python_type(cnxn):
    cur = cnxn.cursor()
    now = dt.datetime(2024, 5, 6, 7, 8, 9, 250000)
    row = cur.execute("SELECT ?, ?, ?, ?, ?, ?, ?, ?, toTypeName(?)", 42, -7.5, "héllo", None, True,
                      decimal.Decimal("-12.340"), dt.date(2024, 2, 29), now, 9223372036854775807).fetchone()
    assert row[0] == 42 and row[1] == -7.5 and row[2] == "héllo" and row[3] is None and row[4] in (1, True)
    assert decimal.Decimal(str(row[5])) == decimal.Decimal("-12.34")
    assert str(row[6]) == "2024-02-29"
    assert str(row[7]).startswith("2024-05-06 07:08:09.25")
    assert row[8] in ("UInt64", "Int64")


def test_parameters_cannot_inject(cnxn):
    cur = cnxn.cursor()
    evil = "x'; DROP DATABASE chodbc_test; --\\' \" ` \n\t\x00 ?"
    assert cur.execute("SELECT ?", evil).fetchone()[0] == evil
    assert cur.execute("SELECT count() FROM system.databases WHERE name = ?", DB).fetchone()[0] == 1
    # A `?` inside literals, identifiers and comments is not a marker.
    assert tuple(cur.execute("SELECT '?', ? -- ?\n", 3).fetchone()) == ("?", 3)


def test_parameters_in_where_and_insert_with_rowcount(cnxn):
    cur = cnxn.cursor()
    cur.execute(f"TRUNCATE TABLE {DB}.kv")
    cur.executemany(f"INSERT INTO {DB}.kv VALUES (?, ?, ?)",
                    [(1, "one", dt.datetime(2024, 1, 1, 0, 0, 0, 5000)), (2, "twö", None), (3, "three's", None)])
    cur.execute(f"INSERT INTO {DB}.kv (k, v) VALUES (?, ?)", 4, "four")
    assert cur.rowcount == 1
    rows = cur.execute(f"SELECT k, v, ts FROM {DB}.kv WHERE k >= ? AND v != ? ORDER BY k", 1, "zzz").fetchall()
    assert [tuple(r) for r in rows] == [(1, "one", dt.datetime(2024, 1, 1, 0, 0, 0, 5000)), (2, "twö", None),
                                        (3, "three's", None), (4, "four", None)]


def test_long_text_parameter_uses_data_at_execution(cnxn):
    cur = cnxn.cursor()
    long = "ü" * 100_000 + "end"
    # Aliases keep the literal out of the generated column name.
    assert cur.execute("SELECT length(?) AS n", long).fetchone()[0] == len(long.encode())
    assert cur.execute("SELECT ? AS s", long).fetchone()[0] == long


def test_bytes_parameter_round_trips_exactly(cnxn):
    cur = cnxn.cursor()
    blob = bytes(range(256))
    assert cur.execute("SELECT hex(?)", blob).fetchone()[0] == blob.hex().upper()


def test_prepared_statement_metadata_before_execute(setup_db):
    """SQLPrepare + SQLNumResultCols/SQLDescribeCol before SQLExecute (LibreOffice, nanodbc)."""
    c = pyodbc.connect(connection_string())
    cur = c.cursor()
    cur.execute("SELECT ?::Int32 AS a, 'x' AS b", 1)
    assert [d[0] for d in cur.description] == ["a", "b"]
    c.close()


# ---------------------------------------------------------------------------------- fetching

def test_block_cursor_column_wise(setup_db):
    c = raw.Connection(connection_string())
    try:
        n = 1000
        ids = (C.c_longlong * n)()
        ids_ind = (raw.SQLLEN * n)()
        texts = (C.c_char * (16 * n))()
        texts_ind = (raw.SQLLEN * n)()
        fetched = raw.SQLULEN()
        status = (C.c_ushort * n)()
        assert raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_ARRAY_SIZE, C.c_void_p(n), 0) == raw.SQL_SUCCESS
        assert raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROWS_FETCHED_PTR, C.cast(C.byref(fetched), C.c_void_p), 0) == raw.SQL_SUCCESS
        assert raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_STATUS_PTR, C.cast(status, C.c_void_p), 0) == raw.SQL_SUCCESS
        c.execute("SELECT number, toString(number * 2) FROM numbers(2500) SETTINGS max_block_size = 700")
        assert raw.SQLBindCol(c.stmt, 1, raw.SQL_C_SBIGINT, C.cast(ids, C.c_void_p), 8, C.cast(ids_ind, C.c_void_p)) == 0
        assert raw.SQLBindCol(c.stmt, 2, raw.SQL_C_CHAR, C.cast(texts, C.c_void_p), 16, C.cast(texts_ind, C.c_void_p)) == 0
        seen = []
        while True:
            rc = raw.SQLFetch(c.stmt)
            if rc == raw.SQL_NO_DATA:
                break
            assert rc == raw.SQL_SUCCESS
            for i in range(fetched.value):
                assert status[i] == 0
                text = bytes(texts[i * 16:(i + 1) * 16]).split(b"\0")[0].decode()
                assert int(text) == ids[i] * 2 and texts_ind[i] == len(text)
                seen.append(ids[i])
            if fetched.value < n:
                assert status[fetched.value] == 3  # SQL_ROW_NOROW
        assert seen == list(range(2500))
    finally:
        c.close()


def test_block_cursor_row_wise(setup_db):
    class Row(C.Structure):
        _fields_ = [("id", C.c_int), ("id_ind", raw.SQLLEN), ("name", C.c_char * 12), ("name_ind", raw.SQLLEN)]

    c = raw.Connection(connection_string())
    try:
        rows = (Row * 64)()
        fetched = raw.SQLULEN()
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_ARRAY_SIZE, C.c_void_p(64), 0)
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_BIND_TYPE, C.c_void_p(C.sizeof(Row)), 0)
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROWS_FETCHED_PTR, C.cast(C.byref(fetched), C.c_void_p), 0)
        c.execute("SELECT toInt32(number), if(number % 3 = 0, NULL, concat('n', toString(number))) FROM numbers(100)")
        base = C.addressof(rows)
        assert raw.SQLBindCol(c.stmt, 1, raw.SQL_C_SLONG, base + Row.id.offset, 4, base + Row.id_ind.offset) == 0
        assert raw.SQLBindCol(c.stmt, 2, raw.SQL_C_CHAR, base + Row.name.offset, 12, base + Row.name_ind.offset) == 0
        total = []
        while raw.SQLFetch(c.stmt) in (raw.SQL_SUCCESS, raw.SQL_SUCCESS_WITH_INFO):
            for r in rows[:fetched.value]:
                total.append((r.id, None if r.name_ind == raw.SQL_NULL_DATA else r.name.decode()))
        assert len(total) == 100
        assert total[3] == (3, None) and total[4] == (4, "n4")
    finally:
        c.close()


def test_piecewise_getdata_ansi_and_wide(setup_db):
    text = "é" * 30 + "xyz"
    c = raw.Connection(connection_string())
    try:
        c.execute(f"SELECT '{text}', '{text}'")
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS
        pieces = b""
        ind = raw.SQLLEN()
        buf = C.create_string_buffer(10)
        while True:
            rc = raw.SQLGetData(c.stmt, 1, raw.SQL_C_CHAR, buf, 10, C.byref(ind))
            if rc == raw.SQL_NO_DATA:
                break
            assert rc in (raw.SQL_SUCCESS, raw.SQL_SUCCESS_WITH_INFO)
            if rc == raw.SQL_SUCCESS_WITH_INFO:
                assert c.stmt_diagnostics()[0][0] == "01004"
            pieces += buf.value
        assert pieces.decode() == text
        units = b""
        wbuf = C.create_string_buffer(14)  # 6 UTF-16 units + terminator
        while True:
            rc = raw.SQLGetData(c.stmt, 2, raw.SQL_C_WCHAR, wbuf, 14, C.byref(ind))
            if rc == raw.SQL_NO_DATA:
                break
            got = bytes(wbuf.raw)
            n = min(ind.value, 12) if rc == raw.SQL_SUCCESS_WITH_INFO else ind.value
            units += got[:n]
        assert units.decode("utf-16-le") == text
    finally:
        c.close()


def test_long_unicode_values_through_pyodbc(cnxn):
    s = "日本語テキスト🙂" * 20000
    got = cnxn.cursor().execute("SELECT ? AS s", s).fetchone()[0]
    assert got == s


def test_two_open_cursors_on_one_connection(cnxn):
    a = cnxn.cursor().execute("SELECT number FROM numbers(50000)")
    b = cnxn.cursor().execute("SELECT number * 10 FROM numbers(50000)")
    total_a = total_b = 0
    while True:
        ra, rb = a.fetchmany(1000), b.fetchmany(1000)
        if not ra and not rb:
            break
        total_a += sum(r[0] for r in ra)
        total_b += sum(r[0] for r in rb)
    assert total_a == sum(range(50000)) and total_b == 10 * total_a


def test_streaming_memory_is_bounded(cnxn):
    """10 million rows: the process grows by a few blocks, not by the result."""
    cur = cnxn.cursor()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cur.execute("SELECT number, toString(number) FROM numbers(10000000)")
    count = 0
    while True:
        rows = cur.fetchmany(50000)
        if not rows:
            break
        count += len(rows)
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert count == 10_000_000
    assert grew_mb < 150, f"grew by {grew_mb:.0f} MB"


def test_abandoned_cursor_is_cancelled_quickly(cnxn):
    cur = cnxn.cursor()
    cur.execute("SELECT number FROM numbers(1000000000)")
    cur.fetchmany(10)
    t = time.time()
    cur.close()
    assert time.time() - t < 10
    assert cnxn.cursor().execute("SELECT 7").fetchone()[0] == 7


def test_cancel_from_another_thread(cnxn):
    cur = cnxn.cursor()
    timer = threading.Timer(1.0, cur.cancel)
    timer.start()
    t = time.time()
    with pytest.raises(pyodbc.Error) as e:
        cur.execute("SELECT sleepEachRow(0.5) FROM numbers(60) SETTINGS max_block_size = 1, function_sleep_max_microseconds_per_block = 0")
        cur.fetchall()
    timer.join()
    assert time.time() - t < 15
    assert e.value.args[0] == "HY008"
    assert cnxn.cursor().execute("SELECT 8").fetchone()[0] == 8


# ---------------------------------------------------------------------------------- catalog

def test_tables_lists_databases_as_catalogs(cnxn):
    cur = cnxn.cursor()
    rows = cur.tables(catalog=DB).fetchall()
    assert {(r.table_cat, r.table_schem, r.table_name, r.table_type) for r in rows} == {
        (DB, None, "all_types", "TABLE"), (DB, None, "kv", "TABLE")}
    assert [r.remarks for r in rows if r.table_name == "all_types"] == ["every mapped type"]
    everything = cur.tables().fetchall()
    assert any(r.table_cat == "system" and r.table_type == "SYSTEM TABLE" for r in everything)
    cats = [r.table_cat for r in cur.tables(catalog="%", schema="", table="").fetchall()]
    assert DB in cats and "system" in cats
    types = {r.table_type for r in cur.tables(tableType="%", catalog="", schema="", table="").fetchall()}
    assert types == {"TABLE", "VIEW", "SYSTEM TABLE"}
    assert cur.tables(catalog=DB, tableType="VIEW").fetchall() == []


def test_columns_agree_with_describe_and_type_info(cnxn):
    cur = cnxn.cursor()
    cols = cur.columns(table="all_types", catalog=DB).fetchall()
    assert [c.column_name for c in cols][:3] == ["id", "i8", "u8"]
    by_name = {c.column_name: c for c in cols}
    assert by_name["u64"].data_type == pyodbc.SQL_BIGINT and by_name["u64"].type_name == "UInt64"
    assert by_name["d"].data_type == pyodbc.SQL_DECIMAL and by_name["d"].column_size == 18 and by_name["d"].decimal_digits == 4
    assert by_name["ns"].nullable == 1 and by_name["ns"].is_nullable == "YES" and by_name["s"].nullable == 0
    assert by_name["ts64"].data_type == pyodbc.SQL_TYPE_TIMESTAMP and by_name["ts64"].decimal_digits == 6
    assert by_name["s"].data_type == pyodbc.SQL_WLONGVARCHAR  # unbounded: a long type
    cur.execute(f"SELECT * FROM {DB}.all_types")
    described = {d[0]: d for d in cur.description}
    cur.fetchall()
    for name, col in by_name.items():
        assert described[name][3] == col.column_size, name
    type_names = {}
    for r in cur.getTypeInfo(0).fetchall():
        type_names.setdefault(r.type_name, set()).add(r.data_type)
    for col in cols:
        assert col.data_type in type_names.get(col.type_name, ()), (col.column_name, col.type_name)


def test_empty_shaped_catalog_results(cnxn):
    cur = cnxn.cursor()
    assert cur.primaryKeys("all_types", catalog=DB).fetchall() == []
    assert len(cur.description) == 6
    assert cur.foreignKeys(table="all_types").fetchall() == []
    assert len(cur.description) == 14
    assert cur.statistics("all_types").fetchall() == []
    assert cur.rowIdColumns("all_types").fetchall() == []
    assert cur.procedures().fetchall() == []


def test_type_info_for_the_types_pyodbc_asks(cnxn):
    cur = cnxn.cursor()
    for t in (pyodbc.SQL_WVARCHAR, pyodbc.SQL_TYPE_TIMESTAMP, pyodbc.SQL_BIGINT, pyodbc.SQL_DECIMAL):
        rows = cur.getTypeInfo(t).fetchall()
        assert rows and all(r.data_type == t for r in rows)


# ---------------------------------------------------------------------------------- pandas

def test_pandas_read_sql(cnxn):
    pd = pytest.importorskip("pandas")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = pd.read_sql(f"SELECT k, v FROM {DB}.kv ORDER BY k", cnxn)
    assert list(df.columns) == ["k", "v"]


# ---------------------------------------------------------------------------------- isql / iusql

def run_tool(args, sql):
    p = subprocess.run(args, input=sql, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def test_isql_with_dsn():
    rc, out = run_tool(["isql", "-b", "-v", DSN, USER, PASSWORD], "SELECT 'héllo', toUInt64(18446744073709551615), NULL\n")
    assert rc == 0, out
    assert "héllo" in out and "18446744073709551615" in out


def test_isql_with_connection_string_and_driver_name_with_parentheses():
    rc, out = run_tool(["isql", "-b", "-v", "-k", connection_string()], "SELECT number FROM numbers(3)\n")
    assert rc == 0, out
    assert "3 rows fetched" in out or "SQLRowCount" in out


def test_isql_reports_syntax_error():
    rc, out = run_tool(["isql", "-b", "-v", DSN, USER, PASSWORD], "SELEC 1\n")
    assert "42000" in out or "37000" in out  # isql is an ODBC 2 application: the manager maps 42000 to 37000


def test_isql_help_lists_tables():
    rc, out = run_tool(["isql", "-b", DSN, USER, PASSWORD], "help\n")
    assert rc == 0, out
    assert "all_types" in out or "TABLE_NAME" in out


def test_iusql_wide_path():
    rc, out = run_tool(["iusql", "-b", "-v", DSN, USER, PASSWORD], "SELECT '日本語 ☃' AS w, toDecimal32(1.5, 2)\n")
    assert rc == 0, out
    assert "日本語 ☃" in out and "| 1.5" in out


# ---------------------------------------------------------------------------------- hostile calls

def test_hostile_calls_never_crash():
    exe = os.environ.get("CHODBC_HOSTILE")
    if not exe or not os.path.exists(exe):
        src = os.path.join(os.path.dirname(__file__), "hostile.c")
        exe = "/tmp/chodbc_hostile_pytest"
        subprocess.run(["cc", "-O1", "-Wall", "-o", exe, src, "-lodbc", "-ldl"], check=True)
    env = dict(os.environ, CHODBC_CONNECTION_STRING=connection_string())
    p = subprocess.run([exe, LIB], capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    assert "hostile: all checks passed" in p.stdout


def _dead_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_failover_to_the_next_host_in_the_server_list():
    servers = f"127.0.0.1:{_dead_port()},{HOST}:{PORT}"
    for strategy in ("in_order", "random"):
        c = pyodbc.connect(connection_string(Server=servers, Port=None, Failover=strategy, Timeout=5), autocommit=True)
        assert c.cursor().execute("SELECT tcpPort()").fetchone()[0] == int(PORT)
        c.close()


def test_bad_server_list_names_the_key():
    with pytest.raises(pyodbc.Error) as err:
        pyodbc.connect(connection_string(Server="127.0.0.1:notaport"), autocommit=True)
    assert "HY024" in str(err.value) and "Server" in str(err.value)
    with pytest.raises(pyodbc.Error) as err:
        pyodbc.connect(connection_string(Failover="sometimes"), autocommit=True)
    assert "Failover" in str(err.value)
