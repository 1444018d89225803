/// Array(T): `[v1, v2]` in text (elements in the quoted syntax; a trailing comma allowed, as
/// the server allows it), a JSON array in JSON.
final class ArrayAppender: ValueAppender {
    let elements: any ValueAppender
    let context: ValueContext
    private var offsets: [UInt64] = []
    /// Arrays nest at most this deep.
    static let maximumDepth = 64

    init(elements: any ValueAppender, context: ValueContext) {
        self.elements = elements
        self.context = context
    }

    var type: CHType { .array(elements.type) }
    var count: Int { offsets.count }

    func appendText(_ text: UnsafeRawBufferPointer) throws { try appendWholeQuoted(text) }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.expect(UInt8(ascii: "["))
        while !cursor.consume(UInt8(ascii: "]")) {
            try elements.appendQuoted(&cursor)
            if cursor.consume(UInt8(ascii: "]")) { break }
            guard cursor.consume(UInt8(ascii: ",")) else { throw cursor.unexpected(expecting: "',' or ']'") }
        }
        offsets.append(UInt64(elements.count))
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.expect(UInt8(ascii: "["))
        if !cursor.consume(UInt8(ascii: "]")) {
            repeat { try elements.appendJSON(&cursor) } while cursor.consume(UInt8(ascii: ","))
            try cursor.expect(UInt8(ascii: "]"))
        }
        offsets.append(UInt64(elements.count))
    }

    func appendDefault() { offsets.append(UInt64(elements.count)) }

    func appendNull() throws { try nullAsDefault(context.settings) }

    func truncate(to count: Int) {
        if count < offsets.count { offsets.removeLast(offsets.count - count) }
        elements.truncate(to: Int(offsets.last ?? 0))
    }

    func takeColumn() -> any Column {
        let column = ArrayColumn(unchecked: offsets, elements: elements.takeColumn())
        offsets = []
        offsets.reserveCapacity(column.offsets.count)
        return column
    }
}
