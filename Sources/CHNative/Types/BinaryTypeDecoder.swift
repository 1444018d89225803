/// Decodes ClickHouse's *binary type encoding* (one type-index byte, then parameters), the form
/// in which `Dynamic` values in the shared variant and JSON shared data carry their types.
///
/// Indexes verified against the 26.9 server (`RowBinaryWithNamesAndTypes` with
/// `output_format_binary_encode_types_in_binary_format = 1`): note `Time` is 0x32 and
/// `Time64` 0x34.
enum BinaryTypeDecoder {
    /// Nesting deeper than this is refused (hostile input cannot exhaust the stack).
    static let maximumDepth = 64
    /// Counts of tuple elements, enum cases, variants, paths above this are refused.
    static let maximumCount = 1 << 20

    /// Reads one type.
    static func decode(_ r: ReadBuffer, depth: Int = 0) throws -> CHType {
        guard depth < maximumDepth else {
            throw ClickHouseError.protocolViolation("binary type encoding nested deeper than \(maximumDepth) levels")
        }
        let index = try r.readUInt8()
        switch index {
        case 0x00: return .nothing
        case 0x01: return .uint8
        case 0x02: return .uint16
        case 0x03: return .uint32
        case 0x04: return .uint64
        case 0x05: return .uint128
        case 0x06: return .uint256
        case 0x07: return .int8
        case 0x08: return .int16
        case 0x09: return .int32
        case 0x0A: return .int64
        case 0x0B: return .int128
        case 0x0C: return .int256
        case 0x0D: return .float32
        case 0x0E: return .float64
        case 0x0F: return .date
        case 0x10: return .date32
        case 0x11: return .dateTime(timezone: nil)
        case 0x12: return .dateTime(timezone: try r.readString())
        case 0x13: return .dateTime64(precision: try precision(r), timezone: nil)
        case 0x14:
            let p = try precision(r)
            return .dateTime64(precision: p, timezone: try r.readString())
        case 0x15: return .string
        case 0x16: return .fixedString(try r.readLength(limit: 1 << 30, what: "FixedString size"))
        case 0x17: return .enum8(try enumCases(r, Int8.self))
        case 0x18: return .enum16(try enumCases(r, Int16.self))
        case 0x19, 0x1A, 0x1B, 0x1C:
            let p = Int(try r.readUInt8())
            let s = Int(try r.readUInt8())
            guard p >= 1, p <= 76, s <= p else {
                throw ClickHouseError.protocolViolation("binary type encoding: Decimal(\(p), \(s)) is not a valid decimal")
            }
            return .decimal(precision: p, scale: s)
        case 0x1D: return .uuid
        case 0x1E: return .array(try decode(r, depth: depth + 1))
        case 0x1F:
            let n = try count(r, "tuple elements")
            var elements: [CHType.TupleElement] = []
            for _ in 0..<n { elements.append(.init(name: nil, type: try decode(r, depth: depth + 1))) }
            return .tuple(elements)
        case 0x20:
            return .tuple(try namedElements(r, depth: depth))
        case 0x22:
            let kind = Int(try r.readUInt8())
            let units: [IntervalUnit] = [.nanosecond, .microsecond, .millisecond, .second, .minute, .hour,
                                         .day, .week, .month, .quarter, .year]
            guard kind < units.count else { throw ClickHouseError.protocolViolation("binary type encoding: unknown interval kind \(kind)") }
            return .interval(units[kind])
        case 0x23: return .nullable(try decode(r, depth: depth + 1))
        case 0x26: return .lowCardinality(try decode(r, depth: depth + 1))
        case 0x27:
            let key = try decode(r, depth: depth + 1)
            return .map(key: key, value: try decode(r, depth: depth + 1))
        case 0x28: return .ipv4
        case 0x29: return .ipv6
        case 0x2A:
            let n = try count(r, "variants")
            var types: [CHType] = []
            for _ in 0..<n { types.append(try decode(r, depth: depth + 1)) }
            return .variant(types.sorted(by: CHType.variantOrder))
        case 0x2B:
            let max = Int(try r.readUInt8())
            return .dynamic(maxTypes: max == 32 ? nil : max)
        case 0x2C:
            let name = try r.readString()
            return try TypeParser.parse(name)
        case 0x2D: return .bool
        case 0x2E: return try simpleAggregateFunction(r, depth: depth)
        case 0x2F: return .nested(try namedElements(r, depth: depth))
        case 0x30: return try json(r, depth: depth)
        case 0x31: return .bfloat16
        case 0x32: return .time
        case 0x34: return .time64(precision: try precision(r))
        case 0x21, 0x24, 0x25:
            let what = index == 0x21 ? "Set" : index == 0x24 ? "Function" : "AggregateFunction"
            throw ClickHouseError.unsupportedType("a Dynamic/JSON value of type \(what) (binary type 0x\(String(index, radix: 16))) cannot be decoded by CHNative")
        default:
            throw ClickHouseError.unsupportedType("unknown binary type index 0x\(String(index, radix: 16)) in a Dynamic/JSON value")
        }
    }

    private static func precision(_ r: ReadBuffer) throws -> Int {
        let p = Int(try r.readUInt8())
        guard p <= 9 else { throw ClickHouseError.protocolViolation("binary type encoding: precision \(p) exceeds 9") }
        return p
    }

    private static func count(_ r: ReadBuffer, _ what: String) throws -> Int {
        try r.readLength(limit: maximumCount, what: "binary type encoding: number of \(what)")
    }

    private static func enumCases<T: FixedWidthInteger>(_ r: ReadBuffer, _: T.Type) throws -> [CHType.EnumCase] {
        let n = try count(r, "enum cases")
        var cases: [CHType.EnumCase] = []
        for _ in 0..<n {
            let name = try r.readString()
            cases.append(.init(name: name, value: Int(try r.readLE(T.self))))
        }
        return cases
    }

    private static func namedElements(_ r: ReadBuffer, depth: Int) throws -> [CHType.TupleElement] {
        let n = try count(r, "tuple elements")
        var elements: [CHType.TupleElement] = []
        for _ in 0..<n {
            let name = try r.readString()
            elements.append(.init(name: name, type: try decode(r, depth: depth + 1)))
        }
        return elements
    }

    /// `SimpleAggregateFunction(f, T)`: the function name, its parameters (only parameterless
    /// functions are accepted: parameters are encoded as Fields) and its argument types; the
    /// values are plain values of the single argument's type.
    private static func simpleAggregateFunction(_ r: ReadBuffer, depth: Int) throws -> CHType {
        let function = try r.readString()
        let parameters = try count(r, "function parameters")
        guard parameters == 0 else {
            throw ClickHouseError.unsupportedType("a Dynamic/JSON value of type SimpleAggregateFunction(\(function)(...), ...) with parameters cannot be decoded by CHNative")
        }
        let arguments = try count(r, "function arguments")
        guard arguments == 1 else {
            throw ClickHouseError.unsupportedType("a Dynamic/JSON value of type SimpleAggregateFunction(\(function), ...) with \(arguments) arguments cannot be decoded by CHNative")
        }
        return .simpleAggregateFunction(function: function, type: try decode(r, depth: depth + 1))
    }

    /// `JSON(...)`: version byte 0, `max_dynamic_paths` (varint), `max_dynamic_types` (byte),
    /// typed paths (path, type), paths to skip, regexps of paths to skip. Rebuilt as the type
    /// name the server writes and parsed, so the spec is the parser's.
    private static func json(_ r: ReadBuffer, depth: Int) throws -> CHType {
        let version = try r.readUInt8()
        guard version == 0 else { throw ClickHouseError.unsupportedType("JSON binary type encoding version \(version) is not supported") }
        let maxPaths = try r.readLength(limit: 1 << 30, what: "JSON max_dynamic_paths")
        let maxTypes = Int(try r.readUInt8())
        var arguments: [String] = []
        if maxPaths != 1024 { arguments.append("max_dynamic_paths=\(maxPaths)") }
        if maxTypes != 32 { arguments.append("max_dynamic_types=\(maxTypes)") }
        var typed: [(String, CHType)] = []
        for _ in 0..<(try count(r, "JSON typed paths")) {
            let path = try r.readString()
            typed.append((path, try decode(r, depth: depth + 1)))
        }
        for (path, type) in typed.sorted(by: { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }) {
            arguments.append("\(quotedPath(path)) \(type.name)")
        }
        for _ in 0..<(try count(r, "JSON paths to skip")) { arguments.append("SKIP \(quotedPath(try r.readString()))") }
        for _ in 0..<(try count(r, "JSON path regexps to skip")) { arguments.append("SKIP REGEXP \(CHType.quote(try r.readString()))") }
        return try TypeParser.parse(arguments.isEmpty ? "JSON" : "JSON(\(arguments.joined(separator: ", ")))")
    }

    private static func quotedPath(_ path: String) -> String {
        path.split(separator: ".", omittingEmptySubsequences: false).map { CHType.backquoteIfNeeded(String($0)) }.joined(separator: ".")
    }
}
