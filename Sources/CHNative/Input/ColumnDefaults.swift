/// Which insert columns have a `DEFAULT` expression, read from the server's description of the
/// table (the TableColumns packet): the server evaluates such an expression for an omitted
/// JSON key or an empty CSV field, which a client sending native blocks cannot do.
struct ColumnDefaults: Sendable {
    /// Columns known to have no `DEFAULT` expression.
    private var plain: Set<String> = []
    /// Whether the description was read (without it every column may have one).
    private var known = false

    /// Reads a description such as "columns format version: 1\n2 columns:\n`a` Int32\n`s`
    /// String\tDEFAULT\t'x'\n"; `nil` or text in another shape leaves every column unknown.
    init(description: String?) {
        guard let description else { return }
        var lines = description.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first?.hasPrefix("columns format version: 1") == true else { return }
        lines = lines.dropFirst()
        guard let countLine = lines.first, countLine.hasSuffix(" columns:"),
              let count = Int(countLine.dropLast(" columns:".count)), count >= 0 else { return }
        lines = lines.dropFirst()
        var names: [String: Bool] = [:]
        for _ in 0..<min(count, 100_000) {
            guard let line = lines.first, let (name, rest) = Self.backquoted(line) else { return }
            lines = lines.dropFirst()
            // `name` Type[\tDEFAULT\texpression][\tCOMMENT\t…][\tCODEC(…)]…
            let kind = rest.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).dropFirst().first
            names[name] = kind != "DEFAULT" && kind != "EPHEMERAL"
        }
        plain = Set(names.filter(\.value).keys)
        known = true
    }

    /// Whether `column` may have a `DEFAULT` expression.
    func mayHaveDefault(_ column: String) -> Bool { !known || !plain.contains(column) }

    /// The name in a line starting with a backquoted identifier (backslash escapes), and the
    /// rest of the line after the space that follows it.
    private static func backquoted(_ line: Substring) -> (String, Substring)? {
        var bytes = Array(line.utf8)[...]
        guard bytes.first == UInt8(ascii: "`") else { return nil }
        bytes = bytes.dropFirst()
        var name: [UInt8] = []
        while let b = bytes.first {
            bytes = bytes.dropFirst()
            if b == UInt8(ascii: "\\"), let next = bytes.first {
                name.append(next)
                bytes = bytes.dropFirst()
            } else if b == UInt8(ascii: "`") {
                guard bytes.first == UInt8(ascii: " ") else { return nil }
                return (String(decoding: name, as: UTF8.self), Substring(String(decoding: bytes.dropFirst(), as: UTF8.self)))
            } else {
                name.append(b)
            }
        }
        return nil
    }
}
