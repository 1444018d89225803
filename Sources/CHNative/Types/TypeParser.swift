/// Parses ClickHouse type names (`Array(Nullable(DateTime64(3, 'Europe/Berlin')))`, enums with
/// quoted names and escapes, named tuples with backquoted names) into ``CHType``.
public enum TypeParser {
    /// Parses a full type name; throws ``ClickHouseError/unsupportedType(_:)`` naming the type
    /// when it is malformed or unknown.
    public static func parse(_ text: String) throws -> CHType {
        var p = Cursor(Array(text.utf8), original: text)
        let t = try p.parseType()
        p.skipSpaces()
        guard p.atEnd else { throw p.error("unexpected text after the type") }
        return t
    }

    /// A node of the raw syntax: a name with optional arguments.
    indirect enum Node {
        case type(name: String, args: [Node]?)
        case string(String)
        case number(String)
        case enumCase(String, String)
        case named(String, Node)
        /// A type whose arguments are kept as raw text (`JSON(...)`, `AggregateFunction(...)`).
        case raw(name: String, text: String)
    }


    struct Cursor {
        let bytes: [UInt8]
        let original: String
        var i = 0
        var depth = 0

        init(_ bytes: [UInt8], original: String) {
            self.bytes = bytes
            self.original = original
        }

        var atEnd: Bool { i >= bytes.count }

        func error(_ what: String) -> ClickHouseError {
            .unsupportedType("cannot parse type '\(original)': \(what) at offset \(i)")
        }

        mutating func skipSpaces() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 { i += 1 }
        }

        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

        static func isIdent(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
        }

        mutating func identifier() throws -> String {
            skipSpaces()
            if peek() == 0x60 { return try quoted(0x60) }
            let start = i
            while i < bytes.count, Cursor.isIdent(bytes[i]) { i += 1 }
            guard i > start else { throw error("expected a name") }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func quoted(_ q: UInt8) throws -> String {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error("unterminated quoted text") }
                let b = bytes[i]
                i += 1
                if b == 0x5C {
                    guard i < bytes.count else { throw error("unterminated escape") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "0"): out.append(0)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "x"):
                        guard i + 1 < bytes.count, let h = UInt8(String(decoding: bytes[i...(i + 1)], as: UTF8.self), radix: 16) else {
                            throw error("bad \\x escape")
                        }
                        out.append(h)
                        i += 2
                    default: out.append(e)
                    }
                } else if b == q {
                    if i < bytes.count, bytes[i] == q { out.append(q); i += 1; continue }
                    return String(decoding: out, as: UTF8.self)
                } else {
                    out.append(b)
                }
            }
        }

        mutating func number() -> String {
            let start = i
            if peek() == 0x2D || peek() == 0x2B { i += 1 }
            while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2E { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        /// One argument: a nested type, a string, a number, an enum case or a named element.
        mutating func argument() throws -> Node {
            skipSpaces()
            guard let b = peek() else { throw error("expected an argument") }
            if b == 0x27 {
                let s = try quoted(0x27)
                skipSpaces()
                if peek() == 0x3D {
                    i += 1
                    skipSpaces()
                    let n = number()
                    guard !n.isEmpty else { throw error("expected an enum value") }
                    return .enumCase(s, n)
                }
                return .string(s)
            }
            if (b >= 0x30 && b <= 0x39) || b == 0x2D {
                return .number(number())
            }
            // A name: either a type, or an element name followed by a type.
            let save = i
            let first = try identifier()
            skipSpaces()
            if let c = peek(), c != 0x28, c != 0x2C, c != 0x29 {
                // `name Type`
                let t = try node()
                return .named(first, t)
            }
            i = save
            return try node()
        }

        mutating func node() throws -> Node {
            depth += 1
            defer { depth -= 1 }
            guard depth < 128 else { throw error("type nested too deeply") }
            let name = try identifier()
            skipSpaces()
            guard peek() == 0x28 else { return .type(name: name, args: nil) }
            if TypeFamilies.rawArgumentNames.contains(name) {
                return .raw(name: name, text: try balanced())
            }
            i += 1
            var args: [Node] = []
            skipSpaces()
            if peek() == 0x29 { i += 1; return .type(name: name, args: []) }
            while true {
                args.append(try argument())
                skipSpaces()
                guard let c = peek() else { throw error("missing ')'") }
                i += 1
                if c == 0x29 { break }
                guard c == 0x2C else { throw error("expected ',' or ')'") }
            }
            return .type(name: name, args: args)
        }

        /// Reads `( ... )` with nested parentheses and quoted text, returning what is inside.
        mutating func balanced() throws -> String {
            i += 1
            let start = i
            var level = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x27 || b == 0x60 || b == 0x22 {
                    _ = try quoted(b)
                    continue
                }
                if b == 0x28 { level += 1 }
                if b == 0x29 {
                    if level == 0 {
                        let text = String(decoding: bytes[start..<i], as: UTF8.self)
                        i += 1
                        return text
                    }
                    level -= 1
                }
                i += 1
            }
            throw error("missing ')'")
        }

        mutating func parseType() throws -> CHType {
            let n = try node()
            return try TypeParser.build(n, original: original)
        }
    }

    /// The type `node` names, built by the family registered for its name.
    static func build(_ node: Node, original: String) throws -> CHType {
        let arguments: TypeArguments
        switch node {
        case .raw(let name, let text):
            arguments = TypeArguments(name: name, nodes: nil, rawText: text, original: original)
        case .type(let name, let args):
            arguments = TypeArguments(name: name, nodes: args, rawText: nil, original: original)
        default:
            throw ClickHouseError.unsupportedType("type '\(original)': expected a type")
        }
        guard let family = TypeFamilies.byName[arguments.name] else {
            throw ClickHouseError.unsupportedType("unknown type '\(arguments.name)' in '\(original)'")
        }
        return try family.parse(arguments.name, arguments)
    }
}
