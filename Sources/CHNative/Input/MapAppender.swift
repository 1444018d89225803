/// Map(K, V): `{k: v, …}` in text, a JSON object in JSON (its keys parsed as K's text).
final class MapAppender: ValueAppender {
    let keys: any ValueAppender
    let values: any ValueAppender
    let context: ValueContext
    private var offsets: [UInt64] = []

    init(keys: any ValueAppender, values: any ValueAppender, context: ValueContext) {
        self.keys = keys
        self.values = values
        self.context = context
    }

    var type: CHType { .map(key: keys.type, value: values.type) }
    var count: Int { offsets.count }

    func appendText(_ text: UnsafeRawBufferPointer) throws { try appendWholeQuoted(text) }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.expect(UInt8(ascii: "{"))
        while !cursor.consume(UInt8(ascii: "}")) {
            try keys.appendQuoted(&cursor)
            try cursor.expect(UInt8(ascii: ":"))
            try values.appendQuoted(&cursor)
            if cursor.consume(UInt8(ascii: "}")) { break }
            guard cursor.consume(UInt8(ascii: ",")) else { throw cursor.unexpected(expecting: "',' or '}'") }
        }
        offsets.append(UInt64(keys.count))
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try cursor.expect(UInt8(ascii: "{"))
        if !cursor.consume(UInt8(ascii: "}")) {
            repeat {
                let keys = self.keys
                try cursor.key { try keys.appendText($0) }
                try values.appendJSON(&cursor)
            } while cursor.consume(UInt8(ascii: ","))
            try cursor.expect(UInt8(ascii: "}"))
        }
        offsets.append(UInt64(keys.count))
    }

    func appendDefault() { offsets.append(UInt64(keys.count)) }

    func appendNull() throws { try nullAsDefault(context.settings) }

    func truncate(to count: Int) {
        if count < offsets.count { offsets.removeLast(offsets.count - count) }
        let entries = Int(offsets.last ?? 0)
        keys.truncate(to: entries)
        values.truncate(to: entries)
    }

    func takeColumn() -> any Column {
        let column = MapColumn(unchecked: offsets, keys: keys.takeColumn(), values: values.takeColumn())
        offsets = []
        offsets.reserveCapacity(column.offsets.count)
        return column
    }
}
