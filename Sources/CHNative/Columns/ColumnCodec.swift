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

/// The codec of a column of `type`, made by the type's family.
func makeCodec(for type: CHType) throws -> any ColumnCodec {
    try type.family.codec(for: type)
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
