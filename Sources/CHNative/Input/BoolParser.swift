/// Bool: `true`/`false`, `1`/`0`, `t`/`f`, `y`/`n`, `yes`/`no`, `on`/`off`,
/// `enable`/`disable`, in any case (the spellings the server accepts); JSON true/false or 1/0.
struct BoolParser: ScalarTextParser {
    var type: CHType { .bool }
    var zero: UInt8 { 0 }
    var quotedInComposites: Bool { false }

    private static let words: [(String, UInt8)] = [
        ("true", 1), ("false", 0), ("1", 1), ("0", 0), ("t", 1), ("f", 0), ("y", 1), ("n", 0),
        ("yes", 1), ("no", 0), ("on", 1), ("off", 0), ("enable", 1), ("disable", 0),
    ]

    func parse(_ text: UnsafeRawBufferPointer) throws -> UInt8 {
        if text.count <= 7 {
            for (word, value) in Self.words where word.utf8.count == text.count {
                if zip(word.utf8, text).allSatisfy({ $0 == $1 | 0x20 }) { return value }
            }
        }
        throw invalid(text, "expected true or false")
    }

    func parseJSON(_ value: JSONScalar) throws -> UInt8 {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .number(let t) where t.count == 1 && (t[0] == UInt8(ascii: "0") || t[0] == UInt8(ascii: "1")):
            return t[0] - UInt8(ascii: "0")
        default: throw ValueProblem("expected true, false, 1 or 0 for Bool, found \(value.kindName)")
        }
    }
}
