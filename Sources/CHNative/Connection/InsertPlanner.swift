/// Matches user blocks to the server's sample block for an insert.
enum InsertPlanner {
    /// Reorders `block`'s columns to the sample's order, converting where safe, and returns
    /// the server's type names to send; throws naming the offending column otherwise.
    static func conform(_ block: Block, to sample: Block) throws -> (Block, [String]) {
        let wanted = Set(sample.names)
        if let extra = block.names.first(where: { !wanted.contains($0) }) {
            throw ClickHouseError.invalidInput("column '\(extra)' is not among the insert's columns (\(sample.names.joined(separator: ", ")))")
        }
        var columns: [any Column] = []
        var typeNames: [String] = []
        for (i, name) in sample.names.enumerated() {
            guard let column = block.column(named: name) else {
                throw ClickHouseError.invalidInput("column '\(name)' is missing from the data")
            }
            let expected = sample.columns[i].type
            columns.append(try convert(column, to: expected, name: name))
            typeNames.append(expected.name)
        }
        return (Block(unchecked: sample.names, columns: columns), typeNames)
    }

    static func convert(_ column: any Column, to expected: CHType, name: String) throws -> any Column {
        let actual = column.type
        if actual == expected || actual.wireType == expected.wireType { return column }
        switch expected {
        case .nullable(let inner) where actual == inner || sameStorage(actual, inner):
            return NullableColumn(unchecked: [UInt8](repeating: 0, count: column.count), nested: try convert(column, to: inner, name: name))
        case .lowCardinality(let inner):
            if let s = column as? StringColumn, inner.unwrapped == .string {
                let strings: [String?] = (0..<s.count).map { s.string(at: $0) }
                return try LowCardinalityColumn(strings: strings, nullable: inner.isNullable)
            }
            if let n = column as? NullableColumn, let s = n.nested as? StringColumn, inner == .nullable(.string) {
                let strings: [String?] = (0..<s.count).map { n.nullMap[$0] != 0 ? nil : s.string(at: $0) }
                return try LowCardinalityColumn(strings: strings, nullable: true)
            }
        case .array(let inner):
            if let a = column as? ArrayColumn {
                return ArrayColumn(unchecked: a.offsets, elements: try convert(a.elements, to: inner, name: name))
            }
        default:
            if sameStorage(actual, expected), let retyped = retype(column, as: expected) { return retyped }
        }
        throw ClickHouseError.invalidInput("column '\(name)': the table expects \(expected.name), the data is \(actual.name)")
    }

    /// DateTime columns built without a timezone may go into DateTime('tz') columns and vice versa.
    static func sameStorage(_ a: CHType, _ b: CHType) -> Bool {
        switch (a, b) {
        case (.dateTime, .dateTime): return true
        case (.dateTime64(let p, _), .dateTime64(let q, _)): return p == q
        default: return false
        }
    }

    static func retype(_ column: any Column, as type: CHType) -> (any Column)? {
        if let c = column as? FixedWidthColumn<UInt32> { return FixedWidthColumn(uncheckedType: type, values: c.values, defaultTimezone: c.defaultTimezone) }
        if let c = column as? FixedWidthColumn<Int64> { return FixedWidthColumn(uncheckedType: type, values: c.values, defaultTimezone: c.defaultTimezone) }
        return nil
    }
}
