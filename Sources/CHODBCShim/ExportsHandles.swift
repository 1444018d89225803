// Handle allocation, environment attributes and transactions.

/// `SQLAllocHandle`: allocates an environment, connection, statement or descriptor handle.
@_cdecl("SQLAllocHandle")
public func odbcAllocHandle(_ type: Int16, _ input: UnsafeMutableRawPointer?, _ output: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int16 {
    switch type {
    case K.SQL_HANDLE_ENV:
        guard let output else { return K.SQL_ERROR }
        let env = EnvironmentHandle()
        HandleRegistry.register(env)
        output.pointee = env.pointer
        return K.SQL_SUCCESS
    case K.SQL_HANDLE_DBC:
        return Entry.environment(input) { env in
            guard let output else { throw ODBCError.nullPointer("OutputHandlePtr") }
            let c = ConnectionHandle(environment: env)
            env.connections.append(c)
            HandleRegistry.register(c)
            output.pointee = c.pointer
            return K.SQL_SUCCESS
        }
    case K.SQL_HANDLE_STMT:
        return Entry.connection(input) { c in
            guard let output else { throw ODBCError.nullPointer("OutputHandlePtr") }
            guard c.isConnected else { throw ODBCError("08003", "connection not open") }
            let s = StatementHandle(connection: c)
            c.statements.append(s)
            HandleRegistry.register(s)
            for d in s.descriptors { HandleRegistry.register(d) }
            output.pointee = s.pointer
            return K.SQL_SUCCESS
        }
    case K.SQL_HANDLE_DESC:
        return Entry.connection(input) { c in
            guard let output else { throw ODBCError.nullPointer("OutputHandlePtr") }
            guard c.isConnected else { throw ODBCError("08003", "connection not open") }
            let d = DescriptorHandle(role: .explicit, connection: c, statement: nil)
            c.explicitDescriptors.append(d)
            HandleRegistry.register(d)
            output.pointee = d.pointer
            return K.SQL_SUCCESS
        }
    default:
        // An unknown type with a valid parent handle is HY092 on the parent; otherwise invalid.
        if HandleRegistry.lookupAny(input) != nil {
            return Entry.any(HandleRegistry.lookupAny(input)?.kind.rawValue ?? 0, input) { _ in
                throw ODBCError("HY092", "invalid handle type \(type)")
            }
        }
        return K.SQL_INVALID_HANDLE
    }
}

/// Frees a statement and its implicit descriptors.
func freeStatement(_ s: StatementHandle) {
    try? s.closeCursor()
    for d in s.descriptors {
        HandleRegistry.unregister(d)
        d.statement = nil
    }
    s.connection.statements.removeAll { $0 === s }
    HandleRegistry.unregister(s)
}

/// `SQLFreeHandle`.
@_cdecl("SQLFreeHandle")
public func odbcFreeHandle(_ type: Int16, _ handle: UnsafeMutableRawPointer?) -> Int16 {
    switch type {
    case K.SQL_HANDLE_ENV:
        return Entry.environment(handle) { env in
            guard env.connections.isEmpty else { throw ODBCError.sequence("connections are still allocated on this environment") }
            HandleRegistry.unregister(env)
            return K.SQL_SUCCESS
        }
    case K.SQL_HANDLE_DBC:
        return Entry.connection(handle) { c in
            guard !c.isConnected else { throw ODBCError.sequence("the connection is still open; call SQLDisconnect first") }
            for s in c.statements { freeStatement(s) }
            for d in c.explicitDescriptors { HandleRegistry.unregister(d) }
            c.explicitDescriptors = []
            c.environment.connections.removeAll { $0 === c }
            HandleRegistry.unregister(c)
            return K.SQL_SUCCESS
        }
    case K.SQL_HANDLE_STMT:
        return Entry.statement(handle) { s in
            freeStatement(s)
            return K.SQL_SUCCESS
        }
    case K.SQL_HANDLE_DESC:
        return Entry.descriptor(handle) { d in
            guard d.role == .explicit else { throw ODBCError("HY017", "invalid use of an automatically allocated descriptor handle") }
            for s in d.connection.statements {
                if s.ard === d { s.ard = s.implicitARD }
                if s.apd === d { s.apd = s.implicitAPD }
            }
            d.connection.explicitDescriptors.removeAll { $0 === d }
            HandleRegistry.unregister(d)
            return K.SQL_SUCCESS
        }
    default:
        return K.SQL_INVALID_HANDLE
    }
}

/// `SQLSetEnvAttr`: ODBC version, connection pooling (accepted, unused), output NTS.
@_cdecl("SQLSetEnvAttr")
public func odbcSetEnvAttr(_ env: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.environment(env) { e in
        let v = Int32(truncatingIfNeeded: Int(bitPattern: value))
        switch attribute {
        case K.SQL_ATTR_ODBC_VERSION:
            guard v == K.SQL_OV_ODBC2 || v == K.SQL_OV_ODBC3 || v == K.SQL_OV_ODBC3_80 else {
                throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_ODBC_VERSION")
            }
            e.odbcVersion = v
        case K.SQL_ATTR_CONNECTION_POOLING, K.SQL_ATTR_CP_MATCH:
            break
        case K.SQL_ATTR_OUTPUT_NTS:
            guard v == 1 else { throw ODBCError.notImplemented("SQL_ATTR_OUTPUT_NTS = SQL_FALSE") }
        default:
            throw ODBCError("HY092", "invalid environment attribute \(attribute)")
        }
        return K.SQL_SUCCESS
    }
}

/// `SQLGetEnvAttr`.
@_cdecl("SQLGetEnvAttr")
public func odbcGetEnvAttr(_ env: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?,
                           _ bufferLength: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.environment(env) { e in
        let v: Int32
        switch attribute {
        case K.SQL_ATTR_ODBC_VERSION: v = e.odbcVersion
        case K.SQL_ATTR_CONNECTION_POOLING, K.SQL_ATTR_CP_MATCH: v = 0
        case K.SQL_ATTR_OUTPUT_NTS: v = 1
        default: throw ODBCError("HY092", "invalid environment attribute \(attribute)")
        }
        value?.storeBytes(of: v, as: Int32.self)
        length?.pointee = 4
        return K.SQL_SUCCESS
    }
}

/// `SQLEndTran`: ClickHouse has no transactions; commit and rollback succeed as no-ops.
@_cdecl("SQLEndTran")
public func odbcEndTran(_ type: Int16, _ handle: UnsafeMutableRawPointer?, _ completion: Int16) -> Int16 {
    guard type == K.SQL_HANDLE_ENV || type == K.SQL_HANDLE_DBC else {
        return Entry.any(type, handle) { _ in throw ODBCError("HY092", "invalid handle type for SQLEndTran") }
    }
    return Entry.any(type, handle) { _ in
        guard completion == K.SQL_COMMIT || completion == K.SQL_ROLLBACK else {
            throw ODBCError("HY012", "invalid transaction operation code \(completion)")
        }
        return K.SQL_SUCCESS
    }
}
