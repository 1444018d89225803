/// Picks the value parser of each type family: the one place that maps a ClickHouse type to
/// the unit that parses its text.
enum ValueAppenders {
    /// The appender for `type`; throws ``TextInputUnsupported`` for a type whose text this
    /// client cannot parse exactly.
    static func make(_ type: CHType, context: ValueContext) throws -> any ValueAppender {
        let s = context.settings
        switch type {
        case .int8: return Int8Appender(IntegerFamily<Int8>(type: type, settings: s), context: context)
        case .int16: return Int16Appender(IntegerFamily<Int16>(type: type, settings: s), context: context)
        case .int32: return Int32Appender(IntegerFamily<Int32>(type: type, settings: s), context: context)
        case .int64: return Int64Appender(IntegerFamily<Int64>(type: type, settings: s), context: context)
        case .int128: return Int128Appender(IntegerFamily<Int128>(type: type, settings: s), context: context)
        case .uint8: return UInt8Appender(IntegerFamily<UInt8>(type: type, settings: s), context: context)
        case .uint16: return UInt16Appender(IntegerFamily<UInt16>(type: type, settings: s), context: context)
        case .uint32: return UInt32Appender(IntegerFamily<UInt32>(type: type, settings: s), context: context)
        case .uint64: return UInt64Appender(IntegerFamily<UInt64>(type: type, settings: s), context: context)
        case .uint128: return UInt128Appender(IntegerFamily<UInt128>(type: type, settings: s), context: context)
        case .int256, .uint256: return WideIntegerAppender(WideIntegerFamily(type: type, settings: s), context: context)
        case .float32: return Float32Appender(FloatFamily<Float>(type: type, settings: s), context: context)
        case .float64: return Float64Appender(FloatFamily<Double>(type: type, settings: s), context: context)
        case .bool: return BoolAppender(BoolFamily(), context: context)
        case .string: return StringAppender(context: context)
        case .fixedString(let n) where n > 0: return FixedStringAppender(width: n, context: context)
        case .date: return DateAppender(DateFamily(), context: context)
        case .date32: return Date32Appender(Date32Family(), context: context)
        case .dateTime(let tz):
            return DateTimeAppender(DateTimeFamily(type: type, timezone: try zone(tz, context), bestEffort: s.dateTimeBestEffort), context: context)
        case .dateTime64(let p, let tz) where (0...9).contains(p):
            return DateTime64Appender(DateTime64Family(type: type, precision: p, timezone: try zone(tz, context), bestEffort: s.dateTimeBestEffort),
                                  context: context)
        case .uuid: return UUIDAppender(UUIDFamily(), context: context)
        case .ipv4: return IPv4Appender(IPv4Family(), context: context)
        case .ipv6: return IPv6Appender(IPv6Family(), context: context)
        case .decimal(let p, let scale) where p >= 1 && p <= 76 && scale >= 0 && scale <= p:
            switch type.fixedWidth {
            case 4: return Decimal32Appender(DecimalFamily<Int32>(type: type, precision: p, scale: scale), context: context)
            case 8: return Decimal64Appender(DecimalFamily<Int64>(type: type, precision: p, scale: scale), context: context)
            case 16: return Decimal128Appender(DecimalFamily<Int128>(type: type, precision: p, scale: scale), context: context)
            default: return Decimal256Appender(Decimal256Family(type: type, precision: p, scale: scale), context: context)
            }
        case .enum8(let cases): return Enum8Appender(EnumFamily<Int8>(type: type, cases: cases), context: context)
        case .enum16(let cases): return Enum16Appender(EnumFamily<Int16>(type: type, cases: cases), context: context)
        case .nullable(let inner):
            return NullableAppender(nested: try make(inner, context: context))
        case .lowCardinality(let inner):
            let key = inner.unwrapped
            guard let dictionary = try make(key, context: context) as? any KeyAppender else {
                throw TextInputUnsupported("\(type.name) is not supported (LowCardinality of \(key.name))")
            }
            return LowCardinalityAppender(dictionary: dictionary, nullable: inner.isNullable, context: context)
        case .array(let inner):
            return ArrayAppender(elements: try make(inner, context: context), context: context)
        case .tuple(let elements) where !elements.isEmpty:
            return TupleAppender(elements: try elements.map { try make($0.type, context: context) }, names: elements.map(\.name), context: context)
        case .map(let key, let value):
            return MapAppender(keys: try make(key, context: context), values: try make(value, context: context), context: context)
        default:
            throw TextInputUnsupported("parsing text into \(type.name) is not supported by this client")
        }
    }

    /// The timezone of a DateTime column: its own, else the session's (nil for UTC); refused
    /// when unknown.
    private static func zone(_ own: String?, _ context: ValueContext) throws -> String? {
        let tz = own ?? context.timezone
        guard LocalTime.isKnown(tz) else { throw TextInputUnsupported("the timezone '\(tz ?? "")' is not known to this client") }
        // nil for UTC: no offsets to look up per value.
        return tz.flatMap { LocalTime.isUTC($0) ? nil : $0 }
    }
}
