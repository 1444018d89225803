#ifndef CHNATIVE_CODBC_SHIM_H
#define CHNATIVE_CODBC_SHIM_H
/* unixODBC headers. The driver links only libodbcinst (for SQLGetPrivateProfileString),
   never libodbc: the driver manager itself exports the SQL* names. */
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#include <odbcinst.h>
#endif
