import Testing
@testable import CHNative

@Suite struct BlockCodingTests {
    func sampleBlock() throws -> Block {
        let ids = try FixedWidthColumn<UInt64>(type: .uint64, values: [0, 1, UInt64.max])
        let names = StringColumn(["", "héllo\tworld", String(repeating: "x", count: 300)])
        let nullable = try NullableColumn(nullMap: [1, 0, 1], nested: try FixedWidthColumn<Int32>(type: .int32, values: [0, -5, 0]))
        let arrays = try ArrayColumn(offsets: [2, 2, 5], elements: StringColumn(["a", "b", "c", "d", "e"]))
        let lc = try LowCardinalityColumn(strings: ["x", nil, "x"], nullable: true)
        let fixed = try FixedStringColumn(width: 3, values: [[1], [], [1, 2, 3]])
        let dt = try FixedWidthColumn<Int64>(type: .dateTime64(precision: 3, timezone: "UTC"), values: [0, 1_577_836_800_123, -1])
        let map = try MapColumn(offsets: [1, 1, 2], keys: StringColumn(["k", "z"]), values: try FixedWidthColumn<UInt64>(type: .uint64, values: [7, 8]))
        let tuple = try TupleColumn(elements: [try FixedWidthColumn<UInt8>(type: .uint8, values: [1, 2, 3]), StringColumn(["p", "q", "r"])])
        return try Block([("id", ids), ("name", names), ("n", nullable), ("arr", arrays), ("lc", lc), ("fs", fixed),
                          ("dt", dt), ("m", map), ("t", tuple)])
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
    func roundTripsThroughAnyChunking(chunk: Int) throws {
        let block = try sampleBlock()
        let (decoded, bytes) = try roundTrip(block, chunk: chunk)
        #expect(decoded.names == block.names)
        #expect(decoded.columns.map(\.type) == block.columns.map(\.type))
        #expect(tsv(decoded) == tsv(block))
        // Re-encoding the decoded block gives the same bytes.
        let w = WriteBuffer()
        try BlockWriter.write(decoded, codecs: nil, to: w, revision: ProtocolRevision.current)
        #expect(w.array == bytes)
    }

    @Test func textOfSampleBlock() throws {
        let expected = """
        0\t\t\\N\t['a','b']\tx\t\\u{01}\\0\\0\t1970-01-01 00:00:00.000\t{'k':7}\t(1,'p')
        1\théllo\\tworld\t-5\t[]\t\\N\t\\0\\0\\0\t2020-01-01 00:00:00.123\t{}\t(2,'q')

        """
        let lines = tsv(try sampleBlock()).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[1] == expected.split(separator: "\n")[1])
        #expect(lines[2].hasPrefix("18446744073709551615\t" + String(repeating: "x", count: 300) + "\t\\N\t['c','d','e']\tx\t\u{01}\u{02}\u{03}\t1969-12-31 23:59:59.999\t{'z':8}\t(3,'r')"))
    }

    @Test func truncatedInputIsAnErrorNotACrash() throws {
        let (_, bytes) = try roundTrip(try sampleBlock())
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            let r = ReadBuffer(bytes: bytes[..<cut])
            #expect(throws: ClickHouseError.self) {
                _ = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: nil))
            }
        }
    }

    @Test func absurdLengthsAreRefused() throws {
        // One String column claiming 2^40 rows, then a string claiming 2^50 bytes.
        let w = WriteBuffer()
        w.writeVarUInt(0) // block info end
        w.writeVarUInt(1)
        w.writeVarUInt(1 << 39)
        w.writeString("s")
        w.writeString("String")
        w.writeUInt8(0)
        w.writeVarUInt(1 << 50)
        let r = ReadBuffer(bytes: w.bytes)
        #expect(throws: ClickHouseError.self) {
            _ = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: nil))
        }
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var rng = SystemRandomNumberGenerator()
        var failures = 0
        for _ in 0..<3000 {
            let n = Int.random(in: 0..<200, using: &rng)
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Often start with a plausible header so decoding gets deeper.
            if Bool.random(using: &rng) { bytes = [0, 1, 3, 1, 0x78, 6] + Array("String".utf8) + [0] + bytes }
            let r = ReadBuffer(bytes: bytes)
            do {
                _ = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: nil))
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
    }
}
