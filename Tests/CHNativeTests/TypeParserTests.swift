import Testing
@testable import CHNative

@Suite struct TypeParserTests {
    @Test(arguments: [
        "UInt8", "Int64", "String", "FixedString(16)", "Date", "Date32", "DateTime", "DateTime('Europe/Berlin')",
        "DateTime64(3)", "DateTime64(6, 'Asia/Kolkata')", "UUID", "Nullable(String)", "Array(Array(Nullable(Int32)))",
        "LowCardinality(Nullable(String))", "LowCardinality(FixedString(4))", "Map(String, UInt64)", "Decimal(18, 4)",
        "Tuple(UInt8, String)", "Tuple(a UInt8, b Array(String))", "IPv4", "IPv6", "Int128", "UInt256", "Bool",
        "Enum8('a' = 1, 'b' = 2)", "Nullable(Nothing)",
    ])
    func canonicalNamesRoundTrip(_ name: String) throws {
        #expect(try TypeParser.parse(name).name == name)
    }

    @Test func parsesStructure() throws {
        let t = try TypeParser.parse("Array(LowCardinality(Nullable(String)))")
        #expect(t == .array(.lowCardinality(.nullable(.string))))
        #expect(try TypeParser.parse("DateTime64(3, 'UTC')") == .dateTime64(precision: 3, timezone: "UTC"))
        #expect(try TypeParser.parse("Decimal64(4)") == .decimal(precision: 18, scale: 4))
    }

    @Test func enumNamesWithEscapes() throws {
        let t = try TypeParser.parse(#"Enum8('it\'s' = -1, 'a,b)' = 2, 'x\\y' = 3)"#)
        #expect(t == .enum8([.init(name: "it's", value: -1), .init(name: "a,b)", value: 2), .init(name: "x\\y", value: 3)]))
    }

    @Test func namedTupleWithBackquotes() throws {
        let t = try TypeParser.parse("Tuple(`a b` UInt8, `c` String)")
        #expect(t == .tuple([.init(name: "a b", type: .uint8), .init(name: "c", type: .string)]))
        #expect(t.name == "Tuple(`a b` UInt8, c String)")
    }

    @Test(arguments: ["Foo", "Array(Foo)", "Array(", "FixedString(x)", "Nullable()", "DateTime64(12)", "Array(UInt8))", ""])
    func rejectsBadNames(_ name: String) {
        #expect(throws: ClickHouseError.self) { try TypeParser.parse(name) }
    }

    @Test func unknownTypeErrorNamesTheType() {
        do {
            _ = try TypeParser.parse("Array(Frobnicate(3))")
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains("Frobnicate"))
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "Array(", count: 500) + "UInt8" + String(repeating: ")", count: 500)
        #expect(throws: ClickHouseError.self) { try TypeParser.parse(deep) }
    }
}

@Suite struct ConfigurationRedactionTests {
    @Test func passwordNeverPrinted() {
        let c = ConnectionConfiguration(host: "h", port: 9000, user: "u", password: "S3cret-Pa55", database: "d")
        for text in [String(describing: c), String(reflecting: c), "\(c)"] {
            #expect(!text.contains("S3cret-Pa55"), "\(text)")
            #expect(text.contains("u@h:9000/d"))
        }
    }
}
