// Connecting, connection attributes, SQLGetInfo, SQLGetFunctions, SQLNativeSql.

func connectImpl(_ c: ConnectionHandle, dsn: String?, user: String?, password: String?, wide: Bool) throws -> Int16 {
    guard let dsn, !dsn.isEmpty else { throw ODBCError("IM002", "data source name not specified") }
    let settings = try ConnectionSettings.resolve(pairs: [("DSN", dsn)], extraUser: user, extraPassword: password)
    c.wide = wide
    try c.connect(settings)
    for w in c.settings?.warnings ?? settings.warnings { c.diagnostics.add("01S00", w) }
    return K.SQL_SUCCESS
}

func driverConnectImpl(_ c: ConnectionHandle, input: String?, output: UnsafeMutableRawPointer?, outputCapacity: Int,
                       outputLength: UnsafeMutablePointer<Int16>?, completion: UInt16, wide: Bool) throws -> Int16 {
    guard let input else { throw ODBCError.nullPointer("InConnectionString") }
    guard [K.SQL_DRIVER_NOPROMPT, K.SQL_DRIVER_COMPLETE, K.SQL_DRIVER_PROMPT, K.SQL_DRIVER_COMPLETE_REQUIRED].contains(completion) else {
        throw ODBCError("HY110", "invalid driver completion \(completion)")
    }
    let settings = try ConnectionSettings.resolve(pairs: try ConnectionString.parse(input))
    c.wide = wide
    try c.connect(settings)
    for w in c.settings?.warnings ?? settings.warnings { c.diagnostics.add("01S00", w) }
    try StringOutput.put((c.settings ?? settings).outputString(), buffer: output, capacity: outputCapacity, wide: wide, capacityInBytes: false,
                         diagnostics: &c.diagnostics) { outputLength?.pointee = Int16(clamping: $0) }
    return K.SQL_SUCCESS
}

/// `SQLConnect`: connects to a DSN defined in odbc.ini.
@_cdecl("SQLConnect")
public func odbcConnect(_ hdbc: UnsafeMutableRawPointer?, _ dsn: UnsafeMutablePointer<UInt8>?, _ dsnLength: Int16,
                        _ user: UnsafeMutablePointer<UInt8>?, _ userLength: Int16,
                        _ password: UnsafeMutablePointer<UInt8>?, _ passwordLength: Int16) -> Int16 {
    Entry.connection(hdbc) { c in
        try connectImpl(c, dsn: try TextIO.ansi(dsn, Int(dsnLength), "ServerName"), user: try TextIO.ansi(user, Int(userLength), "UserName"),
                        password: try TextIO.ansi(password, Int(passwordLength), "Authentication"), wide: false)
    }
}

/// `SQLConnectW`.
@_cdecl("SQLConnectW")
public func odbcConnectW(_ hdbc: UnsafeMutableRawPointer?, _ dsn: UnsafeMutablePointer<UInt16>?, _ dsnLength: Int16,
                         _ user: UnsafeMutablePointer<UInt16>?, _ userLength: Int16,
                         _ password: UnsafeMutablePointer<UInt16>?, _ passwordLength: Int16) -> Int16 {
    Entry.connection(hdbc) { c in
        try connectImpl(c, dsn: try TextIO.wide(dsn, Int(dsnLength), "ServerName"), user: try TextIO.wide(user, Int(userLength), "UserName"),
                        password: try TextIO.wide(password, Int(passwordLength), "Authentication"), wide: true)
    }
}

/// `SQLDriverConnect`: connects with a connection string (DSN-less or naming a DSN).
@_cdecl("SQLDriverConnect")
public func odbcDriverConnect(_ hdbc: UnsafeMutableRawPointer?, _ window: UnsafeMutableRawPointer?,
                              _ input: UnsafeMutablePointer<UInt8>?, _ inputLength: Int16,
                              _ output: UnsafeMutablePointer<UInt8>?, _ outputCapacity: Int16,
                              _ outputLength: UnsafeMutablePointer<Int16>?, _ completion: UInt16) -> Int16 {
    Entry.connection(hdbc) { c in
        try driverConnectImpl(c, input: try TextIO.ansi(input, Int(inputLength), "InConnectionString"), output: UnsafeMutableRawPointer(output),
                              outputCapacity: Int(outputCapacity), outputLength: outputLength, completion: completion, wide: false)
    }
}

/// `SQLDriverConnectW`.
@_cdecl("SQLDriverConnectW")
public func odbcDriverConnectW(_ hdbc: UnsafeMutableRawPointer?, _ window: UnsafeMutableRawPointer?,
                               _ input: UnsafeMutablePointer<UInt16>?, _ inputLength: Int16,
                               _ output: UnsafeMutablePointer<UInt16>?, _ outputCapacity: Int16,
                               _ outputLength: UnsafeMutablePointer<Int16>?, _ completion: UInt16) -> Int16 {
    Entry.connection(hdbc) { c in
        try driverConnectImpl(c, input: try TextIO.wide(input, Int(inputLength), "InConnectionString"), output: UnsafeMutableRawPointer(output),
                              outputCapacity: Int(outputCapacity), outputLength: outputLength, completion: completion, wide: true)
    }
}

/// `SQLDisconnect`.
@_cdecl("SQLDisconnect")
public func odbcDisconnect(_ hdbc: UnsafeMutableRawPointer?) -> Int16 {
    Entry.connection(hdbc) { c in
        guard c.settings != nil else { throw ODBCError("08003", "connection not open") }
        for s in c.statements { freeStatement(s) }
        c.disconnect()
        return K.SQL_SUCCESS
    }
}

// MARK: Connection attributes

func setConnectAttrImpl(_ c: ConnectionHandle, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32, wide: Bool) throws -> Int16 {
    let v = Int(bitPattern: value)
    switch attribute {
    case K.SQL_ATTR_AUTOCOMMIT:
        guard v == Int(K.SQL_AUTOCOMMIT_ON) || v == Int(K.SQL_AUTOCOMMIT_OFF) else {
            throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_AUTOCOMMIT")
        }
        // ClickHouse has no transactions: every statement is applied at once. Manual-commit
        // mode is accepted so applications that turn autocommit off keep working.
        c.autocommit = v
    case K.SQL_ATTR_ACCESS_MODE: c.accessMode = v
    case K.SQL_ATTR_LOGIN_TIMEOUT: c.loginTimeout = v > 0 ? Double(v) : nil
    case K.SQL_ATTR_CONNECTION_TIMEOUT: c.connectionTimeout = v
    case K.SQL_ATTR_TXN_ISOLATION: c.txnIsolation = v
    case K.SQL_ATTR_METADATA_ID: c.metadataID = v != 0
    case K.SQL_ATTR_PACKET_SIZE: c.packetSize = v
    case K.SQL_ATTR_QUIET_MODE, K.SQL_ATTR_TRACE, K.SQL_ATTR_TRACEFILE, K.SQL_ATTR_TRANSLATE_LIB, K.SQL_ATTR_TRANSLATE_OPTION,
         K.SQL_ATTR_ODBC_CURSORS, K.SQL_ATTR_ANSI_APP, K.SQL_ATTR_ASYNC_ENABLE:
        if attribute == K.SQL_ATTR_ASYNC_ENABLE && v != 0 {
            c.diagnostics.add("01S02", "option value changed: asynchronous execution is not supported")
        }
    case K.SQL_ATTR_CURRENT_CATALOG:
        guard let name = try Entry.text(value, Int(length), wide: wide, "CURRENT_CATALOG") else { throw ODBCError.nullPointer("ValuePtr") }
        if c.isConnected { try c.use(database: name) } else { c.currentDatabase = name }
    default:
        throw ODBCError("HY092", "invalid connection attribute \(attribute)")
    }
    return K.SQL_SUCCESS
}

func getConnectAttrImpl(_ c: ConnectionHandle, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ bufferLength: Int32,
                        _ length: UnsafeMutablePointer<Int32>?, wide: Bool) throws -> Int16 {
    func integer(_ v: Int) -> Int16 {
        value?.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        length?.pointee = 4
        return K.SQL_SUCCESS
    }
    switch attribute {
    case K.SQL_ATTR_AUTOCOMMIT: return integer(c.autocommit)
    case K.SQL_ATTR_ACCESS_MODE: return integer(c.accessMode)
    case K.SQL_ATTR_LOGIN_TIMEOUT: return integer(Int(c.loginTimeout ?? 0))
    case K.SQL_ATTR_CONNECTION_TIMEOUT: return integer(c.connectionTimeout)
    case K.SQL_ATTR_TXN_ISOLATION: return integer(c.txnIsolation)
    case K.SQL_ATTR_METADATA_ID: return integer(c.metadataID ? 1 : 0)
    case K.SQL_ATTR_PACKET_SIZE: return integer(c.packetSize)
    case K.SQL_ATTR_ASYNC_ENABLE, K.SQL_ATTR_QUIET_MODE: return integer(0)
    case K.SQL_ATTR_AUTO_IPD: return integer(0)
    case K.SQL_ATTR_CONNECTION_DEAD:
        return integer(Int(c.isDead ? K.SQL_CD_TRUE : K.SQL_CD_FALSE))
    case K.SQL_ATTR_CURRENT_CATALOG:
        try StringOutput.put(c.currentDatabase, buffer: value, capacity: Int(bufferLength), wide: wide, capacityInBytes: true,
                             diagnostics: &c.diagnostics) { length?.pointee = Int32(clamping: $0) }
        return K.SQL_SUCCESS
    default:
        throw ODBCError("HY092", "invalid connection attribute \(attribute)")
    }
}

/// `SQLSetConnectAttr`.
@_cdecl("SQLSetConnectAttr")
public func odbcSetConnectAttr(_ hdbc: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.connection(hdbc) { try setConnectAttrImpl($0, attribute, value, length, wide: false) }
}

/// `SQLSetConnectAttrW`.
@_cdecl("SQLSetConnectAttrW")
public func odbcSetConnectAttrW(_ hdbc: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.connection(hdbc) { try setConnectAttrImpl($0, attribute, value, length, wide: true) }
}

/// `SQLGetConnectAttr`.
@_cdecl("SQLGetConnectAttr")
public func odbcGetConnectAttr(_ hdbc: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?,
                               _ bufferLength: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.connection(hdbc) { try getConnectAttrImpl($0, attribute, value, bufferLength, length, wide: false) }
}

/// `SQLGetConnectAttrW`.
@_cdecl("SQLGetConnectAttrW")
public func odbcGetConnectAttrW(_ hdbc: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?,
                                _ bufferLength: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.connection(hdbc) { try getConnectAttrImpl($0, attribute, value, bufferLength, length, wide: true) }
}

// MARK: SQLGetInfo

func getInfoImpl(_ c: ConnectionHandle, _ key: UInt16, _ value: UnsafeMutableRawPointer?, _ bufferLength: Int16,
                 _ length: UnsafeMutablePointer<Int16>?, wide: Bool) throws -> Int16 {
    guard let answer = DriverInfo.value(key, connection: c) else {
        throw ODBCError("HY096", "information type \(key) is not supported")
    }
    switch answer {
    case .text(let s):
        try StringOutput.put(s, buffer: value, capacity: Int(bufferLength), wide: wide, capacityInBytes: true,
                             diagnostics: &c.diagnostics) { length?.pointee = Int16(clamping: $0) }
    case .u16(let v):
        value?.storeBytes(of: v, as: UInt16.self)
        length?.pointee = 2
    case .u32(let v):
        value?.storeBytes(of: v, as: UInt32.self)
        length?.pointee = 4
    }
    return K.SQL_SUCCESS
}

/// `SQLGetInfo`.
@_cdecl("SQLGetInfo")
public func odbcGetInfo(_ hdbc: UnsafeMutableRawPointer?, _ key: UInt16, _ value: UnsafeMutableRawPointer?,
                        _ bufferLength: Int16, _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.connection(hdbc) { try getInfoImpl($0, key, value, bufferLength, length, wide: false) }
}

/// `SQLGetInfoW`.
@_cdecl("SQLGetInfoW")
public func odbcGetInfoW(_ hdbc: UnsafeMutableRawPointer?, _ key: UInt16, _ value: UnsafeMutableRawPointer?,
                         _ bufferLength: Int16, _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.connection(hdbc) { try getInfoImpl($0, key, value, bufferLength, length, wide: true) }
}

/// `SQLGetFunctions`: exactly the functions this library exports.
@_cdecl("SQLGetFunctions")
public func odbcGetFunctions(_ hdbc: UnsafeMutableRawPointer?, _ id: UInt16, _ supported: UnsafeMutablePointer<UInt16>?) -> Int16 {
    Entry.connection(hdbc) { _ in
        guard let supported else { throw ODBCError.nullPointer("SupportedPtr") }
        _ = DriverInfo.functions(id, into: supported)
        return K.SQL_SUCCESS
    }
}

// MARK: SQLNativeSql

func nativeSqlImpl(_ c: ConnectionHandle, _ input: String?, _ output: UnsafeMutableRawPointer?, _ capacity: Int32,
                   _ length: UnsafeMutablePointer<Int32>?, wide: Bool) throws -> Int16 {
    guard let input else { throw ODBCError.nullPointer("InStatementText") }
    try StringOutput.put(try EscapeTranslator.translate(input), buffer: output, capacity: Int(capacity), wide: wide, capacityInBytes: false,
                         diagnostics: &c.diagnostics) { length?.pointee = Int32(clamping: $0) }
    return K.SQL_SUCCESS
}

/// `SQLNativeSql`: the statement as sent to ClickHouse (ODBC escapes translated).
@_cdecl("SQLNativeSql")
public func odbcNativeSql(_ hdbc: UnsafeMutableRawPointer?, _ input: UnsafeMutablePointer<UInt8>?, _ inputLength: Int32,
                          _ output: UnsafeMutablePointer<UInt8>?, _ capacity: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.connection(hdbc) { c in
        try nativeSqlImpl(c, try TextIO.ansi(input, Int(inputLength), "InStatementText"), UnsafeMutableRawPointer(output), capacity, length, wide: false)
    }
}

/// `SQLNativeSqlW`.
@_cdecl("SQLNativeSqlW")
public func odbcNativeSqlW(_ hdbc: UnsafeMutableRawPointer?, _ input: UnsafeMutablePointer<UInt16>?, _ inputLength: Int32,
                           _ output: UnsafeMutablePointer<UInt16>?, _ capacity: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.connection(hdbc) { c in
        try nativeSqlImpl(c, try TextIO.wide(input, Int(inputLength), "InStatementText"), UnsafeMutableRawPointer(output), capacity, length, wide: true)
    }
}
