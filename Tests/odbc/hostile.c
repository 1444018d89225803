/*
 * The hostile-calls battery: misuse of the ODBC API must give SQL_INVALID_HANDLE or
 * SQL_ERROR (with a diagnostic), never a crash.
 *
 *   cc -O1 -Wall -o hostile hostile.c -lodbc -ldl
 *   CHODBC_CONNECTION_STRING='Driver={...};Server=...;Port=...;UID=...;PWD=...' ./hostile /path/libCHODBC.so
 *
 * Part 1 goes through unixODBC's driver manager, like an application. Part 2 loads the driver
 * library directly and calls its exports with handles the manager would never pass (null,
 * garbage, freed, of the wrong kind), which is what a buggy manager or tool could do.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

static int failures = 0;
static int checks = 0;

#define EXPECT(expr, ok1, ok2)                                                                    \
    do {                                                                                          \
        SQLRETURN rc_ = (expr);                                                                   \
        checks++;                                                                                 \
        if (rc_ != (ok1) && rc_ != (ok2)) {                                                       \
            failures++;                                                                           \
            printf("FAIL line %d: %s returned %d\n", __LINE__, #expr, (int)rc_);                  \
        }                                                                                         \
    } while (0)

/* Expects SQL_ERROR with a diagnostic record carrying `state` (or any state when NULL). */
static void expect_error(SQLRETURN rc, SQLSMALLINT type, SQLHANDLE h, const char *state, int line) {
    checks++;
    if (rc != SQL_ERROR) {
        failures++;
        printf("FAIL line %d: expected SQL_ERROR, got %d\n", line, (int)rc);
        return;
    }
    SQLCHAR st[6] = {0}, msg[512] = {0};
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    if (SQLGetDiagRec(type, h, 1, st, &native, msg, sizeof msg, &len) != SQL_SUCCESS) {
        failures++;
        printf("FAIL line %d: SQL_ERROR without a diagnostic record\n", line);
        return;
    }
    if (state && strcmp((char *)st, state) != 0) {
        failures++;
        printf("FAIL line %d: expected SQLSTATE %s, got %s (%s)\n", line, state, st, msg);
    }
}
#define EXPECT_ERROR(expr, type, h, state) expect_error((expr), (type), (h), (state), __LINE__)

static void through_driver_manager(const char *cs) {
    SQLHENV env = SQL_NULL_HENV;
    SQLHDBC dbc = SQL_NULL_HDBC;
    SQLHSTMT stmt = SQL_NULL_HSTMT;

    /* Null handles everywhere. */
    EXPECT(SQLAllocHandle(SQL_HANDLE_DBC, SQL_NULL_HANDLE, &dbc), SQL_INVALID_HANDLE, SQL_ERROR);
    EXPECT(SQLExecDirect(SQL_NULL_HSTMT, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLFetch(SQL_NULL_HSTMT), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLGetData(SQL_NULL_HSTMT, 1, SQL_C_CHAR, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLDisconnect(SQL_NULL_HDBC), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLFreeHandle(SQL_HANDLE_STMT, SQL_NULL_HANDLE), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_STMT, SQL_NULL_HANDLE, 1, NULL, NULL, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);

    EXPECT(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc), SQL_SUCCESS, SQL_SUCCESS);

    /* Wrong handle type: an environment passed as a statement. */
    EXPECT(SQLExecDirect((SQLHSTMT)env, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_INVALID_HANDLE, SQL_ERROR);
    EXPECT(SQLFetch((SQLHSTMT)dbc), SQL_INVALID_HANDLE, SQL_ERROR);

    /* Connect with garbage. */
    SQLSMALLINT outlen = 0;
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)"Driver={No Such Driver};", SQL_NTS, NULL, 0, &outlen, SQL_DRIVER_NOPROMPT), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, -77, NULL, 0, &outlen, SQL_DRIVER_NOPROMPT), SQL_ERROR, SQL_ERROR);

    char bad[1024];
    snprintf(bad, sizeof bad, "%s;Port=notaport", cs);
    EXPECT_ERROR(SQLDriverConnect(dbc, NULL, (SQLCHAR *)bad, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, dbc, "HY024");
    snprintf(bad, sizeof bad, "%s;Port={unterminated", cs);
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)bad, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_ERROR, SQL_ERROR);

    /* A real connection; output buffer of zero length and null length pointer. */
    SQLCHAR out[8];
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, out, sizeof out, NULL, SQL_DRIVER_NOPROMPT), SQL_SUCCESS_WITH_INFO, SQL_SUCCESS);
    EXPECT(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt), SQL_SUCCESS, SQL_SUCCESS);

    /* Null and negative-length statement text. */
    EXPECT(SQLExecDirect(stmt, NULL, SQL_NTS), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT 1", -5), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLPrepare(stmt, (SQLCHAR *)"SELECT 1", -100), SQL_ERROR, SQL_ERROR);

    /* Fetch and GetData without a cursor. */
    EXPECT(SQLFetch(stmt), SQL_ERROR, SQL_ERROR);
    SQLLEN ind = 0;
    char buf[64];
    EXPECT(SQLGetData(stmt, 1, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_ERROR, SQL_ERROR);

    /* A result, then misuse. */
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT number, toString(number), NULL FROM numbers(3)", SQL_NTS), SQL_SUCCESS, SQL_SUCCESS);
    SQLSMALLINT cols = 0;
    EXPECT(SQLNumResultCols(stmt, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLNumResultCols(stmt, &cols), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLDescribeCol(stmt, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLDescribeCol(stmt, 99, NULL, 0, NULL, NULL, NULL, NULL, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLDescribeCol(stmt, 1, NULL, 0, NULL, NULL, NULL, NULL, NULL), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLDescribeCol(stmt, 1, (SQLCHAR *)buf, -1, NULL, NULL, NULL, NULL, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLColAttribute(stmt, 1, 31999, NULL, 0, NULL, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLColAttribute(stmt, 1, SQL_DESC_NAME, NULL, 0, NULL, NULL), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLBindCol(stmt, 1, 12345, buf, sizeof buf, &ind), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLBindCol(stmt, 1, SQL_C_CHAR, buf, -8, &ind), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLSetStmtAttr(stmt, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)0, 0), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLSetStmtAttr(stmt, 987654, (SQLPOINTER)1, 0), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetStmtAttr(stmt, SQL_ATTR_ROW_ARRAY_SIZE, NULL, 0, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLFetchScroll(stmt, SQL_FETCH_ABSOLUTE, 5), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLFetch(stmt), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLGetData(stmt, 0, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetData(stmt, 77, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetData(stmt, 1, 4242, buf, sizeof buf, &ind), SQL_ERROR, SQL_ERROR);
    EXPECT_ERROR(SQLGetData(stmt, 2, SQL_C_CHAR, buf, -1, &ind), SQL_HANDLE_STMT, stmt, "HY090");
    EXPECT(SQLGetData(stmt, 2, SQL_C_CHAR, NULL, 0, &ind), SQL_ERROR, SQL_ERROR); /* HY009 from the manager */
    EXPECT(SQLGetData(stmt, 2, SQL_C_CHAR, buf, 0, &ind), SQL_SUCCESS_WITH_INFO, SQL_SUCCESS);
    EXPECT_ERROR(SQLGetData(stmt, 3, SQL_C_CHAR, buf, sizeof buf, NULL), SQL_HANDLE_STMT, stmt, "22002");
    EXPECT(SQLGetData(stmt, 1, SQL_C_SLONG, NULL, 0, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetData(stmt, 1, SQL_C_WCHAR, buf, 1, &ind), SQL_SUCCESS_WITH_INFO, SQL_SUCCESS_WITH_INFO);
    EXPECT(SQLGetData(stmt, 1, SQL_C_TYPE_TIMESTAMP, buf, sizeof buf, &ind), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLCloseCursor(stmt), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLCloseCursor(stmt), SQL_ERROR, SQL_ERROR);

    /* SQLSetPos misuse and malformed or absurdly nested escapes: errors, never a crash. */
    EXPECT(SQLSetPos(stmt, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLSetPos(stmt, 99999, 77, 77), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT {fn", SQL_NTS), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT {fn UCASE({d '2024", SQL_NTS), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT {fn CONVERT(1, SQL_NOPE)}", SQL_NTS), SQL_ERROR, SQL_ERROR);
    {
        static char deep[60000];
        size_t n = 0;
        while (n + 12 < sizeof deep) { memcpy(deep + n, "{fn UCASE((", 11); n += 11; }
        deep[n] = 0;
        EXPECT(SQLExecDirect(stmt, (SQLCHAR *)deep, SQL_NTS), SQL_ERROR, SQL_ERROR);
        EXPECT(SQLNativeSql(dbc, (SQLCHAR *)deep, SQL_NTS, (SQLCHAR *)buf, sizeof buf, NULL), SQL_ERROR, SQL_ERROR);
    }

    /* Parameters: unbound marker, bad C type, negative buffer length. */
    EXPECT(SQLPrepare(stmt, (SQLCHAR *)"SELECT ?, ?", SQL_NTS), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLBindParameter(stmt, 1, SQL_PARAM_INPUT, 999, SQL_INTEGER, 0, 0, buf, 0, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLBindParameter(stmt, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 0, 0, buf, -3, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLBindParameter(stmt, 0, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 0, 0, buf, 0, NULL), SQL_ERROR, SQL_ERROR);
    strcpy(buf, "1");
    SQLLEN nts = SQL_NTS;
    EXPECT(SQLBindParameter(stmt, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_INTEGER, 0, 0, buf, sizeof buf, &nts), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT_ERROR(SQLExecute(stmt), SQL_HANDLE_STMT, stmt, "07002");
    EXPECT(SQLParamData(stmt, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLPutData(stmt, buf, 1), SQL_ERROR, SQL_ERROR);
    SQLSMALLINT np = 0;
    EXPECT(SQLNumParams(stmt, &np), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLDescribeParam(stmt, 9, NULL, NULL, NULL, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLFreeStmt(stmt, 77), SQL_ERROR, SQL_ERROR);

    /* Info and attributes with bad keys and null buffers. */
    EXPECT(SQLGetInfo(dbc, 31000, buf, sizeof buf, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetInfo(dbc, SQL_DBMS_NAME, NULL, 0, NULL), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLGetInfo(dbc, SQL_DBMS_NAME, buf, 3, NULL), SQL_SUCCESS_WITH_INFO, SQL_SUCCESS_WITH_INFO);
    EXPECT(SQLGetInfo(dbc, SQL_DBMS_NAME, buf, -4, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_OFF, 0), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)7, 0), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLSetConnectAttr(dbc, 765432, (SQLPOINTER)1, 0), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLEndTran(SQL_HANDLE_DBC, dbc, 55), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 0, NULL, NULL, NULL, 0, NULL), SQL_ERROR, SQL_ERROR);
    /* The manager answers this one from its own copy of the records (SQL_SUCCESS in 2.3.11). */
    EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 1, NULL, NULL, NULL, -1, NULL), SQL_ERROR, SQL_SUCCESS);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 500, NULL, NULL, NULL, 0, NULL), SQL_NO_DATA, SQL_NO_DATA);
    EXPECT(SQLNativeSql(dbc, NULL, SQL_NTS, NULL, 0, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLTables(stmt, (SQLCHAR *)"x", -9, NULL, 0, NULL, 0, NULL, 0), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLColumns(stmt, NULL, 0, NULL, 0, (SQLCHAR *)"no_such_table_zzz", SQL_NTS, NULL, 0), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFetch(stmt), SQL_NO_DATA, SQL_NO_DATA);

    /* Free in the wrong order, then the right one. */
    EXPECT(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLFreeHandle(SQL_HANDLE_STMT, stmt), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLDisconnect(dbc), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_SUCCESS, SQL_SUCCESS);
}

typedef SQLRETURN (*alloc_fn)(SQLSMALLINT, SQLHANDLE, SQLHANDLE *);
typedef SQLRETURN (*free_fn)(SQLSMALLINT, SQLHANDLE);
typedef SQLRETURN (*h_fn)(SQLHANDLE);
typedef SQLRETURN (*exec_fn)(SQLHSTMT, SQLCHAR *, SQLINTEGER);
typedef SQLRETURN (*getdata_fn)(SQLHSTMT, SQLUSMALLINT, SQLSMALLINT, SQLPOINTER, SQLLEN, SQLLEN *);
typedef SQLRETURN (*diag_fn)(SQLSMALLINT, SQLHANDLE, SQLSMALLINT, SQLCHAR *, SQLINTEGER *, SQLCHAR *, SQLSMALLINT, SQLSMALLINT *);
typedef SQLRETURN (*connect_fn)(SQLHDBC, SQLHWND, SQLCHAR *, SQLSMALLINT, SQLCHAR *, SQLSMALLINT, SQLSMALLINT *, SQLUSMALLINT);
typedef SQLRETURN (*info_fn)(SQLHDBC, SQLUSMALLINT, SQLPOINTER, SQLSMALLINT, SQLSMALLINT *);
typedef SQLRETURN (*setattr_fn)(SQLHANDLE, SQLINTEGER, SQLPOINTER, SQLINTEGER);
typedef SQLRETURN (*getattr_fn)(SQLHANDLE, SQLINTEGER, SQLPOINTER, SQLINTEGER, SQLINTEGER *);
typedef SQLRETURN (*descfield_fn)(SQLHDESC, SQLSMALLINT, SQLSMALLINT, SQLPOINTER, SQLINTEGER, SQLINTEGER *);
typedef SQLRETURN (*copydesc_fn)(SQLHDESC, SQLHDESC);

#define LOAD(type, name) type name = (type)dlsym(lib, #name); if (!name) { printf("FAIL: %s not exported\n", #name); failures++; return; }

static void direct_to_driver(const char *path, const char *cs) {
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        printf("FAIL: dlopen %s: %s\n", path, dlerror());
        failures++;
        return;
    }
    LOAD(alloc_fn, SQLAllocHandle)
    LOAD(free_fn, SQLFreeHandle)
    LOAD(h_fn, SQLFetch)
    LOAD(h_fn, SQLDisconnect)
    LOAD(h_fn, SQLCancel)
    LOAD(exec_fn, SQLExecDirect)
    LOAD(getdata_fn, SQLGetData)
    LOAD(diag_fn, SQLGetDiagRec)
    LOAD(connect_fn, SQLDriverConnect)
    LOAD(info_fn, SQLGetInfo)
    LOAD(setattr_fn, SQLSetStmtAttr)
    LOAD(getattr_fn, SQLGetStmtAttr)
    LOAD(descfield_fn, SQLGetDescField)
    LOAD(copydesc_fn, SQLCopyDesc)

    /* Garbage handles: null, a heap block that is not a handle, a stack address, small integers. */
    void *garbage = calloc(1, 4096);
    memset(garbage, 0x41, 4096);
    int local = 0;
    void *fakes[] = {NULL, garbage, &local, (void *)1, (void *)0xdeadbeef, (void *)-1};
    for (size_t i = 0; i < sizeof fakes / sizeof *fakes; i++) {
        EXPECT(SQLFetch(fakes[i]), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLCancel(fakes[i]), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLDisconnect(fakes[i]), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLExecDirect(fakes[i], (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLGetData(fakes[i], 1, SQL_C_CHAR, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLFreeHandle(SQL_HANDLE_STMT, fakes[i]), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLFreeHandle(SQL_HANDLE_ENV, fakes[i]), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, fakes[i], 1, NULL, NULL, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLGetInfo(fakes[i], SQL_DBMS_NAME, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLGetDescField(fakes[i], 1, SQL_DESC_COUNT, &local, 4, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        SQLHANDLE out = NULL;
        EXPECT(SQLAllocHandle(SQL_HANDLE_DBC, fakes[i], &out), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
        EXPECT(SQLAllocHandle(SQL_HANDLE_STMT, fakes[i], &out), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    }
    EXPECT(SQLAllocHandle(SQL_HANDLE_ENV, NULL, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLAllocHandle(77, NULL, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);

    SQLHANDLE env = NULL, dbc = NULL, stmt = NULL, desc = NULL;
    EXPECT(SQLAllocHandle(SQL_HANDLE_ENV, NULL, &env), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLAllocHandle(SQL_HANDLE_DBC, env, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt), SQL_ERROR, SQL_ERROR); /* not connected: 08003 */
    EXPECT(SQLAllocHandle(SQL_HANDLE_STMT, env, &stmt), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE); /* env is not a dbc */
    /* Right pointer, wrong kind. */
    EXPECT(SQLFetch(env), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLFetch(dbc), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLGetInfo(env, SQL_DBMS_NAME, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLFreeHandle(SQL_HANDLE_STMT, dbc), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);

    EXPECT(SQLDriverConnect(dbc, NULL, NULL, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, -42, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL, 999), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 1, NULL, NULL, NULL, -1, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 0, NULL, NULL, NULL, 0, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_DBC, dbc, 1, NULL, NULL, NULL, 0, NULL), SQL_SUCCESS_WITH_INFO, SQL_SUCCESS);
    EXPECT(SQLGetDiagRec(SQL_HANDLE_ENV, dbc, 1, NULL, NULL, NULL, 0, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_SUCCESS, SQL_SUCCESS_WITH_INFO);
    EXPECT(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT), SQL_ERROR, SQL_ERROR); /* 08002 */
    EXPECT(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt), SQL_SUCCESS, SQL_SUCCESS);

    /* Descriptors: the implicit ones are real handles; garbage copies are refused. */
    EXPECT(SQLGetStmtAttr(stmt, SQL_ATTR_APP_ROW_DESC, &desc, 0, NULL), SQL_SUCCESS, SQL_SUCCESS);
    SQLSMALLINT count = -1;
    EXPECT(SQLGetDescField(desc, 0, SQL_DESC_COUNT, &count, 2, NULL), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLGetDescField(desc, 0, SQL_DESC_COUNT, NULL, 2, NULL), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLCopyDesc(garbage, desc), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLCopyDesc(desc, garbage), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLSetStmtAttr(stmt, SQL_ATTR_APP_ROW_DESC, garbage, 0), SQL_ERROR, SQL_ERROR);

    /* Huge lengths are rejected before anything is read. */
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT 1", 0x7fffffff), SQL_ERROR, SQL_ERROR);
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT 1", -2), SQL_ERROR, SQL_ERROR);

    /* Use after free: the freed statement is unknown from then on. */
    EXPECT(SQLExecDirect(stmt, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFreeHandle(SQL_HANDLE_STMT, stmt), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFetch(stmt), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLFreeHandle(SQL_HANDLE_STMT, stmt), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLGetDescField(desc, 0, SQL_DESC_COUNT, &count, 2, NULL), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);

    EXPECT(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_ERROR, SQL_ERROR); /* still connected */
    EXPECT(SQLDisconnect(dbc), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLDisconnect(dbc), SQL_ERROR, SQL_ERROR); /* 08003 */
    EXPECT(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    EXPECT(SQLFreeHandle(SQL_HANDLE_ENV, env), SQL_SUCCESS, SQL_SUCCESS);
    EXPECT(SQLFetch(env), SQL_INVALID_HANDLE, SQL_INVALID_HANDLE);
    free(garbage);
}

int main(int argc, char **argv) {
    const char *cs = getenv("CHODBC_CONNECTION_STRING");
    if (!cs || argc < 2) {
        fprintf(stderr, "usage: CHODBC_CONNECTION_STRING=... %s /path/libCHODBC.so\n", argv[0]);
        return 2;
    }
    through_driver_manager(cs);
    direct_to_driver(argv[1], cs);
    printf("hostile: %d checks, %d failures\n", checks, failures);
    if (failures == 0) printf("hostile: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
