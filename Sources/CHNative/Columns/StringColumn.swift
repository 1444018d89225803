/// A `String` column: every value's bytes in one contiguous buffer plus row offsets.
///
/// The buffer keeps the wire layout (a varint length before each value), so decoding is one
/// scan plus one bulk copy and encoding is a single write. ClickHouse strings are arbitrary
/// bytes; use ``bytes(at:)`` / ``withBytes(at:_:)`` for exact access, ``string(at:)`` for
/// UTF-8 text.
public struct StringColumn: Column {
    public var type: CHType { .string }
    /// Values in wire layout: varint length, then the bytes, for each row.
    public private(set) var data: [UInt8]
    /// `offsets[i]` is where row `i`'s record starts in ``data``; `offsets[count]` is its end.
    public private(set) var offsets: [Int]

    /// An empty column.
    public init() {
        data = []
        offsets = [0]
    }

    /// A column of the UTF-8 bytes of `strings`.
    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for s in strings { append(s) }
    }

    /// A column of raw byte strings.
    public init(byteStrings: [[UInt8]]) {
        self.init()
        for b in byteStrings { b.withUnsafeBytes { append(bytes: $0) } }
    }

    init(data: [UInt8], offsets: [Int]) {
        self.data = data
        self.offsets = offsets
    }

    public var count: Int { offsets.count - 1 }

    /// Appends one value.
    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends one value from raw bytes.
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        var n = UInt64(bytes.count)
        while n >= 0x80 {
            data.append(UInt8(truncatingIfNeeded: n) | 0x80)
            n >>= 7
        }
        data.append(UInt8(n))
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    /// Byte range of row `row`'s value within ``data``.
    @inline(__always)
    public func range(at row: Int) -> Range<Int> {
        var p = offsets[row]
        let end = offsets[row + 1]
        while p < end && data[p] & 0x80 != 0 { p += 1 }
        return (p + 1) ..< end
    }

    /// Calls `body` with the bytes of row `row` (valid only inside `body`).
    @inline(__always)
    public func withBytes<R>(at row: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let r = range(at: row)
        return try data.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[r])) }
    }

    /// The bytes of row `row`.
    public func bytes(at row: Int) -> [UInt8] { Array(data[range(at: row)]) }

    /// Row `row` decoded as UTF-8 (invalid sequences replaced).
    public func string(at row: Int) -> String { withBytes(at: row) { String(decoding: $0, as: UTF8.self) } }

    public func value(at row: Int) -> CHValue { .bytes(bytes(at: row)) }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        withBytes(at: row) { b in
            switch style {
            case .tabSeparated: TextEscaping.appendEscaped(b, quoted: false, to: &out)
            case .quoted: TextEscaping.appendEscaped(b, quoted: true, to: &out)
            case .json: TextEscaping.appendJSON(b, to: &out)
            }
        }
    }
}

/// Reads and writes ``StringColumn``s.
final class StringCodec: ColumnCodec {
    let type: CHType = .string

    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column {
        var offsets = r.recycler?.take(Int.self) ?? []
        var data = r.recycler?.take(UInt8.self) ?? []
        data.removeAll(keepingCapacity: true)
        if data.capacity == 0 { data.reserveCapacity(min(rows, 1 << 16) * 8) }
        if offsets.capacity == 0 { offsets.reserveCapacity(min(rows, 1 << 16) + 1) }
        // Reused storage usually has the right count already (the previous block had as many
        // rows), so this and the first chunk's resize below do no work.
        Self.resize(&offsets, to: 1 + min(rows, 1 << 16))
        offsets.withUnsafeMutableBufferPointer { $0[0] = 0 }
        var row = 0
        while row < rows {
            // Offsets are written through a pointer, a chunk of rows at a time (so a corrupt
            // row count cannot force a huge allocation before the data has arrived).
            let chunkRows = min(rows - row, 1 << 16)
            let firstSlot = row + 1
            Self.resize(&offsets, to: firstSlot + chunkRows)
            var done = 0
            while done < chunkRows {
                let avail = r.available
                let base = r.readPointer
                let dataBase = data.count
                // Scan whole records in the buffered bytes; a record cut by the end of the
                // buffer is finished after a refill.
                let (scanned, consumed, need) = try offsets.withUnsafeMutableBufferPointer { out -> (Int, Int, Int) in
                    try Self.scan(base, available: avail, maximumLength: r.maximumContiguous,
                                  into: out, from: firstSlot + done, rows: chunkRows - done, dataBase: dataBase)
                }
                if consumed > 0 {
                    data.append(contentsOf: UnsafeRawBufferPointer(start: base, count: consumed))
                    r.readIndex &+= consumed
                }
                done += scanned
                if done < chunkRows { try r.ensure(need) }
            }
            row += chunkRows
        }
        r.recycler?.keep(offsets)
        r.recycler?.keep(data)
        return StringColumn(data: data, offsets: offsets)
    }

    private static let zeroOffsets = [Int](repeating: 0, count: 8192)

    /// Gives `offsets` exactly `count` elements (new ones zero) with bulk operations.
    private static func resize(_ offsets: inout [Int], to count: Int) {
        if offsets.count > count {
            offsets.removeLast(offsets.count - count)
        }
        while offsets.count < count {
            offsets.append(contentsOf: zeroOffsets[0 ..< min(zeroOffsets.count, count - offsets.count)])
        }
    }

    /// Scans up to `rows` complete records (varint length, bytes) in `avail` bytes at `base`,
    /// writing each record's end offset (plus `dataBase`) to `out[from...]`. Returns the
    /// records scanned, the bytes they span and, when it stopped early, how many bytes the
    /// next record needs to be complete. Every access stays within `avail` bytes and `out`.
    @inline(__always)
    private static func scan(_ base: UnsafeRawPointer, available avail: Int, maximumLength: Int,
                             into out: UnsafeMutableBufferPointer<Int>, from: Int, rows: Int,
                             dataBase: Int) throws -> (Int, Int, Int) {
        guard let slots = out.baseAddress, from >= 0, from + rows <= out.count else {
            throw ClickHouseError.protocolViolation("internal: string offsets out of range")
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var pos = 0
        var scanned = 0
        while scanned < rows {
            if pos >= avail { return (scanned, pos, 1) }
            var len = Int(bytes[pos])
            var header = 1
            if len >= 0x80 {
                // Multi-byte varint.
                len &= 0x7F
                var shift = 7
                var complete = false
                while pos + header < avail {
                    let b = Int(bytes[pos + header])
                    header += 1
                    len |= (b & 0x7F) << shift
                    if b < 0x80 { complete = true; break }
                    shift += 7
                    if shift > 56 { throw ClickHouseError.protocolViolation("string length varint too long in column of type String") }
                }
                if !complete { return (scanned, pos, header + 1) }
                guard len <= maximumLength else {
                    throw ClickHouseError.protocolViolation("string of \(len) bytes exceeds the limit of \(maximumLength) bytes")
                }
            }
            let end = pos + header + len
            if end > avail { return (scanned, pos, header + len) }
            pos = end
            slots[from + scanned] = dataBase + pos
            scanned += 1
        }
        return (scanned, pos, 0)
    }

    func write(_ column: any Column, to w: WriteBuffer) throws {
        guard let c = column as? StringColumn else { throw ClickHouseError.invalidInput("expected a String column, got \(column.type.name)") }
        try c.data.withUnsafeBytes { try w.writeBulk($0) }
    }
}
