extension Block {
    /// The column at `index` as the concrete column type `T`; throws naming the column, its
    /// ClickHouse type and the requested type otherwise.
    public func column<T: Column>(at index: Int, as: T.Type) throws -> T {
        guard index >= 0, index < columnCount else {
            throw ClickHouseError.invalidInput("no column at index \(index); the block has \(columnCount) columns")
        }
        guard let typed = columns[index] as? T else {
            throw ClickHouseError.invalidInput("column '\(names[index])' is \(columns[index].type.name) (\(type(of: columns[index]))), not \(T.self)")
        }
        return typed
    }

    /// Every value of the column named `name` decoded as `T` (with ``RowDecoder``'s
    /// conversions: `Int`, `String`, `Date`, `UUID`, `Decimal`, optionals, arrays, ...).
    ///
    /// ```swift
    /// let ids = try block.values(named: "id", as: UInt64.self)
    /// let scores = try block.values(named: "score", as: Double?.self)
    /// ```
    public func values<T: Decodable>(named name: String, as type: T.Type) throws -> [T] {
        guard let i = names.firstIndex(of: name) else {
            throw ClickHouseError.invalidInput("no column named '\(name)'; the block has \(names.joined(separator: ", "))")
        }
        let column = columns[i]
        return try (0..<rowCount).map { row in
            try decodeCell(type, Cell(column: column, row: row, columnName: name, rowNumber: row), path: [NamedKey(name)])
        }
    }
}
