/// Helpers of the families whose arguments are not plain lists of types: `JSON(...)`,
/// `Dynamic(max_types=N)` and `SimpleAggregateFunction(f, T)`.
extension TypeParser {
    /// `key = N` (spaces allowed) → N.
    static func setting(_ text: String, _ key: String) -> Int? {
        guard text.hasPrefix(key) else { return nil }
        let rest = text.dropFirst(key.count).drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        return Int(rest.dropFirst().trimmingSpaces)
    }

    /// `a.b.c Type` or `` `a b`.c Type `` → (`a.b.c` / `a b.c`, `Type`).
    static func typedPath(_ text: String, fail: (String) -> ClickHouseError) throws -> (String, String) {
        var path: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count, bytes[i] != 0x20 {
            if bytes[i] == 0x60 {
                i += 1
                while i < bytes.count, bytes[i] != 0x60 {
                    if bytes[i] == 0x5C, i + 1 < bytes.count { i += 1 }
                    path.append(bytes[i])
                    i += 1
                }
                guard i < bytes.count else { throw fail("unterminated path name") }
            } else {
                path.append(bytes[i])
            }
            i += 1
        }
        let typeText = String(decoding: bytes[i...], as: UTF8.self).trimmingSpaces
        guard !path.isEmpty, !typeText.isEmpty else { throw fail("expected 'path Type' in JSON") }
        return (String(decoding: path, as: UTF8.self), typeText)
    }

    /// Splits on commas outside parentheses and quotes; parts are trimmed.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var level = 0
        var quote: UInt8? = nil
        var escaped = false
        for b in text.utf8 {
            if let q = quote {
                current.append(b)
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == q { quote = nil }
                continue
            }
            switch b {
            case 0x27, 0x60, 0x22: quote = b
            case 0x28: level += 1
            case 0x29: level -= 1
            case 0x2C where level == 0:
                parts.append(String(decoding: current, as: UTF8.self).trimmingSpaces)
                current = []
                continue
            default: break
            }
            current.append(b)
        }
        let last = String(decoding: current, as: UTF8.self).trimmingSpaces
        if !last.isEmpty || !parts.isEmpty { parts.append(last) }
        return parts
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\n" || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\t" }.reversed())
    }
}
