// Statement attributes.

func setStmtAttrImpl(_ s: StatementHandle, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32) throws -> Int16 {
    let v = Int(bitPattern: value)
    func changed(_ what: String) { s.diagnostics.add("01S02", "option value changed: \(what)") }
    switch attribute {
    case K.SQL_ATTR_ROW_ARRAY_SIZE, K.SQL_ROWSET_SIZE:
        guard v >= 1 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_ROW_ARRAY_SIZE") }
        if v > 1_000_000 {
            s.ard.arraySize = 1_000_000
            changed("row array size limited to 1000000")
        } else {
            s.ard.arraySize = v
        }
    case K.SQL_ATTR_ROW_BIND_TYPE:
        guard v >= 0 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_ROW_BIND_TYPE") }
        s.ard.bindType = v
    case K.SQL_ATTR_ROW_BIND_OFFSET_PTR: s.ard.bindOffsetPointer = value?.assumingMemoryBound(to: Int.self)
    case K.SQL_ATTR_ROW_STATUS_PTR: s.ird.arrayStatusPointer = value?.assumingMemoryBound(to: UInt16.self)
    case K.SQL_ATTR_ROWS_FETCHED_PTR: s.ird.rowsProcessedPointer = value?.assumingMemoryBound(to: UInt.self)
    case K.SQL_ATTR_ROW_OPERATION_PTR: s.ard.arrayStatusPointer = value?.assumingMemoryBound(to: UInt16.self)
    case K.SQL_ATTR_PARAMSET_SIZE:
        guard v >= 1 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_PARAMSET_SIZE") }
        s.apd.arraySize = v
    case K.SQL_ATTR_PARAM_BIND_TYPE:
        guard v >= 0 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_PARAM_BIND_TYPE") }
        s.apd.bindType = v
    case K.SQL_ATTR_PARAM_BIND_OFFSET_PTR: s.apd.bindOffsetPointer = value?.assumingMemoryBound(to: Int.self)
    case K.SQL_ATTR_PARAM_STATUS_PTR: s.ipd.arrayStatusPointer = value?.assumingMemoryBound(to: UInt16.self)
    case K.SQL_ATTR_PARAMS_PROCESSED_PTR: s.ipd.rowsProcessedPointer = value?.assumingMemoryBound(to: UInt.self)
    case K.SQL_ATTR_PARAM_OPERATION_PTR: s.apd.arrayStatusPointer = value?.assumingMemoryBound(to: UInt16.self)
    case K.SQL_ATTR_QUERY_TIMEOUT:
        guard v >= 0 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_QUERY_TIMEOUT") }
        s.queryTimeout = v
    case K.SQL_ATTR_MAX_ROWS:
        guard v >= 0 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_MAX_ROWS") }
        s.maxRows = v
    case K.SQL_ATTR_MAX_LENGTH:
        guard v >= 0 else { throw ODBCError("HY024", "invalid attribute value \(v) for SQL_ATTR_MAX_LENGTH") }
        s.maxLength = v
    case K.SQL_ATTR_NOSCAN: s.noScan = v
    case K.SQL_ATTR_RETRIEVE_DATA: s.retrieveData = v
    case K.SQL_ATTR_METADATA_ID: s.metadataID = v != 0
    case K.SQL_ATTR_CURSOR_TYPE:
        if v != K.SQL_CURSOR_FORWARD_ONLY { changed("only forward-only cursors are supported") }
    case K.SQL_ATTR_CONCURRENCY:
        if v != K.SQL_CONCUR_READ_ONLY { changed("only read-only concurrency is supported") }
    case K.SQL_ATTR_CURSOR_SCROLLABLE:
        if v != K.SQL_NONSCROLLABLE { throw ODBCError("HYC00", "scrollable cursors are not supported") }
    case K.SQL_ATTR_CURSOR_SENSITIVITY:
        if v != K.SQL_UNSPECIFIED && v != K.SQL_INSENSITIVE { throw ODBCError("HYC00", "sensitive cursors are not supported") }
    case K.SQL_ATTR_USE_BOOKMARKS:
        if v != K.SQL_UB_OFF { throw ODBCError("HYC00", "bookmarks are not supported") }
    case K.SQL_ATTR_ASYNC_ENABLE:
        if v != 0 { changed("asynchronous execution is not supported") }
    case K.SQL_ATTR_ENABLE_AUTO_IPD, K.SQL_ATTR_SIMULATE_CURSOR, K.SQL_ATTR_KEYSET_SIZE, K.SQL_ATTR_FETCH_BOOKMARK_PTR:
        break
    case K.SQL_ATTR_APP_ROW_DESC, K.SQL_ATTR_APP_PARAM_DESC:
        let isRow = attribute == K.SQL_ATTR_APP_ROW_DESC
        if value == nil || value == (isRow ? s.implicitARD : s.implicitAPD).pointer {
            if isRow { s.ard = s.implicitARD } else { s.apd = s.implicitAPD }
        } else {
            guard let d = HandleRegistry.lookup(value, kind: .descriptor) as? DescriptorHandle, d.role == .explicit,
                  d.connection === s.connection else {
                throw ODBCError("HY024", "invalid descriptor handle for \(isRow ? "SQL_ATTR_APP_ROW_DESC" : "SQL_ATTR_APP_PARAM_DESC")")
            }
            if isRow { s.ard = d } else { s.apd = d }
        }
    case K.SQL_ATTR_IMP_ROW_DESC, K.SQL_ATTR_IMP_PARAM_DESC, K.SQL_ATTR_ROW_NUMBER:
        throw ODBCError("HY017", "attribute \(attribute) is read-only")
    default:
        throw ODBCError("HY092", "invalid statement attribute \(attribute)")
    }
    return K.SQL_SUCCESS
}

func getStmtAttrImpl(_ s: StatementHandle, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ bufferLength: Int32,
                     _ length: UnsafeMutablePointer<Int32>?) throws -> Int16 {
    guard let value else { throw ODBCError.nullPointer("ValuePtr") }
    func integer(_ v: Int) -> Int16 {
        value.storeBytes(of: v, as: Int.self)
        length?.pointee = Int32(MemoryLayout<Int>.size)
        return K.SQL_SUCCESS
    }
    func pointer(_ p: UnsafeMutableRawPointer?) -> Int16 {
        value.storeBytes(of: p, as: UnsafeMutableRawPointer?.self)
        length?.pointee = Int32(MemoryLayout<UnsafeMutableRawPointer?>.size)
        return K.SQL_SUCCESS
    }
    switch attribute {
    case K.SQL_ATTR_ROW_ARRAY_SIZE, K.SQL_ROWSET_SIZE: return integer(s.ard.arraySize)
    case K.SQL_ATTR_ROW_BIND_TYPE: return integer(s.ard.bindType)
    case K.SQL_ATTR_ROW_BIND_OFFSET_PTR: return pointer(UnsafeMutableRawPointer(s.ard.bindOffsetPointer))
    case K.SQL_ATTR_ROW_STATUS_PTR: return pointer(UnsafeMutableRawPointer(s.ird.arrayStatusPointer))
    case K.SQL_ATTR_ROWS_FETCHED_PTR: return pointer(UnsafeMutableRawPointer(s.ird.rowsProcessedPointer))
    case K.SQL_ATTR_ROW_OPERATION_PTR: return pointer(UnsafeMutableRawPointer(s.ard.arrayStatusPointer))
    case K.SQL_ATTR_PARAMSET_SIZE: return integer(s.apd.arraySize)
    case K.SQL_ATTR_PARAM_BIND_TYPE: return integer(s.apd.bindType)
    case K.SQL_ATTR_PARAM_BIND_OFFSET_PTR: return pointer(UnsafeMutableRawPointer(s.apd.bindOffsetPointer))
    case K.SQL_ATTR_PARAM_STATUS_PTR: return pointer(UnsafeMutableRawPointer(s.ipd.arrayStatusPointer))
    case K.SQL_ATTR_PARAMS_PROCESSED_PTR: return pointer(UnsafeMutableRawPointer(s.ipd.rowsProcessedPointer))
    case K.SQL_ATTR_PARAM_OPERATION_PTR: return pointer(UnsafeMutableRawPointer(s.apd.arrayStatusPointer))
    case K.SQL_ATTR_QUERY_TIMEOUT: return integer(s.queryTimeout)
    case K.SQL_ATTR_MAX_ROWS: return integer(s.maxRows)
    case K.SQL_ATTR_MAX_LENGTH: return integer(s.maxLength)
    case K.SQL_ATTR_NOSCAN: return integer(s.noScan)
    case K.SQL_ATTR_RETRIEVE_DATA: return integer(s.retrieveData)
    case K.SQL_ATTR_METADATA_ID: return integer(s.metadataID ? 1 : 0)
    case K.SQL_ATTR_CURSOR_TYPE: return integer(K.SQL_CURSOR_FORWARD_ONLY)
    case K.SQL_ATTR_CONCURRENCY: return integer(K.SQL_CONCUR_READ_ONLY)
    case K.SQL_ATTR_CURSOR_SCROLLABLE: return integer(K.SQL_NONSCROLLABLE)
    case K.SQL_ATTR_CURSOR_SENSITIVITY: return integer(K.SQL_INSENSITIVE)
    case K.SQL_ATTR_USE_BOOKMARKS: return integer(K.SQL_UB_OFF)
    case K.SQL_ATTR_ASYNC_ENABLE, K.SQL_ATTR_ENABLE_AUTO_IPD, K.SQL_ATTR_SIMULATE_CURSOR, K.SQL_ATTR_KEYSET_SIZE: return integer(0)
    case K.SQL_ATTR_ROW_NUMBER:
        guard s.hasCurrentRow else { throw ODBCError("24000", "invalid cursor state: no current row") }
        return integer(s.rowsFetched)
    case K.SQL_ATTR_APP_ROW_DESC: return pointer(s.ard.pointer)
    case K.SQL_ATTR_APP_PARAM_DESC: return pointer(s.apd.pointer)
    case K.SQL_ATTR_IMP_ROW_DESC: return pointer(s.ird.pointer)
    case K.SQL_ATTR_IMP_PARAM_DESC: return pointer(s.ipd.pointer)
    default:
        throw ODBCError("HY092", "invalid statement attribute \(attribute)")
    }
}

/// `SQLSetStmtAttr`.
@_cdecl("SQLSetStmtAttr")
public func odbcSetStmtAttr(_ h: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.statement(h) { try setStmtAttrImpl($0, attribute, value, length) }
}

/// `SQLSetStmtAttrW` (no string attributes exist, so identical to the ANSI one).
@_cdecl("SQLSetStmtAttrW")
public func odbcSetStmtAttrW(_ h: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.statement(h) { try setStmtAttrImpl($0, attribute, value, length) }
}

/// `SQLGetStmtAttr`.
@_cdecl("SQLGetStmtAttr")
public func odbcGetStmtAttr(_ h: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?,
                            _ bufferLength: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.statement(h) { try getStmtAttrImpl($0, attribute, value, bufferLength, length) }
}

/// `SQLGetStmtAttrW`.
@_cdecl("SQLGetStmtAttrW")
public func odbcGetStmtAttrW(_ h: UnsafeMutableRawPointer?, _ attribute: Int32, _ value: UnsafeMutableRawPointer?,
                             _ bufferLength: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.statement(h) { try getStmtAttrImpl($0, attribute, value, bufferLength, length) }
}
