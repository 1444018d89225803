/*
 * The O1 floor: an ODBC driver that does no work. It "connects" to nothing, and any
 * statement returns N rows of (UInt64 number, String toString(number)) computed on the fly,
 * described exactly as CHODBC describes them (SQL_BIGINT unsigned, SQL_WVARCHAR), so pyodbc
 * takes the same path through the unixODBC driver manager as with CHODBC. Timing pyodbc over
 * this driver measures pyodbc + CPython + the driver manager alone: the least time any ODBC
 * driver can take for O1. N comes from the statement text: the number inside numbers(N).
 *
 * Benchmark-only code; built by Benchmarks/run.sh (cc -shared -fPIC), never shipped.
 */
#include <sql.h>
#include <sqlext.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    long long rows;
    long long next; /* the row the cursor is on, 1-based; 0 before the first fetch */
} Stmt;

static int handle_tag;

SQLRETURN SQL_API SQLAllocHandle(SQLSMALLINT type, SQLHANDLE in, SQLHANDLE *out) {
    (void)in;
    if (!out) return SQL_ERROR;
    *out = type == SQL_HANDLE_STMT ? (SQLHANDLE)calloc(1, sizeof(Stmt)) : (SQLHANDLE)&handle_tag;
    return *out ? SQL_SUCCESS : SQL_ERROR;
}

SQLRETURN SQL_API SQLFreeHandle(SQLSMALLINT type, SQLHANDLE h) {
    if (type == SQL_HANDLE_STMT) free(h);
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLFreeStmt(SQLHSTMT h, SQLUSMALLINT option) {
    if (option == SQL_CLOSE && h) ((Stmt *)h)->rows = 0;
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLCloseCursor(SQLHSTMT h) { return SQLFreeStmt(h, SQL_CLOSE); }

SQLRETURN SQL_API SQLSetEnvAttr(SQLHENV e, SQLINTEGER a, SQLPOINTER v, SQLINTEGER l) { (void)e; (void)a; (void)v; (void)l; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLSetConnectAttr(SQLHDBC c, SQLINTEGER a, SQLPOINTER v, SQLINTEGER l) { (void)c; (void)a; (void)v; (void)l; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLSetStmtAttr(SQLHSTMT s, SQLINTEGER a, SQLPOINTER v, SQLINTEGER l) { (void)s; (void)a; (void)v; (void)l; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLEndTran(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT c) { (void)t; (void)h; (void)c; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLDisconnect(SQLHDBC c) { (void)c; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLCancel(SQLHSTMT s) { (void)s; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLMoreResults(SQLHSTMT s) { (void)s; return SQL_NO_DATA; }

SQLRETURN SQL_API SQLGetDiagRec(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT r, SQLCHAR *state, SQLINTEGER *native,
                                SQLCHAR *msg, SQLSMALLINT len, SQLSMALLINT *outLen) {
    (void)t; (void)h; (void)r; (void)state; (void)native; (void)msg; (void)len; (void)outLen;
    return SQL_NO_DATA;
}

SQLRETURN SQL_API SQLGetDiagField(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT r, SQLSMALLINT id, SQLPOINTER p,
                                  SQLSMALLINT len, SQLSMALLINT *outLen) {
    (void)t; (void)h; (void)r; (void)id; (void)p; (void)len; (void)outLen;
    return SQL_NO_DATA;
}

static SQLRETURN put_text(const char *text, SQLPOINTER out, SQLSMALLINT len, SQLSMALLINT *outLen) {
    size_t n = strlen(text);
    if (outLen) *outLen = (SQLSMALLINT)n;
    if (out && len > 0) {
        size_t k = n < (size_t)len - 1 ? n : (size_t)len - 1;
        memcpy(out, text, k);
        ((char *)out)[k] = 0;
    }
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLDriverConnect(SQLHDBC c, SQLHWND w, SQLCHAR *in, SQLSMALLINT inLen, SQLCHAR *out,
                                   SQLSMALLINT outMax, SQLSMALLINT *outLen, SQLUSMALLINT completion) {
    (void)c; (void)w; (void)completion;
    char text[1024];
    size_t n = inLen == SQL_NTS ? strlen((const char *)in) : (size_t)inLen;
    if (n >= sizeof text) n = sizeof text - 1;
    memcpy(text, in, n);
    text[n] = 0;
    return put_text(text, out, outMax, outLen);
}

SQLRETURN SQL_API SQLGetInfo(SQLHDBC c, SQLUSMALLINT type, SQLPOINTER value, SQLSMALLINT len, SQLSMALLINT *outLen) {
    (void)c;
    switch (type) {
    case SQL_DRIVER_ODBC_VER: return put_text("03.80", value, len, outLen);
    case SQL_DRIVER_NAME: return put_text("null_driver.so", value, len, outLen);
    case SQL_DBMS_NAME: return put_text("nothing", value, len, outLen);
    case SQL_DATA_SOURCE_NAME: case SQL_DATABASE_NAME: case SQL_USER_NAME: case SQL_SERVER_NAME:
        return put_text("", value, len, outLen);
    case SQL_IDENTIFIER_QUOTE_CHAR: return put_text("`", value, len, outLen);
    case SQL_MAX_CONCURRENT_ACTIVITIES: case SQL_TXN_CAPABLE: case SQL_MAX_COLUMN_NAME_LEN:
        if (value) *(SQLUSMALLINT *)value = 0;
        if (outLen) *outLen = 2;
        return SQL_SUCCESS;
    default:
        if (value) *(SQLUINTEGER *)value = 0;
        if (outLen) *outLen = 4;
        return SQL_SUCCESS;
    }
}

SQLRETURN SQL_API SQLGetFunctions(SQLHDBC c, SQLUSMALLINT id, SQLUSMALLINT *supported) {
    (void)c;
    static const SQLUSMALLINT have[] = {
        SQL_API_SQLALLOCHANDLE, SQL_API_SQLFREEHANDLE, SQL_API_SQLFREESTMT, SQL_API_SQLCLOSECURSOR,
        SQL_API_SQLSETENVATTR, SQL_API_SQLSETCONNECTATTR, SQL_API_SQLSETSTMTATTR, SQL_API_SQLENDTRAN,
        SQL_API_SQLDISCONNECT, SQL_API_SQLCANCEL, SQL_API_SQLMORERESULTS, SQL_API_SQLGETDIAGREC,
        SQL_API_SQLGETDIAGFIELD, SQL_API_SQLDRIVERCONNECT, SQL_API_SQLGETINFO, SQL_API_SQLGETFUNCTIONS,
        SQL_API_SQLEXECDIRECT, SQL_API_SQLNUMRESULTCOLS, SQL_API_SQLDESCRIBECOL, SQL_API_SQLCOLATTRIBUTE,
        SQL_API_SQLFETCH, SQL_API_SQLGETDATA, SQL_API_SQLROWCOUNT, SQL_API_SQLGETCONNECTATTR,
        SQL_API_SQLGETSTMTATTR,
    };
    if (id == SQL_API_ODBC3_ALL_FUNCTIONS) {
        memset(supported, 0, sizeof(SQLUSMALLINT) * SQL_API_ODBC3_ALL_FUNCTIONS_SIZE);
        for (size_t i = 0; i < sizeof have / sizeof have[0]; i++)
            supported[have[i] >> 4] |= (SQLUSMALLINT)(1 << (have[i] & 0xF));
        return SQL_SUCCESS;
    }
    *supported = SQL_FALSE;
    for (size_t i = 0; i < sizeof have / sizeof have[0]; i++)
        if (have[i] == id) *supported = SQL_TRUE;
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLGetConnectAttr(SQLHDBC c, SQLINTEGER a, SQLPOINTER v, SQLINTEGER l, SQLINTEGER *o) {
    (void)c; (void)a; (void)l;
    if (v) *(SQLUINTEGER *)v = 0;
    if (o) *o = 4;
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLGetStmtAttr(SQLHSTMT s, SQLINTEGER a, SQLPOINTER v, SQLINTEGER l, SQLINTEGER *o) {
    (void)s; (void)a; (void)l;
    if (v) *(SQLULEN *)v = 0;
    if (o) *o = sizeof(SQLULEN);
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLExecDirect(SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len) {
    (void)len;
    Stmt *s = (Stmt *)h;
    const char *p = strstr((const char *)sql, "numbers(");
    s->rows = p ? atoll(p + 8) : 0;
    s->next = 0;
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLNumResultCols(SQLHSTMT h, SQLSMALLINT *n) { (void)h; *n = 2; return SQL_SUCCESS; }
SQLRETURN SQL_API SQLRowCount(SQLHSTMT h, SQLLEN *n) { (void)h; *n = -1; return SQL_SUCCESS; }

SQLRETURN SQL_API SQLDescribeCol(SQLHSTMT h, SQLUSMALLINT col, SQLCHAR *name, SQLSMALLINT len, SQLSMALLINT *nameLen,
                                 SQLSMALLINT *type, SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable) {
    (void)h;
    if (type) *type = col == 1 ? SQL_BIGINT : SQL_WVARCHAR;
    if (size) *size = col == 1 ? 20 : 65535;
    if (digits) *digits = 0;
    if (nullable) *nullable = SQL_NO_NULLS;
    return put_text(col == 1 ? "number" : "toString(number)", name, len, nameLen);
}

SQLRETURN SQL_API SQLColAttribute(SQLHSTMT h, SQLUSMALLINT col, SQLUSMALLINT field, SQLPOINTER text, SQLSMALLINT len,
                                  SQLSMALLINT *textLen, SQLLEN *number) {
    (void)h;
    if (field == SQL_DESC_UNSIGNED) {
        if (number) *number = col == 1 ? SQL_TRUE : SQL_FALSE;
        return SQL_SUCCESS;
    }
    if (number) *number = 0;
    return put_text("", text, len, textLen);
}

SQLRETURN SQL_API SQLFetch(SQLHSTMT h) {
    Stmt *s = (Stmt *)h;
    if (s->next >= s->rows) return SQL_NO_DATA;
    s->next++;
    return SQL_SUCCESS;
}

SQLRETURN SQL_API SQLGetData(SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT ctype, SQLPOINTER out, SQLLEN len, SQLLEN *ind) {
    Stmt *s = (Stmt *)h;
    unsigned long long v = (unsigned long long)(s->next - 1);
    if (col == 1 && (ctype == SQL_C_UBIGINT || ctype == SQL_C_SBIGINT)) {
        *(unsigned long long *)out = v;
        if (ind) *ind = 8;
        return SQL_SUCCESS;
    }
    char digits[24];
    int n = 0;
    do { digits[23 - n++] = (char)('0' + v % 10); v /= 10; } while (v);
    memmove(digits, digits + 24 - n, (size_t)n);
    if (ctype == SQL_C_WCHAR) {
        SQLWCHAR *w = (SQLWCHAR *)out;
        if (len < (SQLLEN)((n + 1) * sizeof(SQLWCHAR))) return SQL_ERROR;
        for (int i = 0; i < n; i++) w[i] = (SQLWCHAR)digits[i];
        w[n] = 0;
        if (ind) *ind = n * (SQLLEN)sizeof(SQLWCHAR);
        return SQL_SUCCESS;
    }
    if (len < n + 1) return SQL_ERROR;
    memcpy(out, digits, (size_t)n + 1);
    if (ind) *ind = n;
    return SQL_SUCCESS;
}
