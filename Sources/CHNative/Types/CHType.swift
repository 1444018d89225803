/// A ClickHouse data type, as parsed from the type names the server sends.
public indirect enum CHType: Sendable, Hashable, CustomStringConvertible {
    case uint8, uint16, uint32, uint64, uint128, uint256
    case int8, int16, int32, int64, int128, int256
    case float32, float64, bfloat16
    case bool
    case string
    case fixedString(Int)
    case date, date32
    /// `DateTime` with an optional explicit timezone.
    case dateTime(timezone: String?)
    /// `DateTime64(precision)` with an optional explicit timezone.
    case dateTime64(precision: Int, timezone: String?)
    case uuid
    case ipv4, ipv6
    /// `Decimal(P, S)`; stored as 32, 64, 128 or 256 bits depending on P.
    case decimal(precision: Int, scale: Int)
    /// `Enum8` with its (name, value) pairs in declaration order.
    case enum8([EnumCase])
    /// `Enum16` with its (name, value) pairs in declaration order.
    case enum16([EnumCase])
    case nullable(CHType)
    case array(CHType)
    case lowCardinality(CHType)
    /// `Tuple(...)`; elements may be named.
    case tuple([TupleElement])
    case map(key: CHType, value: CHType)
    case nothing
    /// `Time`: signed seconds (-999:59:59 to 999:59:59), stored as Int32.
    case time
    /// `Time64(precision)`: signed ticks of 10^-precision seconds, stored as Int64.
    case time64(precision: Int)
    /// `IntervalSecond`, `IntervalDay`, ...: a signed Int64 count of `unit`.
    case interval(IntervalUnit)
    /// `Point`, `Ring`, `LineString`, `MultiLineString`, `Polygon`, `MultiPolygon`: names for
    /// tuple and array structures of Float64 (see ``GeoKind/structure``).
    case geo(GeoKind)
    /// `Nested(name T, ...)` as the server sends it with `flatten_nested = 0`; on the wire an
    /// `Array(Tuple(name T, ...))`.
    case nested([TupleElement])
    /// `SimpleAggregateFunction(f, T)`: plain values of `T` (the function text kept verbatim).
    case simpleAggregateFunction(function: String, type: CHType)
    /// `AggregateFunction(...)` (full type name kept verbatim): opaque aggregation states, which
    /// CHNative refuses to decode.
    case aggregateFunction(String)
    /// `Variant(T1, T2, ...)`; variants sorted by name, as ClickHouse orders them (a row's
    /// discriminator is its variant's position here).
    case variant([CHType])
    /// `Dynamic` or `Dynamic(max_types=N)`.
    case dynamic(maxTypes: Int?)
    /// `JSON(...)`, the object type, with its typed paths and parameters.
    case json(JSONSpec)
    /// A type of a family registered without a case of its own (see ``ExtendedType``).
    case extended(ExtendedType)
    /// Any other type name the parser accepted but CHNative has no column for (kept verbatim so
    /// errors can name it).
    case other(String)

    /// One `'name' = value` pair of an enum.
    public struct EnumCase: Sendable, Hashable {
        /// The name, unquoted and unescaped.
        public var name: String
        /// The stored number.
        public var value: Int
        /// A case `name` stored as `value`.
        public init(name: String, value: Int) {
            self.name = name
            self.value = value
        }
    }

    /// One element of a tuple, with its name if the tuple is named.
    public struct TupleElement: Sendable, Hashable {
        /// The element's name in a named tuple; `nil` in an unnamed one.
        public var name: String?
        /// The element's type.
        public var type: CHType
        /// An element of `type`, named or not.
        public init(name: String?, type: CHType) {
            self.name = name
            self.type = type
        }
    }

    /// The canonical type name, as ClickHouse writes it.
    public var description: String { name }

    /// The canonical type name, as ClickHouse writes it (its family writes it).
    public var name: String { family.name(of: self) }

    /// Size in bytes of one value for fixed-width types, `nil` otherwise.
    public var fixedWidth: Int? { family.fixedWidth(of: self) }

    /// The type with `Nullable` and `LowCardinality` wrappers removed.
    public var unwrapped: CHType {
        switch self {
        case .nullable(let t), .lowCardinality(let t): return t.unwrapped
        default: return self
        }
    }

    /// Whether values of this type may be NULL.
    public var isNullable: Bool {
        switch self {
        case .nullable: return true
        case .lowCardinality(let t): return t.isNullable
        default: return false
        }
    }

    /// Quotes a string literal the way ClickHouse writes it in type names.
    static func quote(_ s: String) -> String { SQLLiteral.string(s) }

    static func backquoteIfNeeded(_ s: String) -> String {
        var plain = !s.isEmpty
        for (i, c) in s.unicodeScalars.enumerated() {
            let letter = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
            let digit = c >= "0" && c <= "9"
            if !(letter || (digit && i > 0)) { plain = false; break }
        }
        if plain { return s }
        var out = "`"
        for c in s.unicodeScalars {
            if c == "`" || c == "\\" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out + "`"
    }
}
