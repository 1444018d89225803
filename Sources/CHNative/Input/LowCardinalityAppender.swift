/// LowCardinality(T) and LowCardinality(Nullable(T)): each distinct value once in a
/// dictionary (per block), an index per row; in the nullable form index 0 is NULL.
final class LowCardinalityAppender: ValueAppender {
    let dictionary: any KeyAppender
    let nullable: Bool
    let context: ValueContext
    private var indexes: [UInt32] = []
    /// Dictionary positions by the hash of their value.
    private var positions: [Int: [UInt32]] = [:]

    init(dictionary: any KeyAppender, nullable: Bool, context: ValueContext) {
        self.dictionary = dictionary
        self.nullable = nullable
        self.context = context
        reset()
    }

    private func reset() {
        positions = [:]
        // The nullable form's index 0 is NULL: a default value no row points to as a value.
        if nullable { dictionary.appendDefault() }
    }

    var type: CHType { .lowCardinality(nullable ? .nullable(dictionary.type) : dictionary.type) }
    var count: Int { indexes.count }
    var readsEscapedText: Bool { dictionary.readsEscapedText }

    /// Keeps the value just appended to the dictionary, or drops it for an equal earlier one.
    private func settle() {
        let row = dictionary.count - 1
        var hasher = Hasher()
        dictionary.hashValue(at: row, into: &hasher)
        let hash = hasher.finalize()
        if let same = positions[hash]?.first(where: { dictionary.equalValues(Int($0), row) }) {
            dictionary.truncate(to: row)
            indexes.append(same)
        } else {
            positions[hash, default: []].append(UInt32(row))
            indexes.append(UInt32(row))
        }
    }

    func appendText(_ text: UnsafeRawBufferPointer) throws {
        try dictionary.appendText(text)
        settle()
    }

    func appendQuoted(_ cursor: inout QuotedCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try dictionary.appendQuoted(&cursor)
        settle()
    }

    func appendJSON(_ cursor: inout JSONCursor) throws {
        if cursor.consumeNull() { return try appendNull() }
        try dictionary.appendJSON(&cursor)
        settle()
    }

    func appendDefault() {
        if nullable {
            indexes.append(0)
        } else {
            dictionary.appendDefault()
            settle()
        }
    }

    func appendNull() throws {
        if nullable { indexes.append(0) } else { try nullAsDefault(context.settings) }
    }

    /// Drops rows; their dictionary values stay (unused values are harmless).
    func truncate(to count: Int) { indexes.removeLast(max(0, indexes.count - count)) }

    func takeColumn() -> any Column {
        let inner: CHType = nullable ? .nullable(dictionary.type) : dictionary.type
        let column = LowCardinalityColumn(unchecked: inner, dictionary: dictionary.takeColumn(), indexes: indexes)
        indexes = []
        indexes.reserveCapacity(column.indexes.count)
        reset()
        return column
    }
}
