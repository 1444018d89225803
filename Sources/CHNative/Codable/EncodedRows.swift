/// `Encodable` rows taken apart into per-column values, ready to be built into blocks of the
/// table's types once the server's sample block is known.
struct EncodedRows: Sendable {
    /// Column names in first-seen order.
    let columns: [String]
    /// Per row, its value for each of ``columns`` (`.null` where the row has none).
    let rows: [[EncodedValue]]

    init<T: Encodable>(_ values: [T]) throws {
        let encoder = RowEncoder()
        var columns: [String] = []
        var position: [String: Int] = [:]
        var rows: [[EncodedValue]] = []
        rows.reserveCapacity(values.count)
        for (i, value) in values.enumerated() {
            guard case .object(let fields) = try encoder.encode(value) else {
                throw ClickHouseError.invalidInput("row \(i) of the insert is not a struct (keyed container) whose keys name columns")
            }
            var row = [EncodedValue](repeating: .null, count: columns.count)
            for f in fields {
                if let p = position[f.key] {
                    row[p] = f.value
                } else {
                    position[f.key] = columns.count
                    columns.append(f.key)
                    row.append(f.value)
                }
            }
            rows.append(row)
        }
        self.columns = columns
        self.rows = rows.map { $0.count < columns.count ? $0 + Array(repeating: .null, count: columns.count - $0.count) : $0 }
    }

    /// Blocks of at most `blockSize` rows in the sample block's column order and types.
    func blocks(for sample: Block, blockSize: Int) throws -> [(Block, [String])] {
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sources: [Int] = try sample.names.map { name in
            guard let i = index[name] else {
                throw ClickHouseError.invalidInput("the server expects column '\(name)', which the rows do not have")
            }
            return i
        }
        if let extra = columns.first(where: { !sample.names.contains($0) }) {
            throw ClickHouseError.invalidInput("column '\(extra)' is not among the table's columns (\(sample.names.joined(separator: ", ")))")
        }
        let types = sample.columns.map(\.type)
        var out: [(Block, [String])] = []
        var start = 0
        let size = max(1, blockSize)
        while start < rows.count {
            let end = min(rows.count, start + size)
            var built: [any Column] = []
            for (c, source) in sources.enumerated() {
                let values = rows[start..<end].map { $0[source] }
                let builder = ColumnBuilder(name: sample.names[c], origins: Array(start..<end))
                built.append(try builder.build(types[c], values))
            }
            out.append((Block(unchecked: sample.names, columns: built), types.map(\.name)))
            start = end
        }
        return out
    }
}
