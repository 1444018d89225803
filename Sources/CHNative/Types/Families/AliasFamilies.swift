/// `Point`, `Ring`, `LineString`, `MultiLineString`, `Polygon`, `MultiPolygon`: names for
/// tuple and array structures of Float64 (``GeoKind/structure``); everything else is the
/// structure's.
struct GeoFamily: TypeFamily {
    var names: [String] { GeoKind.allCases.map(\.rawValue) }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.none()
        guard let kind = GeoKind(rawValue: name) else { throw a.fail("unknown geo type") }
        return .geo(kind)
    }
    func name(of type: CHType) -> String {
        if case .geo(let kind) = type { return kind.rawValue }
        return "?"
    }
    func wireType(of type: CHType) -> CHType {
        if case .geo(let kind) = type { return kind.structure }
        return type
    }

    var binaryIndexes: [UInt8] { [0x2C] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { try TypeParser.parse(try r.buffer.readString()) }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        w.writeUInt8(0x2C)
        w.writeString(name(of: type))
    }
}

/// `Nested(name T, …)` as the server sends it with `flatten_nested = 0`: on the wire an
/// `Array(Tuple(name T, …))`.
struct NestedFamily: TypeFamily {
    var names: [String] { ["Nested"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType { .nested(try a.elements(namesRequired: true)) }
    private func elements(_ type: CHType) -> [CHType.TupleElement] {
        if case .nested(let e) = type { return e }
        return []
    }
    func name(of type: CHType) -> String {
        "Nested(" + elements(type).map { "\(CHType.backquoteIfNeeded($0.name ?? "")) \($0.type.name)" }.joined(separator: ", ") + ")"
    }
    func wireType(of type: CHType) -> CHType { .array(.tuple(elements(type).map { .init(name: $0.name, type: $0.type.wireType) })) }

    var binaryIndexes: [UInt8] { [0x2F] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .nested(try r.namedElements()) }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let list = elements(type)
        w.writeUInt8(0x2F)
        w.writeVarUInt(UInt64(list.count))
        for e in list {
            w.writeString(e.name ?? "")
            try BinaryTypeEncoder.encode(e.type, to: w)
        }
    }
}

/// `SimpleAggregateFunction(f, T)`: plain values of `T` (the function text kept verbatim).
struct SimpleAggregateFunctionFamily: TypeFamily {
    var names: [String] { ["SimpleAggregateFunction"] }
    var takesRawArguments: Bool { true }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        let parts = TypeParser.splitTopLevel(a.rawText ?? "")
        guard parts.count >= 2 else { throw a.fail("SimpleAggregateFunction takes a function and a type") }
        let rest = parts.dropFirst().joined(separator: ",")
        return .simpleAggregateFunction(function: parts[0], type: try TypeParser.parse(rest))
    }
    func name(of type: CHType) -> String {
        guard case .simpleAggregateFunction(let f, let t) = type else { return "?" }
        return "SimpleAggregateFunction(\(f), \(t.name))"
    }
    func wireType(of type: CHType) -> CHType {
        guard case .simpleAggregateFunction(_, let t) = type else { return type }
        return t.wireType
    }

    var binaryIndexes: [UInt8] { [0x2E] }
    /// The function name, its parameters (only parameterless functions are accepted: parameters
    /// are encoded as Fields) and its argument types; the values are plain values of the single
    /// argument's type.
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let function = try r.buffer.readString()
        let parameters = try r.count("function parameters")
        guard parameters == 0 else {
            throw ClickHouseError.unsupportedType("a Dynamic/JSON value of type SimpleAggregateFunction(\(function)(...), ...) with parameters cannot be decoded by CHNative")
        }
        let arguments = try r.count("function arguments")
        guard arguments == 1 else {
            throw ClickHouseError.unsupportedType("a Dynamic/JSON value of type SimpleAggregateFunction(\(function), ...) with \(arguments) arguments cannot be decoded by CHNative")
        }
        return .simpleAggregateFunction(function: function, type: try r.type())
    }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        guard case .simpleAggregateFunction(let f, let t) = type, !f.contains("(") else {
            throw ClickHouseError.unsupportedType("cannot write the binary type of \(type.name) (a function with parameters)")
        }
        w.writeUInt8(0x2E)
        w.writeString(f)
        w.writeVarUInt(0)
        w.writeVarUInt(1)
        try BinaryTypeEncoder.encode(t, to: w)
    }
}

/// `AggregateFunction(...)`: opaque aggregation states, which CHNative refuses to decode (the
/// full type name is kept for the error).
struct AggregateFunctionFamily: TypeFamily {
    var names: [String] { ["AggregateFunction"] }
    var takesRawArguments: Bool { true }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType { .aggregateFunction("AggregateFunction(\(a.rawText ?? ""))") }
    func name(of type: CHType) -> String {
        if case .aggregateFunction(let raw) = type { return raw }
        return "?"
    }
    func codec(for type: CHType) throws -> any ColumnCodec {
        throw ClickHouseError.unsupportedType("\(type.name) holds opaque aggregation states, which CHNative refuses to decode; select finalizeAggregation(column) or use a -Merge combinator instead")
    }
}

/// Type names the parser kept verbatim without a family (``CHType/other(_:)``).
struct UnknownFamily: TypeFamily {
    var names: [String] { [] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType { .other(a.original) }
    func name(of type: CHType) -> String {
        if case .other(let s) = type { return s }
        return "?"
    }
}
