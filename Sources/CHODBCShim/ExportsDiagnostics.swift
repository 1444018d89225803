// SQLGetDiagRec and SQLGetDiagField. They read a handle's diagnostics without clearing them
// and never add records of their own.

func withDiagnostics(_ type: Int16, _ handle: UnsafeMutableRawPointer?, _ body: (ODBCHandle) -> Int16) -> Int16 {
    guard let kind = HandleKind(rawValue: type), let h = HandleRegistry.lookup(handle, kind: kind) else { return K.SQL_INVALID_HANDLE }
    return h.lock.withLock { body(h) }
}

func getDiagRecImpl(_ h: ODBCHandle, _ number: Int16, _ state: UnsafeMutableRawPointer?, _ native: UnsafeMutablePointer<Int32>?,
                    _ message: UnsafeMutableRawPointer?, _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?, wide: Bool) -> Int16 {
    guard number >= 1, capacity >= 0 else { return K.SQL_ERROR }
    guard Int(number) <= h.diagnostics.records.count else { return K.SQL_NO_DATA }
    let rec = h.diagnostics.records[Int(number) - 1]
    if let state { _ = TextIO.write(rec.sqlState, to: state, capacityUnits: 6, wide: wide) }
    native?.pointee = rec.nativeError
    let (full, truncated) = TextIO.write(rec.fullMessage, to: message, capacityUnits: Int(capacity), wide: wide)
    length?.pointee = Int16(clamping: full)
    return truncated && message != nil ? K.SQL_SUCCESS_WITH_INFO : K.SQL_SUCCESS
}

/// `SQLGetDiagRec`.
@_cdecl("SQLGetDiagRec")
public func odbcGetDiagRec(_ type: Int16, _ handle: UnsafeMutableRawPointer?, _ number: Int16, _ state: UnsafeMutablePointer<UInt8>?,
                           _ native: UnsafeMutablePointer<Int32>?, _ message: UnsafeMutablePointer<UInt8>?, _ capacity: Int16,
                           _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    withDiagnostics(type, handle) { getDiagRecImpl($0, number, UnsafeMutableRawPointer(state), native, UnsafeMutableRawPointer(message), capacity, length, wide: false) }
}

/// `SQLGetDiagRecW`.
@_cdecl("SQLGetDiagRecW")
public func odbcGetDiagRecW(_ type: Int16, _ handle: UnsafeMutableRawPointer?, _ number: Int16, _ state: UnsafeMutablePointer<UInt16>?,
                            _ native: UnsafeMutablePointer<Int32>?, _ message: UnsafeMutablePointer<UInt16>?, _ capacity: Int16,
                            _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    withDiagnostics(type, handle) { getDiagRecImpl($0, number, UnsafeMutableRawPointer(state), native, UnsafeMutableRawPointer(message), capacity, length, wide: true) }
}

func getDiagFieldImpl(_ h: ODBCHandle, _ type: Int16, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?,
                      _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?, wide: Bool) -> Int16 {
    func text(_ s: String) -> Int16 {
        guard capacity >= 0 else { return K.SQL_ERROR }
        let unit = wide ? 2 : 1
        let (full, truncated) = TextIO.write(s, to: value, capacityUnits: Int(capacity) / unit, wide: wide)
        length?.pointee = Int16(clamping: full * unit)
        return truncated && value != nil ? K.SQL_SUCCESS_WITH_INFO : K.SQL_SUCCESS
    }
    // Header fields
    switch field {
    case K.SQL_DIAG_NUMBER:
        value?.storeBytes(of: Int32(h.diagnostics.records.count), as: Int32.self)
        return K.SQL_SUCCESS
    case K.SQL_DIAG_RETURNCODE:
        value?.storeBytes(of: h.diagnostics.returnCode, as: Int16.self)
        return K.SQL_SUCCESS
    case K.SQL_DIAG_ROW_COUNT, K.SQL_DIAG_CURSOR_ROW_COUNT:
        guard type == K.SQL_HANDLE_STMT, let s = h as? StatementHandle else { return K.SQL_ERROR }
        value?.storeBytes(of: field == K.SQL_DIAG_ROW_COUNT ? s.rowCount : -1, as: Int.self)
        return K.SQL_SUCCESS
    case K.SQL_DIAG_DYNAMIC_FUNCTION:
        return text("")
    case K.SQL_DIAG_DYNAMIC_FUNCTION_CODE:
        value?.storeBytes(of: Int32(0), as: Int32.self)
        return K.SQL_SUCCESS
    default: break
    }
    // Record fields
    guard number >= 1 else { return K.SQL_ERROR }
    guard Int(number) <= h.diagnostics.records.count else { return K.SQL_NO_DATA }
    let rec = h.diagnostics.records[Int(number) - 1]
    switch field {
    case K.SQL_DIAG_SQLSTATE: return text(rec.sqlState)
    case K.SQL_DIAG_NATIVE:
        value?.storeBytes(of: rec.nativeError, as: Int32.self)
        return K.SQL_SUCCESS
    case K.SQL_DIAG_MESSAGE_TEXT: return text(rec.fullMessage)
    case K.SQL_DIAG_CLASS_ORIGIN, K.SQL_DIAG_SUBCLASS_ORIGIN:
        return text(rec.sqlState.hasPrefix("IM") ? "ODBC 3.0" : "ISO 9075")
    case K.SQL_DIAG_CONNECTION_NAME: return text("")
    case K.SQL_DIAG_SERVER_NAME:
        var server = ""
        if let c = h as? ConnectionHandle { server = c.settings?.host ?? "" }
        if let s = h as? StatementHandle { server = s.connection.settings?.host ?? "" }
        return text(server)
    case K.SQL_DIAG_ROW_NUMBER:
        value?.storeBytes(of: rec.rowNumber > 0 ? rec.rowNumber : -2, as: Int.self)   // SQL_NO_ROW_NUMBER
        return K.SQL_SUCCESS
    case K.SQL_DIAG_COLUMN_NUMBER:
        value?.storeBytes(of: Int32(rec.columnNumber > 0 ? rec.columnNumber : -1), as: Int32.self)   // SQL_NO_COLUMN_NUMBER
        return K.SQL_SUCCESS
    default:
        return K.SQL_ERROR
    }
}

/// `SQLGetDiagField`.
@_cdecl("SQLGetDiagField")
public func odbcGetDiagField(_ type: Int16, _ handle: UnsafeMutableRawPointer?, _ number: Int16, _ field: Int16,
                             _ value: UnsafeMutableRawPointer?, _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    withDiagnostics(type, handle) { getDiagFieldImpl($0, type, number, field, value, capacity, length, wide: false) }
}

/// `SQLGetDiagFieldW`.
@_cdecl("SQLGetDiagFieldW")
public func odbcGetDiagFieldW(_ type: Int16, _ handle: UnsafeMutableRawPointer?, _ number: Int16, _ field: Int16,
                              _ value: UnsafeMutableRawPointer?, _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    withDiagnostics(type, handle) { getDiagFieldImpl($0, type, number, field, value, capacity, length, wide: true) }
}
