"""Time, Time64 and Interval columns through SQLGetData: as text they read like the server prints
them; as numbers, Time is seconds, Time64(p) a decimal number of seconds and an Interval its
count of units (ClickHouse 26.9 through unixODBC, raw ctypes calls)."""
import ctypes as C

import pytest

import odbc_ctypes as raw
from odbc_env import CS, needs_driver_manager

pytestmark = needs_driver_manager

QUERY = ("SELECT toTime('-12:34:56') AS t, toTime64('01:02:03.250', 3) AS t64, toIntervalDay(-7) AS d, "
         "toIntervalMonth(14) AS m SETTINGS enable_time_time64_type = 1")


def fetch_row(c):
    c.execute(QUERY)
    assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS, c.stmt_diagnostics()


def test_time_and_interval_as_text():
    c = raw.Connection(CS)
    try:
        fetch_row(c)
        texts = []
        for col in range(1, 5):
            buf = C.create_string_buffer(64)
            ind = raw.SQLLEN()
            assert raw.SQLGetData(c.stmt, col, raw.SQL_C_CHAR, buf, len(buf), C.byref(ind)) == raw.SQL_SUCCESS
            texts.append(buf.value.decode())
        assert texts == ["-12:34:56", "01:02:03.250", "-7", "14"]
    finally:
        c.close()


def test_time_and_interval_as_numbers():
    c = raw.Connection(CS)
    try:
        fetch_row(c)
        ind = raw.SQLLEN()
        v = C.c_longlong()
        assert raw.SQLGetData(c.stmt, 1, raw.SQL_C_SBIGINT, C.byref(v), 8, C.byref(ind)) == raw.SQL_SUCCESS, c.stmt_diagnostics()
        assert v.value == -(12 * 3600 + 34 * 60 + 56)
        d = C.c_double()
        assert raw.SQLGetData(c.stmt, 2, raw.SQL_C_DOUBLE, C.byref(d), 8, C.byref(ind)) == raw.SQL_SUCCESS, c.stmt_diagnostics()
        assert d.value == pytest.approx(3723.25)
        assert raw.SQLGetData(c.stmt, 3, raw.SQL_C_SBIGINT, C.byref(v), 8, C.byref(ind)) == raw.SQL_SUCCESS, c.stmt_diagnostics()
        assert v.value == -7
        n = C.c_int()
        assert raw.SQLGetData(c.stmt, 4, raw.SQL_C_SLONG, C.byref(n), 4, C.byref(ind)) == raw.SQL_SUCCESS, c.stmt_diagnostics()
        assert n.value == 14
    finally:
        c.close()
