import Testing
@testable import CHNative

/// Offline checks of the flattened `Dynamic`/`JSON` serialization and of JSON sent as text,
/// on bytes captured from ClickHouse 26.9 (`FORMAT Native` over HTTP).
@Suite struct FlattenedDecodingTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return out
    }

    /// `d Dynamic(max_types=1)` holding UInt8, String, NULL and Array(UInt8), and
    /// `j JSON(max_dynamic_paths=1, a UInt32)` with the dynamic paths `b.c` and `d`, with
    /// `output_format_native_use_flattened_dynamic_and_json_serialization = 1`.
    static let flattened = bytes("020401641444796e616d6963286d61785f74797065733d31290300000000000000030555496e74380c41727261792855496e74382906537472696e67000203010102000000000000000102026162016a234a534f4e286d61785f64796e616d69635f70617468733d312c20612055496e7433322903000000000000000203622e630164030000000000000001164172726179284e756c6c61626c6528496e743634292903000000000000000106537472696e6701000000020000000000000000000000000101010200000000000000000001000000000000000200000000000000010101000178")
    static let flattenedText = "1\t{\"a\":1,\"b\":{\"c\":[1,2]}}\nab\t{\"a\":2}\n\\N\t{\"a\":0}\n[1,2]\t{\"a\":0,\"d\":\"x\"}\n"

    /// `j JSON` with `output_format_native_write_json_as_string = 1`.
    static let jsonText = bytes("0102016a044a534f4e0100000000000000127b2261223a312c2273223a22745c7478227d027b7d")
    static let jsonTextText = "{\"a\":1,\"s\":\"t\\\\tx\"}\n{}\n"

    /// Where `pattern` first occurs in `b`.
    static func find(_ pattern: [UInt8], in b: [UInt8]) -> Int? {
        guard b.count >= pattern.count else { return nil }
        return (0...(b.count - pattern.count)).first { Array(b[$0..<($0 + pattern.count)]) == pattern }
    }

    static func decode(_ b: [UInt8]) throws -> Block {
        try BlockReader.read(from: ReadBuffer(bytes: b), revision: 0, context: DecodeContext())
    }

    static func text(_ block: Block) -> String {
        var f = ResultFormatter(format: .tabSeparated)
        var out = TextOutput()
        f.write(block, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func flattenedDecodesIntoTheUsualColumns() throws {
        let block = try Self.decode(Self.flattened)
        #expect(Self.text(block) == Self.flattenedText)
        let d = try #require(block.columns[0] as? DynamicColumn)
        #expect(d.typeNames == ["UInt8"], "max_types = 1: the most used type keeps its variant")
        #expect(d.sharedValues.count == 2)
        #expect(d.values == [.uint(1), .bytes(Array("ab".utf8)), .null, .array([.uint(1), .uint(2)])])
        let j = try #require(block.columns[1] as? JSONColumn)
        #expect(j.dynamicPaths.count == 1, "max_dynamic_paths = 1: the other path goes to the shared data")
        #expect(!j.shared.isEmpty)
    }

    @Test func flattenedReencodesInTheNormalSerialization() throws {
        let block = try Self.decode(Self.flattened)
        let w = WriteBuffer()
        try BlockWriter.write(block, codecs: nil, to: w, revision: 0)
        #expect(Self.text(try Self.decode(w.array)) == Self.flattenedText)
        // And with binary type names (header and Dynamic prefixes).
        let b = WriteBuffer()
        try BlockWriter.write(block, codecs: nil, to: b, revision: 0, binaryTypeNames: true)
        let again = try BlockReader.read(from: ReadBuffer(bytes: b.array), revision: 0, context: DecodeContext(binaryTypeNames: true))
        #expect(Self.text(again) == Self.flattenedText)
    }

    @Test func jsonTextDecodesAndReencodes() throws {
        let block = try Self.decode(Self.jsonText)
        #expect(Self.text(block) == Self.jsonTextText)
        let j = try #require(block.columns[0] as? JSONStringColumn)
        #expect(j.value(at: 0) == .map([.bytes(Array("a".utf8)), .bytes(Array("s".utf8))], [.int(1), .bytes(Array("t\tx".utf8))]))
        #expect(j.value(at: 1) == .map([], []))
        let w = WriteBuffer()
        try BlockWriter.write(block, codecs: nil, to: w, revision: 0)
        #expect(w.array == Self.jsonText)
    }

    @Test func truncatedInputThrows() {
        for fixture in [Self.flattened, Self.jsonText] {
            for n in 0..<fixture.count {
                #expect(throws: (any Error).self) { _ = try Self.decode(Array(fixture[..<n])) }
            }
        }
    }

    @Test func indexBeyondTheTypesThrows() throws {
        // The Dynamic's indexes are 00 02 03 01 (types UInt8, Array(UInt8), String; 3 = NULL):
        // the first set to 7.
        var b = Self.flattened
        let at = try #require(Self.find([0x00, 0x02, 0x03, 0x01], in: b))
        b[at] = 7
        #expect(throws: ClickHouseError.self) { _ = try Self.decode(b) }
    }

    @Test func unknownVersionsAreNamed() throws {
        var b = Self.jsonText
        // The UInt64 version right after the type name `JSON`.
        let at = try #require(Self.find(Array("JSON".utf8), in: b)) + 4
        b[at] = 9
        #expect {
            _ = try Self.decode(b)
        } throws: { error in
            "\(error)".contains("JSON serialization version 9 is not supported")
        }
    }
}
