import Testing
@testable import CHNative

/// The binary type encoding and RowBinary values of Dynamic shared values, offline: encodings
/// captured from the 26.9 server (`RowBinaryWithNamesAndTypes` with
/// `output_format_binary_encode_types_in_binary_format = 1`), and hostile inputs.
@Suite struct BinaryValueDecodingTests {
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }

    /// (server's type name, its binary encoding followed by one value, the server's text of it).
    static let captured: [(String, String, String)] = [
        ("Time", "32100e0000", "01:00:00"),
        ("Time64(3)", "340380ee360000000000", "01:00:00.000"),
        ("BFloat16", "31803f", "1"),
        ("Bool", "2d01", "true"),
        ("Dynamic(max_types=5)", "2b05150131", "1"),
        ("Point", "2c05506f696e74000000000000f03f0000000000000040", "(1,2)"),
        ("Nested(x UInt8, y String)", "2f0201780101791501010161", "[(1,'a')]"),
        ("SimpleAggregateFunction(sum, UInt64)", "2e0373756d0001040100000000000000", "1"),
        ("DateTime64(3, 'UTC')", "1403035554430000000000000000", "1970-01-01 00:00:00.000"),
        ("Decimal(9, 2)", "19090264000000", "1"),
        ("Tuple(UInt8, String)", "1f020115010162", "(1,'b')"),
        ("LowCardinality(String)", "26150131", "1"),
        ("Map(UInt8, UInt8)", "270101010102", "{1:2}"),
        ("Variant(String, UInt8)", "2a0215010101", "1"),
        ("Array(Nullable(UInt8))", "1e230102010001", "[NULL,1]"),
        ("JSON(max_dynamic_paths=3, a UInt8, SKIP b, SKIP REGEXP 'x')", "300003200101610101016201017801016100", "{\"a\":0}"),
        ("JSON", "30008008200000000101610a0100000000000000", "{\"a\":1}"),
        ("IntervalDay", "2206" + "0500000000000000", "5"),
        ("Enum8('a' = 1)", "17010161" + "01" + "01", "a"),
    ]

    @Test(arguments: captured.map(\.0))
    func serverEncodingsDecode(name: String) throws {
        guard let (_, bytes, text) = BinaryValueDecodingTests.captured.first(where: { $0.0 == name }) else { return }
        let raw = BinaryValueDecodingTests.hex(bytes)
        let value = try raw.withUnsafeBytes { try RowBinaryValueReader.decodeDynamic($0, context: DecodeContext(), what: name) }
        #expect(value?.type.name == name)
        var out = TextOutput()
        if let value { value.column.writeText(at: value.row, to: &out, style: .tabSeparated) }
        #expect(String(decoding: out.bytes, as: UTF8.self) == text)
    }

    /// Decoded and written back (binary type + RowBinary value), every captured encoding gives
    /// the server's bytes (except skip lists of JSON types, which JSONSpec does not keep).
    @Test(arguments: captured.map(\.0).filter { !$0.contains("SKIP") })
    func serverEncodingsRoundTrip(name: String) throws {
        guard let (_, bytes, _) = BinaryValueDecodingTests.captured.first(where: { $0.0 == name }) else { return }
        let raw = BinaryValueDecodingTests.hex(bytes)
        let value = try raw.withUnsafeBytes { try RowBinaryValueReader.decodeDynamic($0, context: DecodeContext(), what: name) }
        guard let value else { Issue.record("\(name) decoded as NULL"); return }
        #expect(try RowBinaryValueWriter.dynamicValue(value.column, row: value.row, type: value.type) == raw)
    }

    @Test func nothingIsNull() throws {
        let value = try [UInt8(0)].withUnsafeBytes { try RowBinaryValueReader.decodeDynamic($0, context: DecodeContext(), what: "v") }
        #expect(value == nil)
    }

    /// Each hostile input is refused with an error naming the value, never a crash or a hang.
    @Test(arguments: [
        ("unknown type index", "ff"),
        ("truncated Int64", "0a0102"),
        ("bytes left over", "010102"),
        ("nesting too deep", String(repeating: "1e", count: 200) + "01"),
        ("absurd array length", "1e01ffffffff0f"),
        ("array of Nothing longer than 65536", "1e00ffff7f"),
        ("variant discriminator out of range", "2a01150107"),
        ("decimal precision 0", "190000"),
        ("DateTime64 precision 10", "130a0000000000000000"),
        ("truncated string", "1505616263"),
        ("AggregateFunction", "2500"),
        ("unparseable custom type", "2c03283f29"),
    ])
    func hostileValuesAreRefused(name: String, bytes: String) {
        let raw = BinaryValueDecodingTests.hex(bytes)
        let error = #expect(throws: ClickHouseError.self) {
            _ = try raw.withUnsafeBytes { try RowBinaryValueReader.decodeDynamic($0, context: DecodeContext(), what: "column 'd' shared value 1") }
        }
        #expect(error.map { String(describing: $0) }?.contains("column 'd' shared value 1") == true, "\(name): \(String(describing: error))")
    }
}
