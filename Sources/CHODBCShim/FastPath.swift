import CHNative

/// A raw copy of one column of the current block for the per-row entry points
/// (`SQLFetch` + `SQLGetData` loops such as pyodbc's): plain memory, read without dynamic
/// casts, enum payload copies, reference counting or allocation. Built once per block for the
/// common column shapes; every other shape (and every unusual request) takes the general
/// conversion path, which stays the reference behaviour.
final class FastColumn {
    enum Kind {
        case uint64, int64, uint32, int32, float64, string
    }

    let kind: Kind
    let rows: Int
    /// NULL flags per row (Nullable columns), else nil.
    private let nulls: UnsafeMutableBufferPointer<UInt8>?
    /// Fixed-width values (8 bytes per row for 64-bit kinds, 4 for 32-bit ones).
    private let fixed: UnsafeMutableRawBufferPointer?
    /// String values: the wire layout (varint length, bytes) and where each row starts.
    private let data: UnsafeMutableBufferPointer<UInt8>?
    private let offsets: UnsafeMutableBufferPointer<Int>?

    private init(kind: Kind, rows: Int, nulls: [UInt8]?, fixed: UnsafeRawBufferPointer?,
                 data: [UInt8]?, offsets: [Int]?) {
        self.kind = kind
        self.rows = rows
        self.nulls = nulls.map(FastColumn.copy)
        self.data = data.map(FastColumn.copy)
        self.offsets = offsets.map(FastColumn.copy)
        if let fixed {
            let m = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, fixed.count), alignment: 8)
            m.copyMemory(from: fixed)
            self.fixed = m
        } else {
            self.fixed = nil
        }
    }

    deinit {
        nulls?.deallocate()
        fixed?.deallocate()
        data?.deallocate()
        offsets?.deallocate()
    }

    private static func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
        let m = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
        _ = m.initialize(from: a)
        return m
    }

    /// The fast view of `column`, or nil when its shape takes the general path.
    static func make(_ column: any Column) -> FastColumn? {
        var base: any Column = column
        var nulls: [UInt8]? = nil
        if let n = column as? NullableColumn {
            nulls = n.nullMap
            base = n.nested
        }
        let rows = column.count
        if let n = nulls, n.count != rows { return nil }
        func fixedView<T>(_ c: FixedWidthColumn<T>, _ kind: Kind) -> FastColumn? {
            guard c.values.count == rows else { return nil }
            return c.values.withUnsafeBytes { FastColumn(kind: kind, rows: rows, nulls: nulls, fixed: $0, data: nil, offsets: nil) }
        }
        switch base {
        case let s as StringColumn:
            guard s.count == rows, s.offsets.count == rows + 1 else { return nil }
            return FastColumn(kind: .string, rows: rows, nulls: nulls, fixed: nil, data: s.data, offsets: s.offsets)
        case let c as FixedWidthColumn<UInt64> where base.type == .uint64: return fixedView(c, .uint64)
        case let c as FixedWidthColumn<Int64> where base.type == .int64: return fixedView(c, .int64)
        case let c as FixedWidthColumn<UInt32> where base.type == .uint32: return fixedView(c, .uint32)
        case let c as FixedWidthColumn<Int32> where base.type == .int32: return fixedView(c, .int32)
        case let c as FixedWidthColumn<Double> where base.type == .float64: return fixedView(c, .float64)
        default: return nil
        }
    }

    @inline(__always)
    func isNull(_ row: Int) -> Bool {
        guard let nulls else { return false }
        return nulls[row] != 0
    }

    /// The integer at `row` as a signed and an unsigned reading (64-bit and 32-bit kinds).
    @inline(__always)
    private func integer(_ row: Int) -> (signed: Int64?, unsigned: UInt64?)? {
        guard let fixed else { return nil }
        switch kind {
        case .uint64:
            let v = fixed.load(fromByteOffset: row &* 8, as: UInt64.self)
            return (v <= UInt64(Int64.max) ? Int64(v) : nil, v)
        case .int64:
            let v = fixed.load(fromByteOffset: row &* 8, as: Int64.self)
            return (v, v >= 0 ? UInt64(v) : nil)
        case .uint32:
            let v = fixed.load(fromByteOffset: row &* 4, as: UInt32.self)
            return (Int64(v), UInt64(v))
        case .int32:
            let v = fixed.load(fromByteOffset: row &* 4, as: Int32.self)
            return (Int64(v), v >= 0 ? UInt64(v) : nil)
        case .float64, .string:
            return nil
        }
    }

    /// The bytes of string `row` (valid while this column lives).
    @inline(__always)
    private func bytes(_ row: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let data, let offsets, let base = data.baseAddress else { return nil }
        var p = offsets[row]
        let end = offsets[row &+ 1]
        guard p >= 0, end <= data.count, p < end else { return nil }
        while p < end && data[p] & 0x80 != 0 { p &+= 1 }
        p &+= 1
        guard p <= end else { return nil }
        return UnsafeBufferPointer(start: base + p, count: end &- p)
    }

    /// Writes the value at `row` as `cType` into `buffer` and returns `true`, or returns
    /// `false` (having written nothing) when the general path must handle the request:
    /// out-of-range values, non-ASCII text for `SQL_C_WCHAR`, values that do not fit, types
    /// this view does not cover.
    @inline(__always)
    func write(row: Int, cType: Int16, buffer: UnsafeMutableRawPointer?, bufferLength: Int,
               indicator: UnsafeMutablePointer<Int>?) -> Bool {
        guard let buffer else { return false }
        switch cType {
        case K.SQL_C_SBIGINT:
            guard let v = integer(row)?.signed else { return false }
            buffer.storeBytes(of: v, as: Int64.self)
            indicator?.pointee = 8
        case K.SQL_C_UBIGINT:
            guard let v = integer(row)?.unsigned else { return false }
            buffer.storeBytes(of: v, as: UInt64.self)
            indicator?.pointee = 8
        case K.SQL_C_LONG, K.SQL_C_SLONG:
            guard let v = integer(row)?.signed, let n = Int32(exactly: v) else { return false }
            buffer.storeBytes(of: n, as: Int32.self)
            indicator?.pointee = 4
        case K.SQL_C_ULONG:
            guard let v = integer(row)?.unsigned, let n = UInt32(exactly: v) else { return false }
            buffer.storeBytes(of: n, as: UInt32.self)
            indicator?.pointee = 4
        case K.SQL_C_DOUBLE:
            guard kind == .float64, let fixed else { return false }
            buffer.storeBytes(of: fixed.load(fromByteOffset: row &* 8, as: Double.self), as: Double.self)
            indicator?.pointee = 8
        case K.SQL_C_CHAR:
            guard kind == .string, let b = bytes(row), b.count < bufferLength else { return false }
            if let src = b.baseAddress, b.count > 0 { buffer.copyMemory(from: src, byteCount: b.count) }
            buffer.storeBytes(of: 0, toByteOffset: b.count, as: UInt8.self)
            indicator?.pointee = b.count
        case K.SQL_C_WCHAR:
            guard kind == .string, let b = bytes(row), (b.count &+ 1) &* 2 <= bufferLength else { return false }
            let out = buffer.assumingMemoryBound(to: UInt16.self)
            var i = 0
            while i < b.count {
                let c = b[i]
                if c >= 0x80 { return false }
                out[i] = UInt16(c)
                i &+= 1
            }
            out[b.count] = 0
            indicator?.pointee = b.count &* 2
        default:
            return false
        }
        return true
    }
}

/// The statement-side fast paths. Each returns nil when the call must go through the general
/// path (`Entry.run`), which then does the whole call again from the start: a fast path
/// changes nothing before it knows it can finish.
extension StatementHandle {
    /// `SQLFetch` of one row within the current block, nothing bound.
    @inline(__always)
    func fastFetch() -> Int16? {
        guard diagnostics.records.isEmpty, !rowset.active, rowInBlock >= 0, rowInBlock &+ 1 < fastRows,
              maxRows == 0 || rowsFetched < maxRows else { return nil }
        let ard = self.ard.unsafelyUnwrapped
        guard ard.arraySize <= 1, ard.records.isEmpty else { return nil }
        rowInBlock &+= 1
        rowsFetched &+= 1
        hasCurrentRow = true
        if pieces != nil { pieces = nil }
        let ird = self.ird.unsafelyUnwrapped
        if let p = ird.rowsProcessedPointer { p.pointee = 1 }
        if let st = ird.arrayStatusPointer { st[0] = K.SQL_ROW_SUCCESS }
        if diagnostics.returnCode != K.SQL_SUCCESS { diagnostics.returnCode = K.SQL_SUCCESS }
        return K.SQL_SUCCESS
    }

    /// `SQLGetData` of a whole value of a covered column, first call for that column.
    @inline(__always)
    func fastGetData(column: Int, cType: Int16, buffer: UnsafeMutableRawPointer?, bufferLength: Int,
                     indicator: UnsafeMutablePointer<Int>?) -> Int16? {
        guard diagnostics.records.isEmpty, !rowset.active, hasCurrentRow, column >= 1,
              rowInBlock >= 0, rowInBlock < fastRows else { return nil }
        if let p = pieces, p.column == column { return nil }
        if !fastBuilt { buildFastViews() }
        guard column <= fastViews.count, let u = fastViews[column &- 1] else { return nil }
        let f = u._withUnsafeGuaranteedRef { $0 }
        var c = cType
        if c == K.SQL_C_DEFAULT { c = defaultCTypes[column &- 1] }
        if f.isNull(rowInBlock) {
            guard let indicator else { return nil }
            indicator.pointee = K.SQL_NULL_DATA
        } else {
            guard f.write(row: rowInBlock, cType: c, buffer: buffer, bufferLength: bufferLength, indicator: indicator) else { return nil }
        }
        var done = PieceState()
        done.column = column
        done.finished = true
        pieces = done
        if diagnostics.returnCode != K.SQL_SUCCESS { diagnostics.returnCode = K.SQL_SUCCESS }
        return K.SQL_SUCCESS
    }

    /// Notes a new current block (or none); its fast views are built on the first
    /// `SQLGetData`, so applications that bind columns never pay for them.
    func setFastBlock(_ block: Block?) {
        fastColumns = []
        fastViews = []
        fastBuilt = false
        fastRows = block?.rowCount ?? 0
    }

    private func buildFastViews() {
        fastBuilt = true
        guard let block, block.rowCount == fastRows else { return }
        fastColumns = block.columns.map(FastColumn.make)
        fastViews = fastColumns.map { $0.map(Unmanaged.passUnretained) }
    }
}
