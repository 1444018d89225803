import Testing
@testable import CHNative

/// The registry of type families (`Types/TypeFamilies.swift`): every family's names parse back
/// to themselves, no two families claim a name or a binary type index, every concern of a type
/// reaches the family that owns it, and a family without a case of its own (Geometry) works.
@Suite struct TypeFamilyTests {
    /// One type of every family, with parameters where the family takes them.
    static let samples = [
        "UInt8", "UInt256", "Int16", "Int128", "Float32", "Float64", "BFloat16", "Decimal(18, 4)", "Decimal(76, 10)", "Bool",
        "String", "FixedString(5)", "Date", "Date32", "DateTime", "DateTime('Asia/Kolkata')", "DateTime64(3)",
        "DateTime64(9, 'UTC')", "Time", "Time64(6)", "IntervalDay", "IntervalNanosecond", "UUID", "IPv4", "IPv6",
        "Enum8('a' = 1, 'b\\'' = -2)", "Enum16('x' = 300)", "Nothing", "Nullable(UInt32)", "LowCardinality(String)",
        "Array(Tuple(a UInt8, b String))", "Map(String, Array(UInt64))", "Tuple(UInt8, String)", "Variant(String, UInt64)",
        "Dynamic", "Dynamic(max_types=5)", "JSON", "JSON(max_dynamic_paths=10, a.b UInt32)", "Point", "MultiPolygon",
        "MultiPoint", "Nested(a UInt8, `b c` String)", "SimpleAggregateFunction(sum, UInt64)", "Geometry",
    ]

    @Test(arguments: samples)
    func aTypeIsParsedWrittenAndBinaryEncodedByItsFamily(_ name: String) throws {
        let type = try TypeParser.parse(name)
        #expect(type.name == name)
        // The family that parsed the name is the family the type reports.
        let parser = try #require(TypeFamilies.byName[String(name.prefix { $0 != "(" })])
        #expect(Swift.type(of: parser) == Swift.type(of: type.family))
        // The binary type encoding round-trips through the family of its first byte.
        let w = WriteBuffer()
        try BinaryTypeEncoder.encode(type, to: w)
        let bytes = w.array
        let back = try BinaryTypeDecoder.decode(ReadBuffer(bytes: bytes))
        #expect(back == type, "\(name): \(bytes)")
        // A codec exists for every family but AggregateFunction (refused, with a reason).
        #expect(throws: Never.self) { try makeCodec(for: type) }
    }

    @Test func noTwoFamiliesClaimANameOrABinaryIndex() {
        var names: [String: Int] = [:]
        var indexes: [UInt8: Int] = [:]
        for family in TypeFamilies.registered {
            for n in family.names { names[n, default: 0] += 1 }
            for i in family.binaryIndexes { indexes[i, default: 0] += 1 }
        }
        #expect(names.filter { $0.value > 1 }.isEmpty)
        #expect(indexes.filter { $0.value > 1 }.isEmpty)
        // Every name of every family parses (parameterless ones on their own).
        #expect(names.count > 60)
    }

    @Test func widthsAndShapesComeFromTheFamily() throws {
        #expect(try TypeParser.parse("Decimal(20, 2)").fixedWidth == 16)
        #expect(try TypeParser.parse("Enum16('a' = 1)").fixedWidth == 2)
        #expect(CHType.string.fixedWidth == nil)
        #expect(CHType.uint16.sqlShape == .integer(bits: 16, signed: false))
        #expect(CHType.int256.sqlShape == .hugeInteger(digits: 77, signed: true))
        #expect(try TypeParser.parse("DateTime64(3)").sqlShape == .timestamp(fractionDigits: 3))
        #expect(try TypeParser.parse("SimpleAggregateFunction(max, Float64)").sqlShape == .double)
        #expect(try TypeParser.parse("Geometry").sqlShape == .textForm)
        #expect(try TypeParser.parse("Point").isNumber == false)
        #expect(try TypeParser.parse("Nullable(Decimal(9, 2))").isNumber)
        #expect(try TypeParser.parse("LowCardinality(Nullable(Date))").alignsRight)
    }

    @Test func geometryIsAnExtendedTypeThatTravelsAsAVariantOfShapes() throws {
        let geometry = try TypeParser.parse("Geometry")
        guard case .extended(let e) = geometry else {
            Issue.record("Geometry should be an extended type, got \(geometry)")
            return
        }
        #expect(e.name == "Geometry")
        #expect(geometry.wireType.name == "Variant(LineString, MultiLineString, MultiPolygon, Point, Polygon, Ring)")
        #expect(try TypeParser.parse("Array(Geometry)") == .array(geometry))
        #expect(throws: ClickHouseError.self) { try TypeParser.parse("Geometry(1)") }
        // Codable: a Swift value goes in through the wire type (a point is a variant member).
        let column = try ColumnBuilder(name: "g", origins: [0]).build(geometry, [.array([.double(1), .double(2)])])
        #expect(column.count == 1)
    }
}
