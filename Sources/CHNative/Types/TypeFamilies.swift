/// The registry of type families: the one list a new family is added to, and the lookups built
/// from it (by name for the parser, by binary type index for the decoder, by ``CHType`` case).
enum TypeFamilies {
    /// Every family CHNative knows. Adding a type: its file in `Families/` and a line here.
    static let registered: [any TypeFamily] = [
        IntegerFamily(), FloatFamily(), DecimalFamily(), BoolFamily(), StringFamily(), FixedStringFamily(),
        DateFamily(), DateTimeFamily(), TimeFamily(), IntervalFamily(), UUIDFamily(), IPFamily(), EnumFamily(),
        NothingFamily(), NullableFamily(), LowCardinalityFamily(), ArrayFamily(), MapFamily(), TupleFamily(),
        VariantFamily(), DynamicFamily(), JSONFamily(), GeoFamily(), NestedFamily(), SimpleAggregateFunctionFamily(),
        AggregateFunctionFamily(),
        GeometryFamily(),
    ]

    /// Families by the type names they parse.
    static let byName: [String: any TypeFamily] = {
        var table: [String: any TypeFamily] = [:]
        for family in registered {
            for name in family.names { table[name] = family }
        }
        return table
    }()

    /// Families by the first byte of their binary type encoding (`nil`: no family reads it).
    static let byBinaryIndex: [(any TypeFamily)?] = {
        var table = [(any TypeFamily)?](repeating: nil, count: 256)
        for family in registered {
            for index in family.binaryIndexes { table[Int(index)] = family }
        }
        return table
    }()

    /// Names whose arguments are kept as raw text.
    static let rawArgumentNames: Set<String> = Set(registered.filter(\.takesRawArguments).flatMap(\.names))
}

extension CHType {
    /// The family that knows this type.
    var family: any TypeFamily {
        switch self {
        case .uint8, .uint16, .uint32, .uint64, .uint128, .uint256, .int8, .int16, .int32, .int64, .int128, .int256:
            return IntegerFamily()
        case .float32, .float64, .bfloat16: return FloatFamily()
        case .decimal: return DecimalFamily()
        case .bool: return BoolFamily()
        case .string: return StringFamily()
        case .fixedString: return FixedStringFamily()
        case .date, .date32: return DateFamily()
        case .dateTime, .dateTime64: return DateTimeFamily()
        case .time, .time64: return TimeFamily()
        case .interval: return IntervalFamily()
        case .uuid: return UUIDFamily()
        case .ipv4, .ipv6: return IPFamily()
        case .enum8, .enum16: return EnumFamily()
        case .nothing: return NothingFamily()
        case .nullable: return NullableFamily()
        case .lowCardinality: return LowCardinalityFamily()
        case .array: return ArrayFamily()
        case .map: return MapFamily()
        case .tuple: return TupleFamily()
        case .variant: return VariantFamily()
        case .dynamic: return DynamicFamily()
        case .json: return JSONFamily()
        case .geo: return GeoFamily()
        case .nested: return NestedFamily()
        case .simpleAggregateFunction: return SimpleAggregateFunctionFamily()
        case .aggregateFunction: return AggregateFunctionFamily()
        case .extended(let e): return e.family
        case .other: return UnknownFamily()
        }
    }

    /// How ODBC describes values of this type.
    package var sqlShape: SQLShape { family.sqlShape(of: self) }
}
