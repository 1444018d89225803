import CHNative

/// A `SQLGetInfo` answer: text, a 16-bit or a 32-bit value.
enum InfoValue {
    case text(String)
    case u16(UInt16)
    case u32(UInt32)
}

/// `SQLGetInfo` and `SQLGetFunctions`.
enum DriverInfo {
    static let driverVersion = "01.00.0000"

    /// The answer for `key`, or `nil` when the key is unknown (HY096).
    static func value(_ key: UInt16, connection c: ConnectionHandle) -> InfoValue? {
        let server = c.serverInfo
        switch key {
        // Driver and data source
        case K.SQL_DRIVER_NAME: return .text("libCHODBC.so")
        case K.SQL_DRIVER_VER: return .text(driverVersion)
        case K.SQL_DRIVER_ODBC_VER: return .text("03.51")
        case K.SQL_ODBC_VER: return .text("03.51.0000")
        case K.SQL_DBMS_NAME: return .text("ClickHouse")
        case K.SQL_DBMS_VER:
            guard let s = server else { return .text("") }
            return .text(ParameterMarkers.pad(Int(s.versionMajor), 2) + "." + ParameterMarkers.pad(Int(s.versionMinor), 2) + "." + ParameterMarkers.pad(Int(s.versionPatch), 4))
        case K.SQL_DATA_SOURCE_NAME: return .text(c.settings?.dsn ?? "")
        case K.SQL_SERVER_NAME:
            if let d = server?.displayName, !d.isEmpty { return .text(d) }
            return .text(c.settings?.host ?? "")
        case K.SQL_DATABASE_NAME: return .text(c.currentDatabase)
        case K.SQL_USER_NAME: return .text(c.settings?.user ?? "")
        case K.SQL_DATA_SOURCE_READ_ONLY: return .text(c.accessMode == Int(K.SQL_MODE_READ_ONLY) ? "Y" : "N")
        case K.SQL_ACCESSIBLE_TABLES: return .text("Y")
        case K.SQL_ACCESSIBLE_PROCEDURES: return .text("N")
        case K.SQL_PROCEDURES: return .text("N")
        case K.SQL_XOPEN_CLI_YEAR: return .text("1995")
        case K.SQL_KEYWORDS: return .text("")
        case K.SQL_SPECIAL_CHARACTERS: return .text("")
        case K.SQL_SEARCH_PATTERN_ESCAPE: return .text("\\")
        case K.SQL_IDENTIFIER_QUOTE_CHAR: return .text("`")
        case K.SQL_IDENTIFIER_CASE, K.SQL_QUOTED_IDENTIFIER_CASE: return .u16(3) // SQL_IC_SENSITIVE
        case K.SQL_CATALOG_NAME: return .text("Y")
        case K.SQL_CATALOG_NAME_SEPARATOR: return .text(".")
        case K.SQL_CATALOG_TERM: return .text("catalog")
        case K.SQL_CATALOG_LOCATION: return .u16(1) // SQL_CL_START
        case K.SQL_CATALOG_USAGE: return .u32(0x1 | 0x2 | 0x4 | 0x10) // DML, procedure invocation, table definition, privilege definition
        case K.SQL_SCHEMA_TERM: return .text("")
        case K.SQL_SCHEMA_USAGE: return .u32(0)
        case K.SQL_TABLE_TERM: return .text("table")
        case K.SQL_PROCEDURE_TERM: return .text("")
        case K.SQL_COLLATION_SEQ: return .text("")
        // Transactions: none; autocommit is the only mode.
        case K.SQL_TXN_CAPABLE: return .u16(0)
        case K.SQL_DEFAULT_TXN_ISOLATION: return .u32(0)
        case K.SQL_TXN_ISOLATION_OPTION: return .u32(0)
        case K.SQL_MULTIPLE_ACTIVE_TXN: return .text("Y")
        case K.SQL_CURSOR_COMMIT_BEHAVIOR, K.SQL_CURSOR_ROLLBACK_BEHAVIOR: return .u16(2) // SQL_CB_PRESERVE
        // Cursors: forward-only, read-only
        case K.SQL_SCROLL_OPTIONS: return .u32(1) // SQL_SO_FORWARD_ONLY
        case K.SQL_SCROLL_CONCURRENCY: return .u32(1) // SQL_SCCO_READ_ONLY
        case K.SQL_FETCH_DIRECTION: return .u32(1) // SQL_FD_FETCH_NEXT
        case K.SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1: return .u32(0x1 | 0x40 | 0x200) // SQL_CA1_NEXT, LOCK_NO_CHANGE, POS_POSITION
        case K.SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2: return .u32(0x1 | 0x1000) // READ_ONLY_CONCURRENCY, MAX_ROWS_SELECT
        case K.SQL_STATIC_CURSOR_ATTRIBUTES1, K.SQL_STATIC_CURSOR_ATTRIBUTES2, K.SQL_DYNAMIC_CURSOR_ATTRIBUTES1,
             K.SQL_DYNAMIC_CURSOR_ATTRIBUTES2, K.SQL_KEYSET_CURSOR_ATTRIBUTES1, K.SQL_KEYSET_CURSOR_ATTRIBUTES2: return .u32(0)
        case K.SQL_CURSOR_SENSITIVITY: return .u32(0) // SQL_UNSPECIFIED
        case K.SQL_GETDATA_EXTENSIONS: return .u32(0x1 | 0x2 | 0x4 | 0x8) // ANY_COLUMN, ANY_ORDER, BLOCK, BOUND
        case K.SQL_LOCK_TYPES, K.SQL_POS_OPERATIONS: return .u32(1) // SQL_LCK_NO_CHANGE, SQL_POS_POSITION
        case K.SQL_POSITIONED_STATEMENTS, K.SQL_BOOKMARK_PERSISTENCE,
             K.SQL_STATIC_SENSITIVITY: return .u32(0)
        case K.SQL_ROW_UPDATES: return .text("N")
        case K.SQL_MAX_CONCURRENT_ACTIVITIES, K.SQL_MAX_DRIVER_CONNECTIONS: return .u16(0)
        case K.SQL_ASYNC_MODE: return .u32(0)
        case K.SQL_MAX_ASYNC_CONCURRENT_STATEMENTS: return .u32(0)
        case K.SQL_ACTIVE_ENVIRONMENTS: return .u16(0)
        case K.SQL_PARAM_ARRAY_ROW_COUNTS: return .u32(2) // SQL_PARC_NO_BATCH
        case K.SQL_PARAM_ARRAY_SELECTS: return .u32(3) // SQL_PAS_NO_SELECT
        case K.SQL_BATCH_SUPPORT, K.SQL_BATCH_ROW_COUNT: return .u32(0)
        case K.SQL_DESCRIBE_PARAMETER: return .text("N")
        case K.SQL_NEED_LONG_DATA_LEN: return .text("N")
        case K.SQL_MULT_RESULT_SETS: return .text("N")
        case K.SQL_FILE_USAGE: return .u16(0)
        // Conformance
        case K.SQL_ODBC_INTERFACE_CONFORMANCE: return .u32(1) // SQL_OIC_CORE
        case K.SQL_ODBC_API_CONFORMANCE: return .u16(1) // SQL_OAC_LEVEL1
        case K.SQL_ODBC_SQL_CONFORMANCE: return .u16(1) // SQL_OSC_CORE
        case K.SQL_ODBC_SAG_CLI_CONFORMANCE: return .u16(1)
        case K.SQL_SQL_CONFORMANCE: return .u32(1) // SQL_SC_SQL92_ENTRY
        case K.SQL_STANDARD_CLI_CONFORMANCE: return .u32(1)
        case K.SQL_INTEGRITY, K.SQL_ODBC_SQL_OPT_IEF: return .text("N")
        // SQL dialect
        case K.SQL_COLUMN_ALIAS: return .text("Y")
        case K.SQL_EXPRESSIONS_IN_ORDERBY: return .text("Y")
        case K.SQL_ORDER_BY_COLUMNS_IN_SELECT: return .text("N")
        case K.SQL_GROUP_BY: return .u16(3) // SQL_GB_NO_RELATION
        case K.SQL_NULL_COLLATION: return .u16(4) // SQL_NC_END
        case K.SQL_CONCAT_NULL_BEHAVIOR: return .u16(0) // SQL_CB_NULL
        case K.SQL_CORRELATION_NAME: return .u16(2) // SQL_CN_ANY
        case K.SQL_NON_NULLABLE_COLUMNS: return .u16(1) // SQL_NNC_NON_NULL
        case K.SQL_OUTER_JOINS: return .text("Y")
        case K.SQL_OJ_CAPABILITIES: return .u32(0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40) // LEFT RIGHT FULL NESTED NOT_ORDERED INNER ALL_COMPARISON_OPS
        case K.SQL_LIKE_ESCAPE_CLAUSE: return .text("Y") // {escape '\\'}: backslash, ClickHouse's own
        case K.SQL_SUBQUERIES: return .u32(0x1 | 0x2 | 0x4 | 0x8 | 0x10)
        case K.SQL_UNION: return .u32(0x1 | 0x2)
        case K.SQL_AGGREGATE_FUNCTIONS: return .u32(0x7F)
        case K.SQL_ALTER_TABLE: return .u32(0x1 | 0x2) // ADD_COLUMN, DROP_COLUMN
        case K.SQL_CREATE_TABLE: return .u32(0x1) // SQL_CT_CREATE_TABLE
        case K.SQL_CREATE_VIEW: return .u32(0x1)
        case K.SQL_DROP_TABLE: return .u32(0x1)
        case K.SQL_DROP_VIEW: return .u32(0x1)
        case K.SQL_INSERT_STATEMENT: return .u32(0x1 | 0x2) // INSERT_LITERALS, INSERT_SEARCHED
        case K.SQL_DDL_INDEX, K.SQL_INDEX_KEYWORDS, K.SQL_INFO_SCHEMA_VIEWS, K.SQL_ALTER_DOMAIN, K.SQL_CREATE_SCHEMA,
             K.SQL_DROP_SCHEMA, K.SQL_CREATE_ASSERTION, K.SQL_CREATE_CHARACTER_SET, K.SQL_CREATE_COLLATION, K.SQL_CREATE_DOMAIN,
             K.SQL_CREATE_TRANSLATION, K.SQL_DROP_ASSERTION, K.SQL_DROP_CHARACTER_SET, K.SQL_DROP_COLLATION, K.SQL_DROP_DOMAIN,
             K.SQL_DROP_TRANSLATION, K.SQL_DATETIME_LITERALS, K.SQL_SQL92_DATETIME_FUNCTIONS, K.SQL_SQL92_FOREIGN_KEY_DELETE_RULE,
             K.SQL_SQL92_FOREIGN_KEY_UPDATE_RULE, K.SQL_SQL92_GRANT, K.SQL_SQL92_NUMERIC_VALUE_FUNCTIONS, K.SQL_SQL92_PREDICATES,
             K.SQL_SQL92_RELATIONAL_JOIN_OPERATORS, K.SQL_SQL92_REVOKE, K.SQL_SQL92_ROW_VALUE_CONSTRUCTOR,
             K.SQL_SQL92_STRING_FUNCTIONS, K.SQL_SQL92_VALUE_EXPRESSIONS:
            return .u32(0)
        case K.SQL_TIMEDATE_ADD_INTERVALS, K.SQL_TIMEDATE_DIFF_INTERVALS: return .u32(ScalarFunctions.intervalMask)
        // Scalar functions of {fn ...} escapes: the bits come from the translation table.
        case K.SQL_STRING_FUNCTIONS: return .u32(ScalarFunctions.mask(.string))
        case K.SQL_NUMERIC_FUNCTIONS: return .u32(ScalarFunctions.mask(.numeric))
        case K.SQL_TIMEDATE_FUNCTIONS: return .u32(ScalarFunctions.mask(.timedate))
        case K.SQL_SYSTEM_FUNCTIONS: return .u32(ScalarFunctions.mask(.system))
        case K.SQL_CONVERT_FUNCTIONS: return .u32(ScalarFunctions.mask(.convert))
        case 122, 125, 126, 173: return .u32(ScalarFunctions.convertMask(fromInfoKey: key)) // SQL_CONVERT_W*, GUID
        case 53...73 where key != K.SQL_TXN_ISOLATION_OPTION && key != K.SQL_INTEGRITY:
            return .u32(ScalarFunctions.convertMask(fromInfoKey: key)) // SQL_CONVERT_*
        // Limits: 0 means no limit.
        case K.SQL_MAX_COLUMN_NAME_LEN, K.SQL_MAX_CURSOR_NAME_LEN, K.SQL_MAX_SCHEMA_NAME_LEN, K.SQL_MAX_CATALOG_NAME_LEN,
             K.SQL_MAX_TABLE_NAME_LEN, K.SQL_MAX_COLUMNS_IN_GROUP_BY, K.SQL_MAX_COLUMNS_IN_INDEX, K.SQL_MAX_COLUMNS_IN_ORDER_BY,
             K.SQL_MAX_COLUMNS_IN_SELECT, K.SQL_MAX_COLUMNS_IN_TABLE, K.SQL_MAX_TABLES_IN_SELECT, K.SQL_MAX_USER_NAME_LEN,
             K.SQL_MAX_IDENTIFIER_LEN, K.SQL_MAX_PROCEDURE_NAME_LEN:
            return .u16(0)
        case K.SQL_MAX_INDEX_SIZE, K.SQL_MAX_ROW_SIZE, K.SQL_MAX_STATEMENT_LEN, K.SQL_MAX_CHAR_LITERAL_LEN,
             K.SQL_MAX_BINARY_LITERAL_LEN:
            return .u32(0)
        case K.SQL_MAX_ROW_SIZE_INCLUDES_LONG: return .text("N")
        default: return nil
        }
    }

    /// The ODBC 3 functions this driver exports, by `SQL_API_*` id.
    static let implemented: [UInt16] = [
        K.SQL_API_SQLALLOCHANDLE, K.SQL_API_SQLBINDCOL, K.SQL_API_SQLBINDPARAMETER, K.SQL_API_SQLCANCEL,
        K.SQL_API_SQLCLOSECURSOR, K.SQL_API_SQLCOLATTRIBUTE, K.SQL_API_SQLCOLUMNS, K.SQL_API_SQLCONNECT,
        K.SQL_API_SQLCOPYDESC, K.SQL_API_SQLDESCRIBECOL, K.SQL_API_SQLDESCRIBEPARAM, K.SQL_API_SQLDISCONNECT,
        K.SQL_API_SQLDRIVERCONNECT, K.SQL_API_SQLENDTRAN, K.SQL_API_SQLEXECDIRECT, K.SQL_API_SQLEXECUTE, K.SQL_API_SQLFETCH,
        K.SQL_API_SQLFETCHSCROLL, K.SQL_API_SQLFOREIGNKEYS, K.SQL_API_SQLFREEHANDLE, K.SQL_API_SQLFREESTMT,
        K.SQL_API_SQLGETCONNECTATTR, K.SQL_API_SQLGETCURSORNAME, K.SQL_API_SQLGETDATA, K.SQL_API_SQLGETDESCFIELD,
        K.SQL_API_SQLGETDESCREC, K.SQL_API_SQLGETDIAGFIELD, K.SQL_API_SQLGETDIAGREC, K.SQL_API_SQLGETENVATTR,
        K.SQL_API_SQLGETFUNCTIONS, K.SQL_API_SQLGETINFO, K.SQL_API_SQLGETSTMTATTR, K.SQL_API_SQLGETTYPEINFO,
        K.SQL_API_SQLMORERESULTS, K.SQL_API_SQLNATIVESQL, K.SQL_API_SQLNUMPARAMS, K.SQL_API_SQLNUMRESULTCOLS,
        K.SQL_API_SQLPARAMDATA, K.SQL_API_SQLPREPARE, K.SQL_API_SQLPRIMARYKEYS, K.SQL_API_SQLPUTDATA, K.SQL_API_SQLROWCOUNT,
        K.SQL_API_SQLSETCONNECTATTR, K.SQL_API_SQLSETCURSORNAME, K.SQL_API_SQLSETDESCFIELD, K.SQL_API_SQLSETDESCREC,
        K.SQL_API_SQLSETENVATTR, K.SQL_API_SQLSETSTMTATTR, K.SQL_API_SQLSPECIALCOLUMNS, K.SQL_API_SQLSTATISTICS,
        K.SQL_API_SQLTABLES, K.SQL_API_SQLPROCEDURES, K.SQL_API_SQLSETPOS,
    ]

    /// Fills `SQLGetFunctions` output for `id`.
    static func functions(_ id: UInt16, into out: UnsafeMutablePointer<UInt16>) -> Bool {
        let set = Set(implemented)
        if id == K.SQL_API_ODBC3_ALL_FUNCTIONS {
            for i in 0..<Int(K.SQL_API_ODBC3_ALL_FUNCTIONS_SIZE) { out[i] = 0 }
            for f in set { out[Int(f) >> 4] |= UInt16(1) << (f & 15) }
            return true
        }
        if id == K.SQL_API_ALL_FUNCTIONS {
            for i in 0..<100 { out[i] = set.contains(UInt16(i)) ? 1 : 0 }
            return true
        }
        out.pointee = set.contains(id) ? 1 : 0
        return true
    }
}
