/// Nullable(T): a null map beside T's values (a NULL stores T's default underneath).
final class NullableAppender: ValueAppender {
    let nested: any ValueAppender
    @exclusivity(unchecked) private var nullMap: [UInt8] = []

    init(nested: any ValueAppender) { self.nested = nested }

    var type: CHType { .nullable(nested.type) }
    var count: Int { nullMap.count }
    var readsEscapedText: Bool { nested.readsEscapedText }

    func appendText(_ text: UnsafeRawBufferPointer) throws {
        try nested.appendText(text)
        nullMap.append(0)
    }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try nested.appendQuoted(&cursor)
        nullMap.append(0)
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try nested.appendJSON(&cursor)
        nullMap.append(0)
    }

    func appendDefault() {
        nested.appendDefault()
        nullMap.append(1)
    }

    func appendNull() throws { appendDefault() }

    func truncate(to count: Int) {
        nested.truncate(to: count)
        nullMap.removeLast(max(0, nullMap.count - count))
    }

    func takeColumn() -> any Column {
        let column = NullableColumn(unchecked: nullMap, nested: nested.takeColumn())
        nullMap = []
        nullMap.reserveCapacity(column.nullMap.count)
        return column
    }
}
