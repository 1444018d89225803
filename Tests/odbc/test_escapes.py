"""ODBC escape sequences ({fn}, {d}, {t}, {ts}, {oj}, {escape}) translated by CHODBC and run on
the real ClickHouse 26.9 server through pyodbc and unixODBC; results are checked, and
SQLNativeSql shows the translation. Run by scripts/test-odbc.sh."""
import ctypes as C
import datetime as dt

import pyodbc
import pytest

import odbc_ctypes as raw
from odbc_env import CS, USER, needs_driver_manager

pytestmark = needs_driver_manager


@pytest.fixture
def cur():
    c = pyodbc.connect(CS)
    yield c.cursor()
    c.close()


def one(cur, sql, *params):
    return cur.execute(sql, *params).fetchone()


@pytest.mark.parametrize("expr, expected", [
    ("{fn UCASE('abé')}", "ABÉ"),
    ("{fn LCASE('ABÉ')}", "abé"),
    ("{fn CONCAT('ab', 'cd')}", "abcd"),
    ("{fn LENGTH('héllo  ')}", 5),
    ("{fn CHAR_LENGTH('héllo')}", 5),
    ("{fn OCTET_LENGTH('é')}", 2),
    ("{fn LTRIM('  x ')}", "x "),
    ("{fn RTRIM('  x ')}", "  x"),
    ("{fn SUBSTRING('hello', 2, 3)}", "ell"),
    ("{fn LEFT('hello', 2)}", "he"),
    ("{fn RIGHT('hello', 2)}", "lo"),
    ("{fn LOCATE('l', 'hello')}", 3),
    ("{fn LOCATE('l', 'hello', 4)}", 4),
    ("{fn REPLACE('a-b-c', '-', '+')}", "a+b+c"),
    ("{fn INSERT('abcdef', 2, 3, 'XY')}", "aXYef"),
    ("{fn INSERT('héllo', 1, 0, 'ö')}", "öhéllo"),
    ("{fn SOUNDEX('Robert')}", "R163"),
    ("{fn DIFFERENCE('Robert', 'Rupert')}", 4),
    ("{fn DIFFERENCE('Robert', 'Smith')}", 0),
    ("{fn POSITION('lo' IN 'hello')}", 4),
    ("{fn POSITION('é' in 'café IN x')}", 4),
    ("{fn POSITION(')' IN '(a)')}", 3),
    ("{fn EXTRACT(YEAR FROM {d '2024-02-29'})}", 2024),
    ("{fn EXTRACT(day from {d '2024-02-29'})}", 29),
    ("{fn EXTRACT(SECOND FROM {ts '2024-01-02 03:04:05'})}", 5),
    ("{fn REPEAT('ab', 3)}", "ababab"),
    ("{fn SPACE(3)}", "   "),
    ("{fn ASCII('A')}", 65),
    ("{fn ABS(-4)}", 4),
    ("{fn ROUND(2.567, 2)}", 2.57),
    ("{fn FLOOR(2.7)}", 2),
    ("{fn CEILING(2.1)}", 3),
    ("{fn MOD(7, 3)}", 1),
    ("{fn POWER(2, 10)}", 1024),
    ("{fn SIGN(-3)}", -1),
    ("{fn TRUNCATE(2.789, 1)}", 2.7),
    ("{fn YEAR({d '2024-02-29'})}", 2024),
    ("{fn MONTH({d '2024-02-29'})}", 2),
    ("{fn DAYOFMONTH({d '2024-02-29'})}", 29),
    ("{fn DAYOFWEEK({d '2024-03-03'})}", 1),  # a Sunday: 1 in ODBC
    ("{fn DAYOFYEAR({d '2024-02-29'})}", 60),
    ("{fn QUARTER({d '2024-05-01'})}", 2),
    ("{fn HOUR({ts '2024-01-02 03:04:05'})}", 3),
    ("{fn MINUTE({ts '2024-01-02 03:04:05'})}", 4),
    ("{fn SECOND({ts '2024-01-02 03:04:05'})}", 5),
    ("{fn MONTHNAME({d '2024-02-01'})}", "February"),
    ("{fn DAYNAME({d '2024-03-03'})}", "Sunday"),
    ("{fn IFNULL(NULL, 'dflt')}", "dflt"),
    ("{fn CONVERT('42', SQL_INTEGER)}", 42),
    ("{fn CONVERT(42, SQL_VARCHAR)}", "42"),
    ("{fn CONVERT('2024-02-29', SQL_DATE)}", dt.date(2024, 2, 29)),
    ("{fn TIMESTAMPADD(SQL_TSI_DAY, 2, {ts '2024-02-28 10:00:00'})}", dt.datetime(2024, 3, 1, 10, 0, 0)),
    ("{fn TIMESTAMPDIFF(SQL_TSI_HOUR, {ts '2024-01-01 00:00:00'}, {ts '2024-01-02 06:00:00'})}", 30),
    ("{d '2024-02-29'}", dt.date(2024, 2, 29)),
    ("{t '12:34:56'}", "12:34:56"),
    ("{ts '2024-01-02 03:04:05'}", dt.datetime(2024, 1, 2, 3, 4, 5)),
    ("{ts '2024-01-02 03:04:05.123'}", dt.datetime(2024, 1, 2, 3, 4, 5, 123000)),
    ("{fn UCASE({fn CONCAT({fn LCASE('A')}, 'b')})}", "AB"),
    ("{ FN ucase ( 'x' ) }", "X"),
])
def test_scalar_function_and_literal_escapes(cur, expr, expected):
    value = one(cur, f"SELECT {expr}")[0]
    if isinstance(expected, float):
        assert value == pytest.approx(expected)
    else:
        assert value == expected, expr


def test_now_curdate_curtime_database_user(cur):
    now, today, curtime, db, user = one(cur, "SELECT {fn NOW()}, {fn CURDATE()}, {fn CURTIME()}, {fn DATABASE()}, {fn USER()}")
    assert abs((now - dt.datetime.now()).total_seconds()) < 24 * 3600
    assert isinstance(today, dt.date) and len(curtime) == 8 and curtime[2] == ":"
    assert db == "default" and user == USER


def test_outer_join_escape(cur):
    rows = cur.execute("""SELECT a.x, b.y FROM {oj (SELECT 1 AS x UNION ALL SELECT 2 AS x) AS a
                          LEFT OUTER JOIN (SELECT 1 AS x, 'one' AS y) AS b ON a.x = b.x} ORDER BY a.x""").fetchall()
    assert [tuple(r) for r in rows] == [(1, "one"), (2, "")]


def test_like_escape_clause(cur):
    assert one(cur, r"SELECT 'a_b' LIKE 'a\_b' {escape '\'}, 'axb' LIKE 'a\_b' {escape '\'}") == (1, 0) or \
        tuple(one(cur, r"SELECT 'a_b' LIKE 'a\_b' {escape '\'}, 'axb' LIKE 'a\_b' {escape '\'}")) == (True, False)
    with pytest.raises(pyodbc.Error, match="HYC00"):
        cur.execute("SELECT 'a' LIKE 'a' {escape '!'}")


def test_escapes_are_left_alone_inside_literals_identifiers_and_comments(cur):
    row = one(cur, "SELECT '{fn UCASE(''x'')}' AS `{fn LCASE(y)}` -- {fn NOW()} \n, /* {d '2024-01-01'} */ {fn UCASE('z')}")
    assert tuple(row) == ("{fn UCASE('x')}", "Z")
    assert cur.description[0][0] == "{fn LCASE(y)}"


def test_escapes_and_markers_follow_the_servers_lexical_rules(cur):
    # The driver finds escapes and `?` markers with CHNative's SQLLexer, which reads the text as
    # ClickHouse 26.9 does: block comments nest, `# ` starts a line comment, `$$...$$` is a
    # string literal. None of the `?` or escapes in those is a marker or an escape.
    row = one(cur, "SELECT ? /* a /* ? */ ? {fn NO_SUCH_FN()} */ AS x, $${fn UCASE('b')} ?$$ AS y, ? AS z # ? {fn NO_SUCH_FN()}\n",
              1, 2)
    assert tuple(row) == (1, "{fn UCASE('b')} ?", 2)
    # A comment in an escape's arguments is not an argument separator.
    assert one(cur, "SELECT {fn CONCAT('a' /* , */, 'b')}")[0] == "ab"
    # A line comment at the end of an argument ends at its newline, not at the call's ')'.
    assert one(cur, "SELECT {fn CONCAT('a' -- first\n, 'b' # second\n)}")[0] == "ab"


def test_parameters_inside_escapes(cur):
    assert tuple(one(cur, "SELECT {fn UCASE(?)}, {fn CONCAT(?, '!')}", "abc", "hi")) == ("ABC", "hi!")


def test_clickhouse_braces_pass_through(cur):
    # {name:Type} query parameters are ClickHouse syntax, not escapes: the server sees them.
    with pytest.raises(pyodbc.Error, match="(?i)substitution"):
        cur.execute("SELECT {x:UInt8}")
    assert one(cur, "SELECT JSONExtractInt('{\"fn\": 3}', 'fn')")[0] == 3


def test_unknown_function_and_bad_escape_are_clear_errors(cur):
    with pytest.raises(pyodbc.Error, match=r"HYC00.*NO_SUCH_FN"):
        cur.execute("SELECT {fn NO_SUCH_FN('x')}")
    with pytest.raises(pyodbc.Error, match=r"42000.*POSITION takes"):
        cur.execute("SELECT {fn POSITION('a', 'b')}")
    with pytest.raises(pyodbc.Error, match=r"42000.*EXTRACT takes"):
        cur.execute("SELECT {fn EXTRACT(WEEKDAY FROM now())}")
    with pytest.raises(pyodbc.Error, match=r"42000.*UCASE takes 1"):
        cur.execute("SELECT {fn UCASE('a', 'b')}")
    with pytest.raises(pyodbc.Error, match=r"42000.*\{d"):
        cur.execute("SELECT {d 'yesterday'}")
    with pytest.raises(pyodbc.Error, match="HYC00"):
        cur.execute("{call my_proc(1)}")


def test_noscan_attribute_sends_text_unchanged():
    c = raw.Connection(CS)
    try:
        assert raw.SQLSetStmtAttr(c.stmt, 2, C.c_void_p(1), 0) == raw.SQL_SUCCESS  # SQL_ATTR_NOSCAN = SQL_NOSCAN_ON
        rc = raw.SQLExecDirect(c.stmt, b"SELECT {fn UCASE('x')}", raw.SQL_NTS)
        assert rc == raw.SQL_ERROR  # the server sees the raw escape
    finally:
        c.close()


def test_native_sql_shows_the_translation():
    native_sql = raw._fn("SQLNativeSql", C.c_short, raw.H, C.c_char_p, C.c_int, C.c_char_p, C.c_int, C.POINTER(C.c_int))
    c = raw.Connection(CS)
    try:
        out = C.create_string_buffer(512)
        n = C.c_int()
        sql = b"SELECT {fn UCASE(name)}, {d '2024-01-02'}, {ts '2024-01-02 03:04:05.5'} FROM t WHERE s = '{fn x}' AND {p:UInt8}"
        assert native_sql(c.dbc, sql, raw.SQL_NTS, out, len(out), C.byref(n)) == raw.SQL_SUCCESS
        assert out.value.decode() == ("SELECT upperUTF8(name), toDate('2024-01-02'), toDateTime64('2024-01-02 03:04:05.5', 1) "
                                      "FROM t WHERE s = '{fn x}' AND {p:UInt8}")
        assert n.value == len(out.value)
    finally:
        c.close()


def test_getinfo_function_bitmasks_are_truthful(cur):
    cnxn = cur.connection
    strings = cnxn.getinfo(pyodbc.SQL_STRING_FUNCTIONS)
    numeric = cnxn.getinfo(pyodbc.SQL_NUMERIC_FUNCTIONS)
    timedate = cnxn.getinfo(pyodbc.SQL_TIMEDATE_FUNCTIONS)
    system = cnxn.getinfo(pyodbc.SQL_SYSTEM_FUNCTIONS)
    convert = cnxn.getinfo(pyodbc.SQL_CONVERT_FUNCTIONS)
    # Every advertised function runs; those not advertised are refused.
    str_bits = {0x1: "CONCAT('a','b')", 0x4: "LEFT('ab',1)", 0x8: "LTRIM(' a')", 0x10: "LENGTH('a')",
                0x20: "LOCATE('a','ba')", 0x40: "LCASE('A')", 0x80: "REPEAT('a',2)", 0x100: "REPLACE('a','a','b')",
                0x200: "RIGHT('ab',1)", 0x400: "RTRIM('a ')", 0x800: "SUBSTRING('ab',1,1)", 0x1000: "UCASE('a')",
                0x2000: "ASCII('a')", 0x4000: "CHAR(65)", 0x8000: "DIFFERENCE('a','b')", 0x20000: "SOUNDEX('a')",
                0x40000: "SPACE(1)", 0x80000: "BIT_LENGTH('a')", 0x100000: "CHAR_LENGTH('a')",
                0x200000: "CHARACTER_LENGTH('a')", 0x400000: "OCTET_LENGTH('a')", 0x2: "INSERT('abc',1,1,'x')",
                0x800000: "POSITION('a' IN 'ba')"}
    num_bits = {0x1: "ABS(-1)", 0x2: "ACOS(1)", 0x4: "ASIN(0)", 0x8: "ATAN(0)", 0x10: "ATAN2(1,1)", 0x20: "CEILING(1.2)",
                0x40: "COS(0)", 0x80: "COT(1)", 0x100: "EXP(0)", 0x200: "FLOOR(1.5)", 0x400: "LOG(1)", 0x800: "MOD(3,2)",
                0x1000: "SIGN(-2)", 0x2000: "SIN(0)", 0x4000: "SQRT(4)", 0x8000: "TAN(0)", 0x10000: "PI()",
                0x20000: "RAND()", 0x40000: "DEGREES(1)", 0x80000: "LOG10(10)", 0x100000: "POWER(2,2)",
                0x200000: "RADIANS(1)", 0x400000: "ROUND(1.5,0)", 0x800000: "TRUNCATE(1.5,0)"}
    td_bits = {0x1: "NOW()", 0x2: "CURDATE()", 0x4: "DAYOFMONTH(now())", 0x8: "DAYOFWEEK(now())",
               0x10: "DAYOFYEAR(now())", 0x20: "MONTH(now())", 0x40: "QUARTER(now())", 0x80: "WEEK(now())",
               0x100: "YEAR(now())", 0x200: "CURTIME()", 0x400: "HOUR(now())", 0x800: "MINUTE(now())",
               0x1000: "SECOND(now())", 0x2000: "TIMESTAMPADD(SQL_TSI_SECOND, 1, now())",
               0x4000: "TIMESTAMPDIFF(SQL_TSI_SECOND, now(), now())", 0x8000: "DAYNAME(now())",
               0x10000: "MONTHNAME(now())", 0x20000: "CURRENT_DATE()", 0x40000: "CURRENT_TIME()",
               0x80000: "CURRENT_TIMESTAMP()", 0x100000: "EXTRACT(YEAR FROM now())"}
    sys_bits = {0x1: "USER()", 0x2: "DATABASE()", 0x4: "IFNULL(NULL, 1)"}
    for mask, table in ((strings, str_bits), (numeric, num_bits), (timedate, td_bits), (system, sys_bits)):
        for bit, call in table.items():
            if mask & bit:
                one(cur, "SELECT {fn %s}" % call)
            else:
                with pytest.raises(pyodbc.Error):
                    cur.execute("SELECT {fn %s}" % call)
    assert strings & 0x1000 and numeric & 0x1 and timedate & 0x1 and system == 0x7 and convert == 0x1
    assert cnxn.getinfo(pyodbc.SQL_CONVERT_VARCHAR) & 0x8  # VARCHAR -> INTEGER through CONVERT
    assert cnxn.getinfo(pyodbc.SQL_TIMEDATE_ADD_INTERVALS) == 0x1FF
