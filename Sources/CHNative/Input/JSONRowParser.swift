/// A JSONEachRow object: keys in any order naming columns (exactly; a key that matches a
/// column only ignoring case is refused, as servers differ on it), a key twice is refused,
/// unknown keys skipped only with `input_format_skip_unknown_fields`, a missing key is the
/// column's default.
final class JSONRowParser {
    private let scratch = TextEscapes.Scratch()
    /// The serial of the row in which each column last got a value.
    private var seenIn: [Int]
    private var serial = 0

    init(columns: ColumnSet) {
        seenIn = [Int](repeating: 0, count: columns.count)
    }

    /// Appends the object's value to every column.
    func parse(_ row: UnsafeRawBufferPointer, into columns: ColumnSet) throws {
        serial += 1
        var cursor = JSONCursor(row, scratch: scratch)
        try cursor.expect(UInt8(ascii: "{"))
        var expected = 0
        if !cursor.consume(UInt8(ascii: "}")) {
            repeat {
                let found = try cursor.key { key in try Self.column(named: key, in: columns, from: expected) }
                guard let column = found else {
                    try cursor.skipValue(depth: 0)
                    continue
                }
                guard seenIn[column] != serial else {
                    throw ColumnProblem(column: column, message: "the key appears twice in the object")
                }
                seenIn[column] = serial
                let appender = columns.appenders[column]
                if cursor.consumeNull() {
                    try appender.attributed(column) { try columns.appendNull(column) }
                } else {
                    try appender.attributed(column) { try appender.appendJSON(&cursor) }
                }
                expected = column + 1
            } while cursor.consume(UInt8(ascii: ","))
            try cursor.expect(UInt8(ascii: "}"))
        }
        cursor.skipSpace()
        guard cursor.atEnd else { throw cursor.unexpected(expecting: "the end of the object") }
        for column in 0..<columns.count where seenIn[column] != serial {
            try columns.appendOmitted(column, "the object has no key '\(columns.names[column])'", asInsertDefault: false)
        }
    }

    /// The column `key` names (tried first at `expected`, where keys in column order are);
    /// nil for a key to skip.
    private static func column(named key: UnsafeRawBufferPointer, in columns: ColumnSet, from expected: Int) throws -> Int? {
        let names = columns.nameBytes
        if expected < names.count, names[expected].elementsEqual(key) { return expected }
        if let i = names.firstIndex(where: { $0.count == key.count && $0.elementsEqual(key) }) { return i }
        if let i = names.firstIndex(where: { $0.count == key.count && zip($0, key).allSatisfy { lowered($0) == lowered($1) } }) {
            throw ColumnProblem(column: i, message: "the key \(ValueProblem.show(key)) matches the column only ignoring case (ClickHouse 26.9 takes it for the column, older servers do not); spell it as the column")
        }
        guard columns.settings.skipUnknownFields else {
            throw ValueProblem("the key \(ValueProblem.show(key)) names no column of the insert (input_format_skip_unknown_fields is off)")
        }
        return nil
    }

    private static func lowered(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}
