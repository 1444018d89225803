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

    /// Types whose arguments are not plain type lists and are parsed from their raw text.
    static let rawArgumentTypes: Set<String> = ["JSON", "AggregateFunction", "SimpleAggregateFunction", "Dynamic", "Object"]

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
            if TypeParser.rawArgumentTypes.contains(name) {
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

    static func build(_ node: Node, original: String) throws -> CHType {
        func fail(_ why: String) -> ClickHouseError { .unsupportedType("type '\(original)': \(why)") }
        func typeArg(_ n: Node) throws -> CHType {
            if case .named = n { throw fail("unexpected element name") }
            return try build(n, original: original)
        }
        func intArg(_ n: Node) throws -> Int {
            guard case .number(let s) = n, let v = Int(s) else { throw fail("expected a number argument") }
            return v
        }
        func stringArg(_ n: Node) throws -> String {
            guard case .string(let s) = n else { throw fail("expected a quoted string argument") }
            return s
        }
        if case .raw(let name, let text) = node { return try buildRaw(name: name, text: text, original: original) }
        guard case .type(let name, let args) = node else { throw fail("expected a type") }
        let a = args ?? []
        func exactly(_ n: Int) throws {
            guard a.count == n else { throw fail("\(name) takes \(n) argument\(n == 1 ? "" : "s"), got \(a.count)") }
        }
        switch name {
        case "UInt8": return .uint8
        case "UInt16": return .uint16
        case "UInt32": return .uint32
        case "UInt64": return .uint64
        case "UInt128": return .uint128
        case "UInt256": return .uint256
        case "Int8": return .int8
        case "Int16": return .int16
        case "Int32": return .int32
        case "Int64": return .int64
        case "Int128": return .int128
        case "Int256": return .int256
        case "Float32": return .float32
        case "Float64": return .float64
        case "BFloat16": return .bfloat16
        case "Bool": return .bool
        case "String": return .string
        case "UUID": return .uuid
        case "IPv4": return .ipv4
        case "IPv6": return .ipv6
        case "Date": return .date
        case "Date32": return .date32
        case "Nothing": return .nothing
        case "Time": return .time
        case "Time64":
            try exactly(1)
            let p = try intArg(a[0])
            guard (0...9).contains(p) else { throw fail("Time64 precision \(p) out of range 0...9") }
            return .time64(precision: p)
        case "Point", "Ring", "LineString", "MultiLineString", "Polygon", "MultiPolygon":
            return .geo(GeoKind(rawValue: name) ?? .point)
        case "JSON": return .json(JSONSpec())
        case "Dynamic": return .dynamic(maxTypes: nil)
        case "Variant":
            guard !a.isEmpty else { throw fail("Variant needs at least one type") }
            return .variant(try a.map(typeArg).sorted(by: CHType.variantOrder))
        case "Nested":
            var elements: [CHType.TupleElement] = []
            for arg in a {
                guard case .named(let n, let t) = arg else { throw fail("Nested elements need names") }
                elements.append(.init(name: n, type: try build(t, original: original)))
            }
            return .nested(elements)
        case _ where name.hasPrefix("Interval"):
            guard a.isEmpty, let unit = IntervalUnit(rawValue: String(name.dropFirst(8))) else {
                throw ClickHouseError.unsupportedType("unknown type '\(name)' in '\(original)'")
            }
            return .interval(unit)
        case "FixedString":
            try exactly(1)
            let n = try intArg(a[0])
            guard n > 0, n <= 1 << 24 else { throw fail("FixedString length \(n) out of range") }
            return .fixedString(n)
        case "DateTime":
            if a.isEmpty { return .dateTime(timezone: nil) }
            try exactly(1)
            return .dateTime(timezone: try stringArg(a[0]))
        case "DateTime64":
            guard a.count == 1 || a.count == 2 else { throw fail("DateTime64 takes a precision and an optional timezone") }
            let p = try intArg(a[0])
            guard (0...9).contains(p) else { throw fail("DateTime64 precision \(p) out of range 0...9") }
            return .dateTime64(precision: p, timezone: a.count == 2 ? try stringArg(a[1]) : nil)
        case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256":
            let maxP = ["Decimal32": 9, "Decimal64": 18, "Decimal128": 38, "Decimal256": 76, "Decimal": 76][name] ?? 76
            if name == "Decimal" {
                guard a.count == 1 || a.count == 2 else { throw fail("Decimal takes precision and scale") }
                let p = try intArg(a[0])
                let s = a.count == 2 ? try intArg(a[1]) : 0
                guard (1...76).contains(p), (0...p).contains(s) else { throw fail("Decimal(\(p), \(s)) out of range") }
                return .decimal(precision: p, scale: s)
            }
            try exactly(1)
            let s = try intArg(a[0])
            guard (0...maxP).contains(s) else { throw fail("\(name) scale \(s) out of range") }
            return .decimal(precision: maxP, scale: s)
        case "Enum8", "Enum16":
            var cases: [EnumCaseBuilder] = []
            for arg in a {
                guard case .enumCase(let n, let v) = arg, let value = Int(v) else { throw fail("expected 'name' = value in \(name)") }
                cases.append(EnumCaseBuilder(name: n, value: value))
            }
            let range = name == "Enum8" ? -128...127 : -32768...32767
            guard cases.allSatisfy({ range.contains($0.value) }) else { throw fail("\(name) value out of range") }
            let built = cases.map { CHType.EnumCase(name: $0.name, value: $0.value) }
            return name == "Enum8" ? .enum8(built) : .enum16(built)
        case "Nullable":
            try exactly(1)
            return .nullable(try typeArg(a[0]))
        case "Array":
            try exactly(1)
            return .array(try typeArg(a[0]))
        case "LowCardinality":
            try exactly(1)
            return .lowCardinality(try typeArg(a[0]))
        case "Map":
            try exactly(2)
            return .map(key: try typeArg(a[0]), value: try typeArg(a[1]))
        case "Tuple":
            var elements: [CHType.TupleElement] = []
            for arg in a {
                if case .named(let n, let t) = arg {
                    elements.append(.init(name: n, type: try build(t, original: original)))
                } else {
                    elements.append(.init(name: nil, type: try typeArg(arg)))
                }
            }
            return .tuple(elements)
        default:
            throw ClickHouseError.unsupportedType("unknown type '\(name)' in '\(original)'")
        }
    }

    private struct EnumCaseBuilder {
        var name: String
        var value: Int
    }
}
