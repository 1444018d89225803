// Descriptor functions: the header and record fields applications and the driver manager use.

func getDescFieldImpl(_ d: DescriptorHandle, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?,
                      _ capacity: Int32, _ length: UnsafeMutablePointer<Int32>?, wide: Bool) throws -> Int16 {
    guard let value else { throw ODBCError.nullPointer("ValuePtr") }
    func small(_ v: Int) -> Int16 { value.storeBytes(of: Int16(truncatingIfNeeded: v), as: Int16.self); length?.pointee = 2; return K.SQL_SUCCESS }
    func int32(_ v: Int) -> Int16 { value.storeBytes(of: Int32(truncatingIfNeeded: v), as: Int32.self); length?.pointee = 4; return K.SQL_SUCCESS }
    func len(_ v: Int) -> Int16 { value.storeBytes(of: v, as: Int.self); length?.pointee = 8; return K.SQL_SUCCESS }
    func ptr(_ p: UnsafeMutableRawPointer?) -> Int16 { value.storeBytes(of: p, as: UnsafeMutableRawPointer?.self); length?.pointee = 8; return K.SQL_SUCCESS }
    func text(_ s: String) throws -> Int16 {
        try StringOutput.put(s, buffer: value, capacity: Int(capacity), wide: wide, capacityInBytes: true,
                             diagnostics: &d.diagnostics) { length?.pointee = Int32(clamping: $0) }
        return K.SQL_SUCCESS
    }
    let statement = d.statement
    // Header fields
    switch field {
    case K.SQL_DESC_COUNT:
        if d.role == .implementationRow, let s = statement {
            try s.describeIfNeeded()
            return small(s.columns.count)
        }
        return small(d.records.count)
    case K.SQL_DESC_ALLOC_TYPE: return small(Int(d.role == .explicit ? K.SQL_DESC_ALLOC_USER : K.SQL_DESC_ALLOC_AUTO))
    case K.SQL_DESC_ARRAY_SIZE: return len(d.arraySize)
    case K.SQL_DESC_BIND_TYPE: return int32(d.bindType)
    case K.SQL_DESC_BIND_OFFSET_PTR: return ptr(UnsafeMutableRawPointer(d.bindOffsetPointer))
    case K.SQL_DESC_ARRAY_STATUS_PTR: return ptr(UnsafeMutableRawPointer(d.arrayStatusPointer))
    case K.SQL_DESC_ROWS_PROCESSED_PTR: return ptr(UnsafeMutableRawPointer(d.rowsProcessedPointer))
    default: break
    }
    guard number >= 1 else { throw ODBCError("07009", "invalid descriptor index \(number)") }
    if d.role == .implementationRow, let s = statement {
        try s.describeIfNeeded()
        guard Int(number) <= s.columns.count else { return K.SQL_NO_DATA }
        switch try s.attribute(column: Int(number), field: field) {
        case .number(let v):
            switch field {
            case K.SQL_DESC_LENGTH, K.SQL_DESC_OCTET_LENGTH, K.SQL_DESC_DISPLAY_SIZE: return len(v)
            case K.SQL_DESC_AUTO_UNIQUE_VALUE, K.SQL_DESC_CASE_SENSITIVE, K.SQL_DESC_NUM_PREC_RADIX: return int32(v)
            default: return small(v)
            }
        case .text(let t): return try text(t)
        }
    }
    guard Int(number) <= d.records.count else { return K.SQL_NO_DATA }
    let r = d.record(Int(number))
    switch field {
    case K.SQL_DESC_TYPE, K.SQL_DESC_CONCISE_TYPE: return small(Int(r.conciseType))
    case K.SQL_DESC_DATA_PTR: return ptr(r.dataPointer)
    case K.SQL_DESC_OCTET_LENGTH: return len(r.octetLength)
    case K.SQL_DESC_OCTET_LENGTH_PTR: return ptr(UnsafeMutableRawPointer(r.octetLengthPointer))
    case K.SQL_DESC_INDICATOR_PTR: return ptr(UnsafeMutableRawPointer(r.indicatorPointer))
    case K.SQL_DESC_PRECISION: return small(Int(r.precision))
    case K.SQL_DESC_SCALE: return small(Int(r.scale))
    case K.SQL_DESC_LENGTH: return len(r.length)
    case K.SQL_DESC_PARAMETER_TYPE: return small(Int(r.parameterType))
    case K.SQL_DESC_NULLABLE: return small(Int(K.SQL_NULLABLE))
    case K.SQL_DESC_NAME: return try text(r.name)
    case K.SQL_DESC_UNNAMED: return small(r.name.isEmpty ? 1 : 0)
    case K.SQL_DESC_DATETIME_INTERVAL_CODE: return small(0)
    default: throw ODBCError("HY091", "invalid descriptor field identifier \(field)")
    }
}

func setDescFieldImpl(_ d: DescriptorHandle, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?,
                      _ length: Int32, wide: Bool) throws -> Int16 {
    guard d.role != .implementationRow else { throw ODBCError("HY016", "cannot modify an implementation row descriptor") }
    let v = Int(bitPattern: value)
    switch field {
    case K.SQL_DESC_COUNT:
        guard v >= 0, v <= 32767 else { throw ODBCError("07009", "invalid descriptor count \(v)") }
        if v < d.records.count { d.records.removeLast(d.records.count - v) } else if v > d.records.count {
            d.setRecord(v, d.record(v))
        }
        return K.SQL_SUCCESS
    case K.SQL_DESC_ARRAY_SIZE:
        guard v >= 1 else { throw ODBCError("HY024", "invalid array size \(v)") }
        d.arraySize = v
        return K.SQL_SUCCESS
    case K.SQL_DESC_BIND_TYPE: d.bindType = v; return K.SQL_SUCCESS
    case K.SQL_DESC_BIND_OFFSET_PTR: d.bindOffsetPointer = value?.assumingMemoryBound(to: Int.self); return K.SQL_SUCCESS
    case K.SQL_DESC_ARRAY_STATUS_PTR: d.arrayStatusPointer = value?.assumingMemoryBound(to: UInt16.self); return K.SQL_SUCCESS
    case K.SQL_DESC_ROWS_PROCESSED_PTR: d.rowsProcessedPointer = value?.assumingMemoryBound(to: UInt.self); return K.SQL_SUCCESS
    case K.SQL_DESC_ALLOC_TYPE: throw ODBCError("HY091", "SQL_DESC_ALLOC_TYPE is read-only")
    default: break
    }
    guard number >= 1, number <= 32767 else { throw ODBCError("07009", "invalid descriptor index \(number)") }
    var r = d.record(Int(number))
    switch field {
    case K.SQL_DESC_TYPE, K.SQL_DESC_CONCISE_TYPE:
        let t = Int16(truncatingIfNeeded: v)
        if d.isApplication {
            guard Converter.isSupported(t) else { throw ODBCError("HY003", "invalid application buffer type \(t)") }
        }
        r.conciseType = t
    case K.SQL_DESC_DATA_PTR: r.dataPointer = value
    case K.SQL_DESC_OCTET_LENGTH: r.octetLength = v
    case K.SQL_DESC_OCTET_LENGTH_PTR: r.octetLengthPointer = value?.assumingMemoryBound(to: Int.self)
    case K.SQL_DESC_INDICATOR_PTR: r.indicatorPointer = value?.assumingMemoryBound(to: Int.self)
    case K.SQL_DESC_PRECISION: r.precision = Int16(truncatingIfNeeded: v)
    case K.SQL_DESC_SCALE: r.scale = Int16(truncatingIfNeeded: v)
    case K.SQL_DESC_LENGTH: r.length = v
    case K.SQL_DESC_PARAMETER_TYPE: r.parameterType = Int16(truncatingIfNeeded: v)
    case K.SQL_DESC_NAME: r.name = try Entry.text(value, Int(length), wide: wide, "SQL_DESC_NAME") ?? ""
    case K.SQL_DESC_DATETIME_INTERVAL_CODE, K.SQL_DESC_NULLABLE, K.SQL_DESC_UNNAMED: break
    default: throw ODBCError("HY091", "invalid descriptor field identifier \(field)")
    }
    d.setRecord(Int(number), r)
    return K.SQL_SUCCESS
}

/// `SQLGetDescField`.
@_cdecl("SQLGetDescField")
public func odbcGetDescField(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?,
                             _ capacity: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.descriptor(h) { try getDescFieldImpl($0, number, field, value, capacity, length, wide: false) }
}

/// `SQLGetDescFieldW`.
@_cdecl("SQLGetDescFieldW")
public func odbcGetDescFieldW(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?,
                              _ capacity: Int32, _ length: UnsafeMutablePointer<Int32>?) -> Int16 {
    Entry.descriptor(h) { try getDescFieldImpl($0, number, field, value, capacity, length, wide: true) }
}

/// `SQLSetDescField`.
@_cdecl("SQLSetDescField")
public func odbcSetDescField(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.descriptor(h) { try setDescFieldImpl($0, number, field, value, length, wide: false) }
}

/// `SQLSetDescFieldW`.
@_cdecl("SQLSetDescFieldW")
public func odbcSetDescFieldW(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ field: Int16, _ value: UnsafeMutableRawPointer?, _ length: Int32) -> Int16 {
    Entry.descriptor(h) { try setDescFieldImpl($0, number, field, value, length, wide: true) }
}

func getDescRecImpl(_ d: DescriptorHandle, _ number: Int16, _ name: UnsafeMutableRawPointer?, _ capacity: Int16,
                    _ nameLength: UnsafeMutablePointer<Int16>?, _ type: UnsafeMutablePointer<Int16>?, _ subType: UnsafeMutablePointer<Int16>?,
                    _ length: UnsafeMutablePointer<Int>?, _ precision: UnsafeMutablePointer<Int16>?, _ scale: UnsafeMutablePointer<Int16>?,
                    _ nullable: UnsafeMutablePointer<Int16>?, wide: Bool) throws -> Int16 {
    guard number >= 1 else { throw ODBCError("07009", "invalid descriptor index \(number)") }
    if d.role == .implementationRow, let s = d.statement {
        try s.describeIfNeeded()
        guard Int(number) <= s.columns.count else { return K.SQL_NO_DATA }
        let info = s.columns[Int(number) - 1]
        try StringOutput.put(s.columnNames[Int(number) - 1], buffer: name, capacity: Int(capacity), wide: wide, capacityInBytes: false,
                             diagnostics: &d.diagnostics) { nameLength?.pointee = Int16(clamping: $0) }
        type?.pointee = info.verboseType.type
        subType?.pointee = info.verboseType.subcode
        length?.pointee = info.octetLength
        precision?.pointee = Int16(clamping: info.columnSize)
        scale?.pointee = info.decimalDigits
        nullable?.pointee = info.nullable ? K.SQL_NULLABLE : K.SQL_NO_NULLS
        return K.SQL_SUCCESS
    }
    guard Int(number) <= d.records.count else { return K.SQL_NO_DATA }
    let r = d.record(Int(number))
    try StringOutput.put(r.name, buffer: name, capacity: Int(capacity), wide: wide, capacityInBytes: false,
                         diagnostics: &d.diagnostics) { nameLength?.pointee = Int16(clamping: $0) }
    type?.pointee = r.conciseType
    subType?.pointee = 0
    length?.pointee = r.octetLength
    precision?.pointee = r.precision
    scale?.pointee = r.scale
    nullable?.pointee = K.SQL_NULLABLE
    return K.SQL_SUCCESS
}

/// `SQLGetDescRec`.
@_cdecl("SQLGetDescRec")
public func odbcGetDescRec(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ name: UnsafeMutablePointer<UInt8>?, _ capacity: Int16,
                           _ nameLength: UnsafeMutablePointer<Int16>?, _ type: UnsafeMutablePointer<Int16>?, _ subType: UnsafeMutablePointer<Int16>?,
                           _ length: UnsafeMutablePointer<Int>?, _ precision: UnsafeMutablePointer<Int16>?, _ scale: UnsafeMutablePointer<Int16>?,
                           _ nullable: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.descriptor(h) { try getDescRecImpl($0, number, UnsafeMutableRawPointer(name), capacity, nameLength, type, subType, length, precision, scale, nullable, wide: false) }
}

/// `SQLGetDescRecW`.
@_cdecl("SQLGetDescRecW")
public func odbcGetDescRecW(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ name: UnsafeMutablePointer<UInt16>?, _ capacity: Int16,
                            _ nameLength: UnsafeMutablePointer<Int16>?, _ type: UnsafeMutablePointer<Int16>?, _ subType: UnsafeMutablePointer<Int16>?,
                            _ length: UnsafeMutablePointer<Int>?, _ precision: UnsafeMutablePointer<Int16>?, _ scale: UnsafeMutablePointer<Int16>?,
                            _ nullable: UnsafeMutablePointer<Int16>?) -> Int16 {
    Entry.descriptor(h) { try getDescRecImpl($0, number, UnsafeMutableRawPointer(name), capacity, nameLength, type, subType, length, precision, scale, nullable, wide: true) }
}

/// `SQLSetDescRec`.
@_cdecl("SQLSetDescRec")
public func odbcSetDescRec(_ h: UnsafeMutableRawPointer?, _ number: Int16, _ type: Int16, _ subType: Int16, _ length: Int,
                           _ precision: Int16, _ scale: Int16, _ data: UnsafeMutableRawPointer?,
                           _ stringLength: UnsafeMutablePointer<Int>?, _ indicator: UnsafeMutablePointer<Int>?) -> Int16 {
    Entry.descriptor(h) { d in
        guard d.role != .implementationRow else { throw ODBCError("HY016", "cannot modify an implementation row descriptor") }
        guard number >= 1 else { throw ODBCError("07009", "invalid descriptor index \(number)") }
        if d.isApplication && !Converter.isSupported(type) { throw ODBCError("HY003", "invalid application buffer type \(type)") }
        var r = d.record(Int(number))
        r.conciseType = type
        r.octetLength = length
        r.length = length
        r.precision = precision
        r.scale = scale
        r.dataPointer = data
        r.octetLengthPointer = stringLength
        r.indicatorPointer = indicator
        d.setRecord(Int(number), r)
        return K.SQL_SUCCESS
    }
}

/// `SQLCopyDesc`: copies records and header fields (not into an IRD).
@_cdecl("SQLCopyDesc")
public func odbcCopyDesc(_ source: UnsafeMutableRawPointer?, _ target: UnsafeMutableRawPointer?) -> Int16 {
    guard let src = HandleRegistry.lookup(source, kind: .descriptor) as? DescriptorHandle else { return K.SQL_INVALID_HANDLE }
    return Entry.descriptor(target) { dst in
        guard dst.role != .implementationRow else { throw ODBCError("HY016", "cannot modify an implementation row descriptor") }
        guard src.role != .implementationRow else { throw ODBCError.notImplemented("copying an implementation row descriptor") }
        dst.records = src.records
        dst.arraySize = src.arraySize
        dst.bindType = src.bindType
        dst.bindOffsetPointer = src.bindOffsetPointer
        dst.arrayStatusPointer = src.arrayStatusPointer
        dst.rowsProcessedPointer = src.rowsProcessedPointer
        return K.SQL_SUCCESS
    }
}
