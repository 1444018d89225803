/// A row of text input that cannot be inserted exactly: where it is and why.
package struct TextInputError: Error, CustomStringConvertible, Sendable {
    /// The 1-based number of the data row (a header row detected and skipped is not counted).
    package var row: Int
    /// The 1-based line of the input where the row starts.
    package var line: Int
    /// The column whose value is refused, when the problem is one value.
    package var column: String?
    /// What is wrong.
    package var message: String

    package var description: String {
        let place = column.map { "row \(row) (line \(line)), column '\($0)'" } ?? "row \(row) (line \(line))"
        return "\(place): \(message)"
    }
}

/// The reason one value or row is refused; the block reader adds the row, line and column.
struct ValueProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Input that cannot be parsed before the first row: an unsupported column type or setting.
package struct TextInputUnsupported: Error, CustomStringConvertible, Sendable {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

extension ValueProblem {
    /// `text` shown in a message: at most 40 bytes, as (lossy) UTF-8.
    static func show(_ text: UnsafeRawBufferPointer) -> String {
        let shown = String(decoding: text.prefix(40), as: UTF8.self)
        return "'" + shown + (text.count > 40 ? "…" : "") + "'"
    }
}
