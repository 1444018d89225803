/// Settings that influence how a block's columns are decoded.
package struct DecodeContext {
    /// Timezone for `DateTime` columns whose type names none.
    package var defaultTimezone: String?
    /// Block headers carry binary-encoded types instead of type names.
    package var binaryTypeNames = false
    /// Bounds on what the stream may make the decoder allocate beyond the bytes it sends.
    package var limits = DecodeLimits()

    package init(defaultTimezone: String? = nil, binaryTypeNames: Bool = false, limits: DecodeLimits = DecodeLimits()) {
        self.defaultTimezone = defaultTimezone
        self.binaryTypeNames = binaryTypeNames
        self.limits = limits
    }
}

/// Reads and writes the native serialization of one column type.
///
/// A codec is made per column per block (``makeCodec(for:)``): LowCardinality keeps the state
/// read from its prefix. Prefixes of all nested columns come before any body.
protocol ColumnCodec: AnyObject {
    var type: CHType { get }
    /// Reads the serialization state prefix (LowCardinality version etc.).
    func readPrefix(_ r: ReadBuffer) throws
    /// Reads `rows` values.
    func read(_ r: ReadBuffer, rows: Int, context: DecodeContext) throws -> any Column
    /// Writes the state prefix for `column`.
    func writePrefix(_ column: any Column, to w: WriteBuffer) throws
    /// Writes the values of `column`.
    func write(_ column: any Column, to w: WriteBuffer) throws
}

extension ColumnCodec {
    func readPrefix(_ r: ReadBuffer) throws {}
    func writePrefix(_ column: any Column, to w: WriteBuffer) throws {}
}

/// The codec for `type`; throws ``ClickHouseError/unsupportedType(_:)`` for types CHNative
/// cannot decode.
/// Throws the reason when CHNative cannot read and write columns of `type`.
package func requireCodec(for type: CHType) throws { _ = try makeCodec(for: type) }

func makeCodec(for type: CHType) throws -> any ColumnCodec {
    switch type {
    case .uint8, .bool: return FixedWidthCodec<UInt8>(type: type)
    case .int8, .enum8: return FixedWidthCodec<Int8>(type: type)
    case .uint16, .date, .bfloat16: return FixedWidthCodec<UInt16>(type: type)
    case .int16, .enum16: return FixedWidthCodec<Int16>(type: type)
    case .uint32, .dateTime, .ipv4: return FixedWidthCodec<UInt32>(type: type)
    case .int32, .date32, .time: return FixedWidthCodec<Int32>(type: type)
    case .float32: return FixedWidthCodec<Float>(type: type)
    case .uint64: return FixedWidthCodec<UInt64>(type: type)
    case .int64, .dateTime64, .time64, .interval: return FixedWidthCodec<Int64>(type: type)
    case .float64: return FixedWidthCodec<Double>(type: type)
    case .uint128, .uuid, .ipv6: return FixedWidthCodec<UInt128>(type: type)
    case .int128: return FixedWidthCodec<Int128>(type: type)
    case .uint256, .int256: return FixedWidthCodec<Wide256>(type: type)
    case .decimal(let p, _):
        if p <= 9 { return FixedWidthCodec<Int32>(type: type) }
        if p <= 18 { return FixedWidthCodec<Int64>(type: type) }
        if p <= 38 { return FixedWidthCodec<Int128>(type: type) }
        return FixedWidthCodec<Wide256>(type: type)
    case .string: return StringCodec()
    case .fixedString(let n): return FixedStringCodec(width: n)
    case .nullable(let inner): return NullableCodec(type: type, nested: try makeCodec(for: inner))
    case .array(let inner): return ArrayCodec(type: type, nested: try makeCodec(for: inner))
    case .lowCardinality(let inner): return try LowCardinalityCodec(type: type, inner: inner)
    case .tuple(let elements): return TupleCodec(type: type, elements: try elements.map { try makeCodec(for: $0.type) })
    case .map(let k, let v): return MapCodec(type: type, keys: try makeCodec(for: k), values: try makeCodec(for: v))
    case .nothing: return NothingCodec()
    case .geo, .nested, .simpleAggregateFunction: return try makeCodec(for: type.wireType)
    case .variant(let types): return VariantCodec(type: type, variants: try types.map { try makeCodec(for: $0) })
    case .dynamic: return DynamicCodec(type: type)
    case .json(let spec): return try JSONCodec(type: type, spec: spec)
    case .aggregateFunction(let name):
        throw ClickHouseError.unsupportedType("\(name) holds opaque aggregation states, which CHNative refuses to decode; select finalizeAggregation(column) or use a -Merge combinator instead")
    case .other(let name): throw ClickHouseError.unsupportedType("CHNative cannot decode values of type \(name)")
    }
}

/// Storage for 256-bit integers and Decimal256: four little-endian 64-bit words.
public struct Wide256: BitwiseCopyable, Sendable, Hashable {
    /// The four 64-bit words, least significant first.
    public var words: (UInt64, UInt64, UInt64, UInt64)
    /// A value from its four words, least significant first.
    public init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }
    public static func == (a: Wide256, b: Wide256) -> Bool { a.words == b.words }
    public func hash(into h: inout Hasher) {
        h.combine(words.0); h.combine(words.1); h.combine(words.2); h.combine(words.3)
    }
}
