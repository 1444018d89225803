"""Direct ODBC calls through unixODBC's driver manager (libodbc) with ctypes, for the parts of
the API pyodbc does not expose: block cursors, piecewise SQLGetData with small buffers,
diagnostics after warnings, SQLGetFunctions."""
import ctypes as C
import ctypes.util

SQL_SUCCESS, SQL_SUCCESS_WITH_INFO, SQL_NO_DATA, SQL_ERROR, SQL_INVALID_HANDLE = 0, 1, 100, -1, -2
SQL_HANDLE_ENV, SQL_HANDLE_DBC, SQL_HANDLE_STMT = 1, 2, 3
SQL_ATTR_ODBC_VERSION, SQL_OV_ODBC3 = 200, 3
SQL_NTS = -3
SQL_NULL_DATA = -1
SQL_C_CHAR, SQL_C_WCHAR, SQL_C_SBIGINT, SQL_C_UBIGINT, SQL_C_SLONG, SQL_C_DOUBLE = 1, -8, -25, -27, -16, 8
SQL_C_BINARY, SQL_C_TYPE_TIMESTAMP, SQL_C_NUMERIC, SQL_C_GUID, SQL_C_STINYINT = -2, 93, 2, -11, -26
SQL_ATTR_ROW_ARRAY_SIZE, SQL_ATTR_ROW_BIND_TYPE, SQL_ATTR_ROWS_FETCHED_PTR, SQL_ATTR_ROW_STATUS_PTR = 27, 5, 26, 25
SQL_DRIVER_NOPROMPT = 0
SQL_API_ODBC3_ALL_FUNCTIONS = 999

_lib = C.CDLL(ctypes.util.find_library("odbc") or "libodbc.so.2")

# SQLLEN is `long` on 64-bit Linux.
SQLLEN = C.c_long
SQLULEN = C.c_ulong
H = C.c_void_p


def _fn(name, restype, *args):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(args)
    return f


SQLAllocHandle = _fn("SQLAllocHandle", C.c_short, C.c_short, H, C.POINTER(H))
SQLFreeHandle = _fn("SQLFreeHandle", C.c_short, C.c_short, H)
SQLSetEnvAttr = _fn("SQLSetEnvAttr", C.c_short, H, C.c_int, C.c_void_p, C.c_int)
SQLDriverConnect = _fn("SQLDriverConnect", C.c_short, H, H, C.c_char_p, C.c_short, C.c_char_p, C.c_short, C.POINTER(C.c_short), C.c_ushort)
SQLDisconnect = _fn("SQLDisconnect", C.c_short, H)
SQLExecDirect = _fn("SQLExecDirect", C.c_short, H, C.c_char_p, C.c_int)
SQLFetch = _fn("SQLFetch", C.c_short, H)
SQLGetData = _fn("SQLGetData", C.c_short, H, C.c_ushort, C.c_short, C.c_void_p, SQLLEN, C.POINTER(SQLLEN))
SQLBindCol = _fn("SQLBindCol", C.c_short, H, C.c_ushort, C.c_short, C.c_void_p, SQLLEN, C.c_void_p)
SQLSetStmtAttr = _fn("SQLSetStmtAttr", C.c_short, H, C.c_int, C.c_void_p, C.c_int)
SQLGetDiagRec = _fn("SQLGetDiagRec", C.c_short, C.c_short, H, C.c_short, C.c_char_p, C.POINTER(C.c_int), C.c_char_p, C.c_short, C.POINTER(C.c_short))
SQLGetFunctions = _fn("SQLGetFunctions", C.c_short, H, C.c_ushort, C.POINTER(C.c_ushort))
SQLCloseCursor = _fn("SQLCloseCursor", C.c_short, H)
SQLFreeStmt = _fn("SQLFreeStmt", C.c_short, H, C.c_ushort)


def diagnostics(handle_type, handle):
    """All (sqlstate, message) records of a handle."""
    out = []
    i = 1
    while True:
        state = C.create_string_buffer(6)
        native = C.c_int()
        msg = C.create_string_buffer(2048)
        n = C.c_short()
        rc = SQLGetDiagRec(handle_type, handle, i, state, C.byref(native), msg, len(msg), C.byref(n))
        if rc not in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
            return out
        out.append((state.value.decode(), msg.value.decode("utf-8", "replace")))
        i += 1


class Connection:
    """An environment, a connection and one statement, opened with a connection string."""

    def __init__(self, connection_string):
        self.env = H()
        assert SQLAllocHandle(SQL_HANDLE_ENV, None, C.byref(self.env)) == SQL_SUCCESS
        assert SQLSetEnvAttr(self.env, SQL_ATTR_ODBC_VERSION, C.c_void_p(SQL_OV_ODBC3), 0) == SQL_SUCCESS
        self.dbc = H()
        assert SQLAllocHandle(SQL_HANDLE_DBC, self.env, C.byref(self.dbc)) == SQL_SUCCESS
        out = C.create_string_buffer(1024)
        n = C.c_short()
        self.connect_rc = SQLDriverConnect(self.dbc, None, connection_string.encode(), SQL_NTS, out, len(out), C.byref(n), SQL_DRIVER_NOPROMPT)
        self.connect_diagnostics = diagnostics(SQL_HANDLE_DBC, self.dbc)
        self.out_connection_string = out.value.decode()
        self.stmt = None
        if self.connect_rc in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
            self.stmt = H()
            assert SQLAllocHandle(SQL_HANDLE_STMT, self.dbc, C.byref(self.stmt)) == SQL_SUCCESS

    def execute(self, sql):
        rc = SQLExecDirect(self.stmt, sql.encode(), SQL_NTS)
        assert rc in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO), diagnostics(SQL_HANDLE_STMT, self.stmt)
        return rc

    def stmt_diagnostics(self):
        return diagnostics(SQL_HANDLE_STMT, self.stmt)

    def close(self):
        if self.stmt:
            SQLFreeHandle(SQL_HANDLE_STMT, self.stmt)
        if self.connect_rc in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
            SQLDisconnect(self.dbc)
        SQLFreeHandle(SQL_HANDLE_DBC, self.dbc)
        SQLFreeHandle(SQL_HANDLE_ENV, self.env)
