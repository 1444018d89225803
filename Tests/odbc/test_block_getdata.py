"""SQLGetData on block cursors (SQL_GD_BLOCK): after a rowset fetch the cursor stands on the
rowset's first row, SQLSetPos(n, SQL_POSITION) moves it, SQLGetData reads that row, also when
the rowset spans server blocks; other SQLSetPos uses are refused with SQLSTATEs."""
import ctypes as C

import pytest

import odbc_ctypes as raw
from odbc_env import CS, needs_driver_manager

pytestmark = needs_driver_manager

SQLSetPos = raw._fn("SQLSetPos", C.c_short, raw.H, raw.SQLULEN, C.c_ushort, C.c_ushort)
SQLGetInfo = raw._fn("SQLGetInfo", C.c_short, raw.H, C.c_ushort, C.c_void_p, C.c_short, C.POINTER(C.c_short))
SQL_POSITION, SQL_UPDATE, SQL_LOCK_NO_CHANGE, SQL_LOCK_EXCLUSIVE = 0, 2, 0, 1


def get_text(stmt, col):
    buf = C.create_string_buffer(64)
    ind = raw.SQLLEN()
    rc = raw.SQLGetData(stmt, col, raw.SQL_C_CHAR, buf, len(buf), C.byref(ind))
    assert rc == raw.SQL_SUCCESS, raw.diagnostics(raw.SQL_HANDLE_STMT, stmt)
    return None if ind.value == raw.SQL_NULL_DATA else buf.value.decode()


def get_int(stmt, col):
    v = C.c_longlong()
    ind = raw.SQLLEN()
    assert raw.SQLGetData(stmt, col, raw.SQL_C_SBIGINT, C.byref(v), 8, C.byref(ind)) == raw.SQL_SUCCESS
    return v.value


def test_getinfo_reports_gd_block():
    c = raw.Connection(CS)
    try:
        v = C.c_uint()
        assert SQLGetInfo(c.dbc, 81, C.byref(v), 4, None) == raw.SQL_SUCCESS  # SQL_GETDATA_EXTENSIONS
        assert v.value & 0x4  # SQL_GD_BLOCK
    finally:
        c.close()


def test_setpos_then_getdata_across_blocks():
    c = raw.Connection(CS)
    try:
        n = 7
        fetched = raw.SQLULEN()
        ids = (C.c_longlong * n)()
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_ARRAY_SIZE, C.c_void_p(n), 0)
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROWS_FETCHED_PTR, C.cast(C.byref(fetched), C.c_void_p), 0)
        # Blocks of 5 rows: every rowset of 7 spans two server blocks.
        c.execute("SELECT number, if(number % 4 = 0, NULL, concat('r', toString(number))) FROM numbers(30) SETTINGS max_block_size = 5")
        assert raw.SQLBindCol(c.stmt, 1, raw.SQL_C_SBIGINT, C.cast(ids, C.c_void_p), 8, None) == 0
        seen = []
        while True:
            rc = raw.SQLFetch(c.stmt)
            if rc == raw.SQL_NO_DATA:
                break
            assert rc == raw.SQL_SUCCESS
            first = ids[0]
            assert get_int(c.stmt, 1) == first  # no SQLSetPos yet: the first row of the rowset
            for i in reversed(range(fetched.value)):  # any order
                assert SQLSetPos(c.stmt, i + 1, SQL_POSITION, SQL_LOCK_NO_CHANGE) == raw.SQL_SUCCESS
                number = get_int(c.stmt, 1)
                assert number == ids[i]
                assert get_text(c.stmt, 2) == (None if number % 4 == 0 else f"r{number}")
                seen.append(number)
            rc = SQLSetPos(c.stmt, fetched.value + 1, SQL_POSITION, SQL_LOCK_NO_CHANGE)
            assert rc == raw.SQL_ERROR and raw.diagnostics(raw.SQL_HANDLE_STMT, c.stmt)[0][0] == "HY109"
        assert sorted(seen) == list(range(30))
    finally:
        c.close()


def test_setpos_refusals():
    c = raw.Connection(CS)
    try:
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_ARRAY_SIZE, C.c_void_p(4), 0)
        c.execute("SELECT number FROM numbers(10)")
        rc = SQLSetPos(c.stmt, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE)
        assert rc == raw.SQL_ERROR  # nothing fetched yet (the driver manager or the driver refuses)
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS
        assert SQLSetPos(c.stmt, 0, SQL_POSITION, SQL_LOCK_NO_CHANGE) == raw.SQL_ERROR
        assert raw.diagnostics(raw.SQL_HANDLE_STMT, c.stmt)[0][0] == "HY109"
        assert SQLSetPos(c.stmt, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE) == raw.SQL_ERROR
        assert raw.diagnostics(raw.SQL_HANDLE_STMT, c.stmt)[0][0] == "HYC00"
        assert SQLSetPos(c.stmt, 1, SQL_POSITION, SQL_LOCK_EXCLUSIVE) == raw.SQL_ERROR
        assert raw.diagnostics(raw.SQL_HANDLE_STMT, c.stmt)[0][0] == "HYC00"
        assert SQLSetPos(c.stmt, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE) == raw.SQL_SUCCESS
        assert get_int(c.stmt, 1) == 2
        # Back to single rows: SQLGetData follows SQLFetch again.
        raw.SQLSetStmtAttr(c.stmt, raw.SQL_ATTR_ROW_ARRAY_SIZE, C.c_void_p(1), 0)
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS
        assert get_int(c.stmt, 1) == 4
        assert raw.SQLFetch(c.stmt) == raw.SQL_SUCCESS
        assert get_int(c.stmt, 1) == 5
    finally:
        c.close()
