/*
 * The driver's share of the ODBC benchmark: the calls pyodbc makes per row (SQLFetch, then
 * SQLGetData per column: SQL_C_UBIGINT and SQL_C_WCHAR), through unixODBC, without Python.
 *
 *   cc -O2 -o odbc_fetch Benchmarks/odbc_fetch.c -lodbc
 *   ./odbc_fetch "Driver={ClickHouse Native (Unicode)};Server=...;Port=...;UID=...;PWD=..." [rows]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sql.h>
#include <sqlext.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s connection-string [rows]\n", argv[0]); return 2; }
    long rows = argc > 2 ? atol(argv[2]) : 5000000;
    SQLHENV env; SQLHDBC dbc; SQLHSTMT stmt;
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *)argv[1], SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT))) {
        fprintf(stderr, "connect failed\n"); return 1;
    }
    SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT number, toString(number) FROM numbers(%ld)", rows);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!SQL_SUCCEEDED(SQLExecDirect(stmt, (SQLCHAR *)sql, SQL_NTS))) { fprintf(stderr, "exec failed\n"); return 1; }
    unsigned long long v, sum = 0;
    SQLWCHAR text[2048];
    SQLLEN ind;
    long n = 0;
    while (SQLFetch(stmt) == SQL_SUCCESS) {
        SQLGetData(stmt, 1, SQL_C_UBIGINT, &v, sizeof v, &ind);
        SQLGetData(stmt, 2, SQL_C_WCHAR, text, sizeof text, &ind);
        sum += v;
        n++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld rows in %.2f s (%.2f M rows/s) through unixODBC + CHODBC, row by row with SQLGetData\n", n, s, n / s / 1e6);
    return sum == (unsigned long long)(rows - 1) * rows / 2 ? 0 : 1;
}
