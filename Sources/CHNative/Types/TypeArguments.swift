/// The arguments of a type name as the parser found them, with the checks families share.
struct TypeArguments {
    /// The family name as written (`DateTime64`).
    let name: String
    /// The parsed arguments; `nil` when the name had no parentheses.
    let nodes: [TypeParser.Node]?
    /// The text between the parentheses, for families that take raw arguments.
    let rawText: String?
    /// The whole type name being parsed, for errors.
    let original: String

    /// The arguments (none when the name had no parentheses).
    var all: [TypeParser.Node] { nodes ?? [] }
    var count: Int { all.count }
    var isEmpty: Bool { all.isEmpty }

    func fail(_ why: String) -> ClickHouseError { .unsupportedType("type '\(original)': \(why)") }

    /// Throws unless there are exactly `n` arguments.
    func exactly(_ n: Int) throws {
        guard count == n else { throw fail("\(name) takes \(n) argument\(n == 1 ? "" : "s"), got \(count)") }
    }

    /// Throws if the name had arguments.
    func none() throws {
        guard isEmpty else { throw fail("\(name) takes no arguments") }
    }

    /// Argument `i` as an integer.
    func int(_ i: Int) throws -> Int {
        guard i < count, case .number(let s) = all[i], let v = Int(s) else { throw fail("expected a number argument") }
        return v
    }

    /// Argument `i` as a quoted string.
    func string(_ i: Int) throws -> String {
        guard i < count, case .string(let s) = all[i] else { throw fail("expected a quoted string argument") }
        return s
    }

    /// Argument `i` as a type (an element name is refused).
    func type(_ i: Int) throws -> CHType {
        guard i < count else { throw fail("expected a type argument") }
        return try type(all[i])
    }

    /// `node` as a type (an element name is refused).
    func type(_ node: TypeParser.Node) throws -> CHType {
        if case .named = node { throw fail("unexpected element name") }
        return try TypeParser.build(node, original: original)
    }

    /// Every argument as an element that may have a name (`Tuple(a UInt8, String)`).
    func elements(namesRequired: Bool) throws -> [CHType.TupleElement] {
        try all.map { node in
            if case .named(let n, let t) = node { return .init(name: n, type: try TypeParser.build(t, original: original)) }
            if namesRequired { throw fail("\(name) elements need names") }
            return .init(name: nil, type: try type(node))
        }
    }

    /// A precision argument in 0...9 (`DateTime64`, `Time64`).
    func precision(_ i: Int) throws -> Int {
        let p = try int(i)
        guard (0...9).contains(p) else { throw fail("\(name) precision \(p) out of range 0...9") }
        return p
    }
}

/// Reads the parameters of a binary-encoded type after its index byte, and nested types.
struct BinaryTypeReader {
    let buffer: ReadBuffer
    /// The nesting depth of the type being read.
    let depth: Int

    /// A nested type, one level deeper.
    func type() throws -> CHType { try BinaryTypeDecoder.decode(buffer, depth: depth + 1) }

    /// A precision byte in 0...9.
    func precision() throws -> Int {
        let p = Int(try buffer.readUInt8())
        guard p <= 9 else { throw ClickHouseError.protocolViolation("binary type encoding: precision \(p) exceeds 9") }
        return p
    }

    /// A count of elements, bounded.
    func count(_ what: String) throws -> Int {
        try buffer.readLength(limit: BinaryTypeDecoder.maximumCount, what: "binary type encoding: number of \(what)")
    }

    /// `n` (name, type) pairs.
    func namedElements() throws -> [CHType.TupleElement] {
        let n = try count("tuple elements")
        var elements: [CHType.TupleElement] = []
        for _ in 0..<n {
            let name = try buffer.readString()
            elements.append(.init(name: name, type: try type()))
        }
        return elements
    }
}
