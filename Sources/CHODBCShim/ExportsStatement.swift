// Preparing, executing, describing and fetching.

func prepareImpl(_ s: StatementHandle, _ text: String?) throws -> Int16 {
    guard let text else { throw ODBCError.nullPointer("StatementText") }
    try s.reset()
    try s.prepare(text)
    return K.SQL_SUCCESS
}

func execDirectImpl(_ s: StatementHandle, _ text: String?) throws -> Int16 {
    guard let text else { throw ODBCError.nullPointer("StatementText") }
    try s.reset()
    try s.prepare(text)
    s.prepared = false
    return try s.execute()
}

/// `SQLPrepare`: remembers the statement and its `?` markers (nothing is sent yet).
@_cdecl("SQLPrepare")
public func odbcPrepare(_ h: UnsafeMutableRawPointer?, _ text: UnsafeMutablePointer<UInt8>?, _ length: Int32) -> Int16 {
    Entry.statement(h) { try prepareImpl($0, try TextIO.ansi(text, Int(length), "StatementText")) }
}

/// `SQLPrepareW`.
@_cdecl("SQLPrepareW")
public func odbcPrepareW(_ h: UnsafeMutableRawPointer?, _ text: UnsafeMutablePointer<UInt16>?, _ length: Int32) -> Int16 {
    Entry.statement(h) { try prepareImpl($0, try TextIO.wide(text, Int(length), "StatementText")) }
}

/// `SQLExecute`: runs the prepared statement with the bound parameters.
@_cdecl("SQLExecute")
public func odbcExecute(_ h: UnsafeMutableRawPointer?) -> Int16 {
    Entry.statement(h) { s in
        guard s.prepared else { throw ODBCError.sequence("SQLExecute without SQLPrepare") }
        try s.reset()
        return try s.execute()
    }
}

/// `SQLExecDirect`.
@_cdecl("SQLExecDirect")
public func odbcExecDirect(_ h: UnsafeMutableRawPointer?, _ text: UnsafeMutablePointer<UInt8>?, _ length: Int32) -> Int16 {
    Entry.statement(h) { try execDirectImpl($0, try TextIO.ansi(text, Int(length), "StatementText")) }
}

/// `SQLExecDirectW`.
@_cdecl("SQLExecDirectW")
public func odbcExecDirectW(_ h: UnsafeMutableRawPointer?, _ text: UnsafeMutablePointer<UInt16>?, _ length: Int32) -> Int16 {
    Entry.statement(h) { try execDirectImpl($0, try TextIO.wide(text, Int(length), "StatementText")) }
}

/// `SQLNumResultCols`.
@_cdecl("SQLNumResultCols")
public func odbcNumResultCols(_ h: UnsafeMutableRawPointer?, _ count: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { s in
        guard let count else { throw ODBCError.nullPointer("ColumnCountPtr") }
        try s.describeIfNeeded()
        count.pointee = Int16(clamping: s.columns.count)
        return K.SQL_SUCCESS
    }
}

func describeColImpl(_ s: StatementHandle, _ n: UInt16, _ name: UnsafeMutableRawPointer?, _ capacity: Int16,
                     _ nameLength: UnsafeMutablePointer<Int16>?, _ type: UnsafeMutablePointer<Int16>?,
                     _ size: UnsafeMutablePointer<UInt>?, _ digits: UnsafeMutablePointer<Int16>?,
                     _ nullable: UnsafeMutablePointer<Int16>?, wide: Bool) throws -> Int16 {
    try s.describeIfNeeded()
    try s.checkColumn(Int(n))
    let info = s.columns[Int(n) - 1]
    try StringOutput.put(s.columnNames[Int(n) - 1], buffer: name, capacity: Int(capacity), wide: wide, capacityInBytes: false,
                         diagnostics: &s.diagnostics) { nameLength?.pointee = Int16(clamping: $0) }
    type?.pointee = info.sqlType
    size?.pointee = UInt(max(0, info.columnSize))
    digits?.pointee = info.decimalDigits
    nullable?.pointee = info.nullable ? K.SQL_NULLABLE : K.SQL_NO_NULLS
    return K.SQL_SUCCESS
}

/// `SQLDescribeCol`.
@_cdecl("SQLDescribeCol")
public func odbcDescribeCol(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ name: UnsafeMutablePointer<UInt8>?, _ capacity: Int16,
                            _ nameLength: UnsafeMutablePointer<Int16>?, _ type: UnsafeMutablePointer<Int16>?,
                            _ size: UnsafeMutablePointer<UInt>?, _ digits: UnsafeMutablePointer<Int16>?,
                            _ nullable: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { try describeColImpl($0, n, UnsafeMutableRawPointer(name), capacity, nameLength, type, size, digits, nullable, wide: false) }
}

/// `SQLDescribeColW`.
@_cdecl("SQLDescribeColW")
public func odbcDescribeColW(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ name: UnsafeMutablePointer<UInt16>?, _ capacity: Int16,
                             _ nameLength: UnsafeMutablePointer<Int16>?, _ type: UnsafeMutablePointer<Int16>?,
                             _ size: UnsafeMutablePointer<UInt>?, _ digits: UnsafeMutablePointer<Int16>?,
                             _ nullable: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { try describeColImpl($0, n, UnsafeMutableRawPointer(name), capacity, nameLength, type, size, digits, nullable, wide: true) }
}

func colAttributeImpl(_ s: StatementHandle, _ n: UInt16, _ field: UInt16, _ text: UnsafeMutableRawPointer?, _ capacity: Int16,
                      _ textLength: UnsafeMutablePointer<Int16>?, _ number: UnsafeMutablePointer<Int>?, wide: Bool) throws -> Int16 {
    try s.describeIfNeeded()
    switch try s.attribute(column: Int(n), field: Int16(truncatingIfNeeded: field)) {
    case .number(let v):
        number?.pointee = v
    case .text(let t):
        try StringOutput.put(t, buffer: text, capacity: Int(capacity), wide: wide, capacityInBytes: true,
                             diagnostics: &s.diagnostics) { textLength?.pointee = Int16(clamping: $0) }
    }
    return K.SQL_SUCCESS
}

/// `SQLColAttribute`.
@_cdecl("SQLColAttribute")
public func odbcColAttribute(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ field: UInt16, _ text: UnsafeMutableRawPointer?,
                             _ capacity: Int16, _ textLength: UnsafeMutablePointer<Int16>?, _ number: UnsafeMutablePointer<Int>?) -> Int16 {
    Entry.statement(h) { try colAttributeImpl($0, n, field, text, capacity, textLength, number, wide: false) }
}

/// `SQLColAttributeW`.
@_cdecl("SQLColAttributeW")
public func odbcColAttributeW(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ field: UInt16, _ text: UnsafeMutableRawPointer?,
                              _ capacity: Int16, _ textLength: UnsafeMutablePointer<Int16>?, _ number: UnsafeMutablePointer<Int>?) -> Int16 {
    Entry.statement(h) { try colAttributeImpl($0, n, field, text, capacity, textLength, number, wide: true) }
}

/// `SQLBindCol`: binds (or, with a null buffer and indicator, unbinds) a column.
@_cdecl("SQLBindCol")
public func odbcBindCol(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ cType: Int16, _ buffer: UnsafeMutableRawPointer?,
                        _ bufferLength: Int, _ indicator: UnsafeMutablePointer<Int>?) -> Int16 {
    Entry.statement(h) { s in
        guard n >= 1 else { throw ODBCError("07009", "invalid descriptor index 0: bookmarks are not supported") }
        guard Converter.isSupported(cType) || (buffer == nil && indicator == nil) else {
            throw ODBCError("HY003", "invalid application buffer type \(cType)")
        }
        guard bufferLength >= 0 else { throw ODBCError.badLength("BufferLength", bufferLength) }
        var rec = DescriptorRecord()
        if buffer != nil || indicator != nil {
            rec.conciseType = cType
            rec.dataPointer = buffer
            rec.octetLength = bufferLength
            rec.octetLengthPointer = indicator
            rec.indicatorPointer = indicator
            if cType == K.SQL_C_NUMERIC { rec.precision = 38; rec.scale = 0 }
        }
        s.ard.setRecord(Int(n), rec)
        s.ard.trim()
        return K.SQL_SUCCESS
    }
}

/// `SQLFetch`: the next row (or rowset, with `SQL_ATTR_ROW_ARRAY_SIZE`).
@_cdecl("SQLFetch")
public func odbcFetch(_ h: UnsafeMutableRawPointer?) -> Int16 {
    if let u = HandleRegistry.cachedStatement(h),
       let rc = u._withUnsafeGuaranteedRef({ s -> Int16? in
           s.lock.lock()
           defer { s.lock.unlock() }
           return s.fastFetch()
       }) {
        return rc
    }
    return Entry.statement(h) { try $0.fetch() }
}

/// `SQLFetchScroll`: forward-only, so only `SQL_FETCH_NEXT`.
@_cdecl("SQLFetchScroll")
public func odbcFetchScroll(_ h: UnsafeMutableRawPointer?, _ orientation: Int16, _ offset: Int) -> Int16 {
    Entry.statement(h) { s in
        guard orientation == K.SQL_FETCH_NEXT else {
            throw ODBCError("HY106", "fetch type out of range: the cursor is forward-only, only SQL_FETCH_NEXT is allowed")
        }
        return try s.fetch()
    }
}

/// `SQLGetData`: one column of the current row, piecewise for long text and binary values.
@_cdecl("SQLGetData")
public func odbcGetData(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ cType: Int16, _ buffer: UnsafeMutableRawPointer?,
                        _ bufferLength: Int, _ indicator: UnsafeMutablePointer<Int>?) -> Int16 {
    if let u = HandleRegistry.cachedStatement(h),
       let rc = u._withUnsafeGuaranteedRef({ s -> Int16? in
           s.lock.lock()
           defer { s.lock.unlock() }
           return s.fastGetData(column: Int(n), cType: cType, buffer: buffer, bufferLength: bufferLength, indicator: indicator)
       }) {
        return rc
    }
    return Entry.statement(h) { s in
        try s.getData(column: Int(n), target: Target(cType: cType, buffer: buffer, bufferLength: bufferLength,
                                                     lengthPointer: indicator, indicatorPointer: indicator, numericScale: nil))
    }
}

/// `SQLSetPos`: positions a block cursor on a row of the rowset for `SQLGetData`
/// (`SQL_POSITION` only: the cursor is read-only).
@_cdecl("SQLSetPos")
public func odbcSetPos(_ h: UnsafeMutableRawPointer?, _ row: UInt, _ operation: UInt16, _ lock: UInt16) -> Int16 {
    Entry.statement(h) { s in
        try s.setPosition(row: Int(clamping: row), operation: operation, lock: lock)
        return K.SQL_SUCCESS
    }
}

/// `SQLRowCount`: rows written by INSERT (or -1 when unknown, as for SELECT).
@_cdecl("SQLRowCount")
public func odbcRowCount(_ h: UnsafeMutableRawPointer?, _ count: UnsafeMutablePointer<Int>?) -> Int16 {
    Entry.statement(h) { s in
        guard let count else { throw ODBCError.nullPointer("RowCountPtr") }
        count.pointee = s.rowCount
        return K.SQL_SUCCESS
    }
}

/// `SQLMoreResults`: ClickHouse statements have a single result.
@_cdecl("SQLMoreResults")
public func odbcMoreResults(_ h: UnsafeMutableRawPointer?) -> Int16 {
    Entry.statement(h) { s in
        try s.closeCursor()
        return K.SQL_NO_DATA
    }
}

/// `SQLCloseCursor`: 24000 when no cursor is open.
@_cdecl("SQLCloseCursor")
public func odbcCloseCursor(_ h: UnsafeMutableRawPointer?) -> Int16 {
    Entry.statement(h) { s in
        guard s.hasCursor else { throw ODBCError("24000", "invalid cursor state: no cursor is open") }
        try s.closeCursor()
        return K.SQL_SUCCESS
    }
}

/// `SQLFreeStmt`: close the cursor, unbind columns, reset parameters, or drop (ODBC 2).
@_cdecl("SQLFreeStmt")
public func odbcFreeStmt(_ h: UnsafeMutableRawPointer?, _ option: UInt16) -> Int16 {
    Entry.statement(h) { s in
        switch option {
        case K.SQL_CLOSE: try s.closeCursor()
        case K.SQL_UNBIND: s.ard.records = []
        case K.SQL_RESET_PARAMS:
            s.apd.records = []
            s.ipd.records = []
        case K.SQL_DROP: freeStatement(s)
        default: throw ODBCError("HY092", "invalid option \(option) for SQLFreeStmt")
        }
        return K.SQL_SUCCESS
    }
}

/// `SQLCancel`: stops a query running on another thread. Does not wait for the handle's
/// lock (the executing thread holds it).
@_cdecl("SQLCancel")
public func odbcCancel(_ h: UnsafeMutableRawPointer?) -> Int16 {
    guard let s = HandleRegistry.lookup(h, kind: .statement) as? StatementHandle else { return K.SQL_INVALID_HANDLE }
    s.cancel()
    if s.lock.tryLock() {
        // Not executing: cancel any pending data-at-execution sequence.
        s.pendingDAE = []
        s.currentDAE = nil
        s.lock.unlock()
    }
    return K.SQL_SUCCESS
}

// MARK: Parameters

/// `SQLBindParameter`: input parameters only.
@_cdecl("SQLBindParameter")
public func odbcBindParameter(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ io: Int16, _ cType: Int16, _ sqlType: Int16,
                              _ columnSize: UInt, _ digits: Int16, _ value: UnsafeMutableRawPointer?, _ bufferLength: Int,
                              _ indicator: UnsafeMutablePointer<Int>?) -> Int16 {
    Entry.statement(h) { s in
        guard n >= 1 else { throw ODBCError("07009", "invalid descriptor index 0") }
        guard io == K.SQL_PARAM_INPUT else { throw ODBCError.notImplemented("output parameters (ClickHouse has no procedures)") }
        guard Converter.isSupported(cType) else { throw ODBCError("HY003", "invalid application buffer type \(cType)") }
        guard bufferLength >= 0 else { throw ODBCError.badLength("BufferLength", bufferLength) }
        var a = DescriptorRecord()
        a.conciseType = cType
        a.dataPointer = value
        a.octetLength = bufferLength
        a.octetLengthPointer = indicator
        a.indicatorPointer = indicator
        a.scale = digits
        s.apd.setRecord(Int(n), a)
        var i = DescriptorRecord()
        i.conciseType = sqlType
        i.length = Int(truncatingIfNeeded: columnSize)
        i.scale = digits
        i.parameterType = io
        s.ipd.setRecord(Int(n), i)
        return K.SQL_SUCCESS
    }
}

/// `SQLNumParams`: the number of `?` markers.
@_cdecl("SQLNumParams")
public func odbcNumParams(_ h: UnsafeMutableRawPointer?, _ count: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { s in
        guard s.sql != nil else { throw ODBCError.sequence("no statement prepared") }
        count?.pointee = Int16(clamping: s.markers.count)
        return K.SQL_SUCCESS
    }
}

/// `SQLDescribeParam`: ClickHouse cannot describe markers, so every parameter is reported as
/// nullable text (the server converts literals to the column's type).
@_cdecl("SQLDescribeParam")
public func odbcDescribeParam(_ h: UnsafeMutableRawPointer?, _ n: UInt16, _ type: UnsafeMutablePointer<Int16>?,
                              _ size: UnsafeMutablePointer<UInt>?, _ digits: UnsafeMutablePointer<Int16>?,
                              _ nullable: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { s in
        guard s.sql != nil else { throw ODBCError.sequence("no statement prepared") }
        guard n >= 1 && Int(n) <= s.markers.count else { throw ODBCError("07009", "invalid descriptor index \(n) of \(s.markers.count) parameters") }
        let declared = s.ipd.record(Int(n)).conciseType
        type?.pointee = declared != K.SQL_C_DEFAULT && declared != 0 ? declared : (s.connection.wide ? K.SQL_WVARCHAR : K.SQL_VARCHAR)
        size?.pointee = UInt(s.connection.typeOptions.varcharLength)
        digits?.pointee = 0
        nullable?.pointee = K.SQL_NULLABLE
        return K.SQL_SUCCESS
    }
}

/// `SQLParamData`: the data-at-execution sequence.
@_cdecl("SQLParamData")
public func odbcParamData(_ h: UnsafeMutableRawPointer?, _ value: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int16 {
    Entry.statement(h) { try $0.paramData(value) }
}

/// `SQLPutData`: a piece of a data-at-execution parameter.
@_cdecl("SQLPutData")
public func odbcPutData(_ h: UnsafeMutableRawPointer?, _ data: UnsafeMutableRawPointer?, _ length: Int) -> Int16 {
    Entry.statement(h) { s in
        try s.putData(data, length)
        return K.SQL_SUCCESS
    }
}

// MARK: Cursor names

func getCursorNameImpl(_ s: StatementHandle, _ out: UnsafeMutableRawPointer?, _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?, wide: Bool) throws -> Int16 {
    if s.cursorName.isEmpty { s.cursorName = "SQL_CUR\(UInt(bitPattern: s.pointer) & 0xFFFFFF)" }
    try StringOutput.put(s.cursorName, buffer: out, capacity: Int(capacity), wide: wide, capacityInBytes: false,
                         diagnostics: &s.diagnostics) { length?.pointee = Int16(clamping: $0) }
    return K.SQL_SUCCESS
}

/// `SQLGetCursorName`.
@_cdecl("SQLGetCursorName")
public func odbcGetCursorName(_ h: UnsafeMutableRawPointer?, _ out: UnsafeMutablePointer<UInt8>?, _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { try getCursorNameImpl($0, UnsafeMutableRawPointer(out), capacity, length, wide: false) }
}

/// `SQLGetCursorNameW`.
@_cdecl("SQLGetCursorNameW")
public func odbcGetCursorNameW(_ h: UnsafeMutableRawPointer?, _ out: UnsafeMutablePointer<UInt16>?, _ capacity: Int16, _ length: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.statement(h) { try getCursorNameImpl($0, UnsafeMutableRawPointer(out), capacity, length, wide: true) }
}

/// `SQLSetCursorName`.
@_cdecl("SQLSetCursorName")
public func odbcSetCursorName(_ h: UnsafeMutableRawPointer?, _ name: UnsafeMutablePointer<UInt8>?, _ length: Int16) -> Int16 {
    Entry.statement(h) { s in
        guard let n = try TextIO.ansi(name, Int(length), "CursorName") else { throw ODBCError.nullPointer("CursorName") }
        s.cursorName = n
        return K.SQL_SUCCESS
    }
}

/// `SQLSetCursorNameW`.
@_cdecl("SQLSetCursorNameW")
public func odbcSetCursorNameW(_ h: UnsafeMutableRawPointer?, _ name: UnsafeMutablePointer<UInt16>?, _ length: Int16) -> Int16 {
    Entry.statement(h) { s in
        guard let n = try TextIO.wide(name, Int(length), "CursorName") else { throw ODBCError.nullPointer("CursorName") }
        s.cursorName = n
        return K.SQL_SUCCESS
    }
}
