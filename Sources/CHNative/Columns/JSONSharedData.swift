/// The shared data of a `JSON` column: per row, the paths beyond `max_dynamic_paths`, sorted,
/// each with its value as a binary-encoded `Dynamic` (binary type, then the `RowBinary` value).
/// On the wire an `Array(Tuple(String, String))`; kept raw (so the column re-encodes byte for
/// byte) and decoded.
public struct JSONSharedData: Sendable {
    /// Per row, the end of its entries (like an `Array`'s offsets).
    public private(set) var offsets: [UInt64]
    /// The entries' paths.
    public private(set) var paths: StringColumn
    /// The entries' values as they travel: binary type, then the value.
    public private(set) var rawValues: StringColumn
    /// The entries' values, decoded (`nil` for a value of type `Nothing`).
    public private(set) var values: [DynamicSharedValue?]

    init(emptyRows: Int = 0) {
        offsets = [UInt64](repeating: 0, count: emptyRows)
        paths = StringColumn()
        rawValues = StringColumn()
        values = []
    }

    /// Whether no row has shared paths.
    public var isEmpty: Bool { values.isEmpty }

    /// The entry indexes of `row`.
    public func entries(ofRow row: Int) -> Range<Int> {
        guard row < offsets.count else { return 0..<0 }
        let start = row == 0 ? 0 : Int(offsets[row - 1])
        return start..<Int(offsets[row])
    }

    mutating func append(path: [UInt8], raw: [UInt8], value: DynamicSharedValue?) {
        path.withUnsafeBytes { paths.append(bytes: $0) }
        raw.withUnsafeBytes { rawValues.append(bytes: $0) }
        values.append(value)
    }

    mutating func endRow() { offsets.append(UInt64(values.count)) }

    /// Reads the shared data of `rows` rows and decodes every value.
    static func read(_ r: ReadBuffer, rows: Int, context: DecodeContext, what: String) throws -> JSONSharedData {
        var out = JSONSharedData()
        out.offsets = try readOffsets(r, rows: rows, what: "\(what) shared data")
        let total = Int(out.offsets.last ?? 0)
        guard let p = try StringCodec().read(r, rows: total, context: context) as? StringColumn,
              let v = try StringCodec().read(r, rows: total, context: context) as? StringColumn else {
            throw ClickHouseError.protocolViolation("\(what): shared data did not decode as strings")
        }
        out.paths = p
        out.rawValues = v
        out.values = try SharedValueBatch.decode(v, context: context) { i in "\(what): shared data path '\(p.string(at: i))'" }
        return out
    }

    /// Writes the shared data of `rows` rows (empty rows when there is none).
    func write(to w: WriteBuffer, rows: Int) throws {
        guard offsets.count == rows else {
            throw ClickHouseError.invalidInput("JSON shared data has \(offsets.count) rows, the column \(rows)")
        }
        for o in offsets { w.writeLE(o) }
        guard !values.isEmpty else { return }
        try StringCodec().write(paths, to: w)
        try StringCodec().write(rawValues, to: w)
    }
}
