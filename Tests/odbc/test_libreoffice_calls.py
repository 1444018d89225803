"""The calls LibreOffice's ODBC driver (sdbc:odbc, LibreOffice 7.4) makes, through the ANSI entry
points as it makes them, with the answers it depends on (see a unixODBC trace of
Tests/odbc/libreoffice_report.py). Run by scripts/test-odbc.sh."""
import ctypes as C

import pytest

import odbc_ctypes as raw
from odbc_env import CS, needs_driver_manager

pytestmark = needs_driver_manager

SQL_DESC_FIXED_PREC_SCALE = 9
SQL_DECIMAL = 3
SQLColAttribute = raw._fn("SQLColAttribute", C.c_short, raw.H, C.c_ushort, C.c_ushort, C.c_void_p, C.c_short,
                          C.POINTER(C.c_short), C.POINTER(raw.SQLLEN))
SQLGetTypeInfo = raw._fn("SQLGetTypeInfo", C.c_short, raw.H, C.c_short)


@pytest.fixture
def conn():
    c = raw.Connection(CS)
    assert c.connect_rc in (raw.SQL_SUCCESS, raw.SQL_SUCCESS_WITH_INFO), c.connect_diagnostics
    yield c
    c.close()


def column_number_attribute(conn, column, field):
    value = raw.SQLLEN(-99)
    rc = SQLColAttribute(conn.stmt, column, field, None, 0, None, C.byref(value))
    assert rc == raw.SQL_SUCCESS, conn.stmt_diagnostics()
    return value.value


def test_decimal_columns_are_not_money(conn):
    """SQL_DESC_FIXED_PREC_SCALE is true only for a type whose precision and scale the data
    source fixes (a money type). ClickHouse's Decimal(P, S) takes them from the column, so it is
    false: LibreOffice's ResultSetMetaData.isCurrency reads this field, and Calc formats a column
    it calls currency as money ($1,234.57 for -1234.5678)."""
    conn.execute("SELECT toDecimal64(-1234.5678, 4) AS d, toDecimal128(1, 20) AS d2, toFloat64(1.5) AS f, 1 AS i")
    for column in (1, 2, 3, 4):
        assert column_number_attribute(conn, column, SQL_DESC_FIXED_PREC_SCALE) == 0, column


def test_type_info_decimal_is_not_money(conn):
    """SQLGetTypeInfo's FIXED_PREC_SCALE (column 11) agrees with SQLColAttribute; the scale range
    of Decimal stays 0..76."""
    assert SQLGetTypeInfo(conn.stmt, SQL_DECIMAL) == raw.SQL_SUCCESS, conn.stmt_diagnostics()
    rows = 0
    while raw.SQLFetch(conn.stmt) == raw.SQL_SUCCESS:
        rows += 1
        cells = []
        for column in (1, 11, 14, 15):
            buf = C.create_string_buffer(256)
            n = raw.SQLLEN()
            assert raw.SQLGetData(conn.stmt, column, raw.SQL_C_CHAR, buf, len(buf), C.byref(n)) == raw.SQL_SUCCESS
            cells.append(buf.value.decode())
        name, fixed, minimum, maximum = cells
        assert fixed == "0", name
        assert (minimum, maximum) == ("0", "76"), name
    assert rows > 0
