import Testing
@testable import CHNative
import CHNativeFuzzTargets

/// Offline checks of the flattened `Dynamic`/`JSON` serialization and of JSON sent as text,
/// on bytes captured from ClickHouse 26.9 (`FORMAT Native` over HTTP; kept in
/// ``CapturedColumns``, which also seeds the block fuzz target).
@Suite struct FlattenedDecodingTests {
    /// `d Dynamic(max_types=1)` holding UInt8, String, NULL and Array(UInt8), and
    /// `j JSON(max_dynamic_paths=1, a UInt32)` with the dynamic paths `b.c` and `d`, with
    /// `output_format_native_use_flattened_dynamic_and_json_serialization = 1`.
    static let flattened = CapturedColumns.block([("d", CapturedColumns.flattenedDynamic), ("j", CapturedColumns.flattenedJSON)])
    static let flattenedText = "1\t{\"a\":1,\"b\":{\"c\":[1,2]}}\nab\t{\"a\":2}\n\\N\t{\"a\":0}\n[1,2]\t{\"a\":0,\"d\":\"x\"}\n"

    /// `j JSON` with `output_format_native_write_json_as_string = 1`.
    static let jsonText = CapturedColumns.block([("j", CapturedColumns.jsonAsString)])
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

extension FlattenedDecodingTests {
    /// A `Dynamic` column whose prefix names the type `Dynamic` again, `levels` times (structure
    /// `version` 2 or 3); the data never arrives.
    static func nestedDynamic(levels: Int, version: UInt64) -> [UInt8] {
        let le = (0..<8).map { UInt8(truncatingIfNeeded: version >> (8 * $0)) }
        // Version 2: type count, name, then the Variant(Dynamic, SharedVariant) prefix (mode 0).
        let level = le + [1] + CapturedColumns.string("Dynamic") + (version == 2 ? [UInt8](repeating: 0, count: 8) : [])
        var out = [1, 1] + CapturedColumns.string("d") + CapturedColumns.string("Dynamic")
        out.reserveCapacity(out.count + level.count * levels)
        for _ in 0..<levels { out += level }
        return out
    }

    /// Found while adding the flattened seeds to the block fuzz target: a Dynamic may name
    /// Dynamic among its types, each level only a few bytes, and 200,000 levels (3.4 MB from a
    /// server) exhausted the stack. Nesting is now refused beyond 64 levels.
    @Test(arguments: [UInt64(2), 3])
    func deeplyNestedDynamicPrefixesAreRefused(version: UInt64) {
        #expect {
            _ = try Self.decode(Self.nestedDynamic(levels: 200_000, version: version))
        } throws: { error in
            error is ClickHouseError && "\(error)".contains("nested more than 64 levels")
        }
        // A few levels are fine as far as the prefix goes (the data is missing).
        #expect {
            _ = try Self.decode(Self.nestedDynamic(levels: 3, version: version))
        } throws: { error in
            !"\(error)".contains("nested more than")
        }
    }
}

extension FlattenedDecodingTests {
    /// The block fuzz target's finding: a JSON column's row count (an `Array(JSON)` offset: the
    /// fuzzer's near 2^39, here 2^40) sized the empty shared data before any byte backed it
    /// (4 TiB asked for, `Fuzz/regressions/block/oom-1960…`, V1 serialization); in the flattened
    /// serialization a JSON without paths has no bytes per row at all, so its row count is bounded.
    @Test(arguments: [UInt64(0), 3])
    func hugeJSONRowCountsAreRefusedBeforeAllocating(version: UInt64) throws {
        let le: (UInt64) -> [UInt8] = { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        // Prefix: version, (V1: max_dynamic_paths 0), no paths; then the array's one offset.
        let prefix = le(version) + (version == 0 ? [0] : []) + [0]
        let block = [1, 1] + CapturedColumns.string("a") + CapturedColumns.string("Array(JSON)") + prefix + le(1 << 40)
        #expect(throws: ClickHouseError.self) { _ = try Self.decode(block) }
        // A few empty objects are fine.
        let small = [1, 1] + CapturedColumns.string("a") + CapturedColumns.string("Array(JSON)") + prefix + le(3)
            + (version == 0 ? le(0) + le(0) + le(0) : [])
        let decoded = try Self.decode(small)
        #expect((decoded.columns[0] as? ArrayColumn)?.elements.count == 3)
    }
}
