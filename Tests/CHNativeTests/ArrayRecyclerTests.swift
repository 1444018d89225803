import Testing
@testable import CHNative

/// A chunked source that also supports direct reads (like a socket), so bulk copies take the
/// path that bypasses the buffer.
final class DirectChunkedSource: ChunkedSource {
    var directReads = 0

    override func readDirect(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard offset < bytes.count else { throw ClickHouseError.connectionClosed("end of test data") }
        let n = min(chunk, count, bytes.count - offset)
        bytes[offset..<(offset + n)].withUnsafeBytes { if let base = $0.baseAddress { destination.copyMemory(from: base, byteCount: n) } }
        offset += n
        directReads += 1
        return n
    }
}

@Suite struct ArrayRecyclerTests {
    /// A block of `rows` rows whose values depend on `seed`, with every column kind that
    /// decodes through recycled arrays (fixed width, strings, null maps, array offsets,
    /// LowCardinality indexes, FixedString bytes).
    func block(rows: Int, seed: Int) throws -> Block {
        let ids = try FixedWidthColumn<UInt64>(type: .uint64, values: (0..<rows).map { UInt64($0 &* 31 &+ seed) })
        let names = StringColumn((0..<rows).map { i in String(repeating: "s\(seed)-", count: (i + seed) % 5) + String(i) })
        let nullable = try NullableColumn(nullMap: (0..<rows).map { UInt8(($0 + seed) % 3 == 0 ? 1 : 0) },
                                          nested: try FixedWidthColumn<Int32>(type: .int32, values: (0..<rows).map { Int32($0 - seed) }))
        var offsets: [UInt64] = []
        var elements: [String] = []
        for i in 0..<rows {
            for j in 0..<((i + seed) % 3) { elements.append("e\(i).\(j)") }
            offsets.append(UInt64(elements.count))
        }
        let arrays = try ArrayColumn(offsets: offsets, elements: StringColumn(elements))
        let lc = try LowCardinalityColumn(strings: (0..<rows).map { ($0 + seed) % 4 == 0 ? nil : "k\(($0 + seed) % 7)" }, nullable: true)
        let fixed = try FixedStringColumn(width: 3, values: (0..<rows).map { [UInt8(truncatingIfNeeded: $0 + seed)] })
        return try Block([("id", ids), ("name", names), ("n", nullable), ("arr", arrays), ("lc", lc), ("fs", fixed)])
    }

    func encode(_ blocks: [Block]) throws -> [UInt8] {
        let w = WriteBuffer()
        for b in blocks { try BlockWriter.write(b, codecs: nil, to: w, revision: ProtocolRevision.current) }
        return w.array
    }

    func decoder(_ bytes: [UInt8], chunk: Int, direct: Bool) -> ReadBuffer {
        let source: any ByteSource = direct ? DirectChunkedSource(bytes, chunk: chunk) : ChunkedSource(bytes, chunk: chunk)
        let r = ReadBuffer(capacity: 64, source: source)
        r.recycler = ArrayRecycler()
        return r
    }

    /// Row counts that grow, shrink and repeat, so arrays are reused with too many, too few
    /// and exactly enough elements.
    let shapes = [(300, 1), (300, 2), (17, 3), (1000, 4), (0, 5), (1000, 6), (5, 7), (40_000, 8), (40_000, 9)]

    @Test(arguments: [(7, false), (4096, false), (1 << 20, false), (333, true), (1 << 20, true)])
    func retainedBlocksAreNeverOverwritten(chunk: Int, direct: Bool) throws {
        let originals = try shapes.map { try block(rows: $0.0, seed: $0.1) }
        let r = decoder(try encode(originals), chunk: chunk, direct: direct)
        var decoded: [Block] = []
        for _ in originals {
            decoded.append(try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: "UTC")))
        }
        // Every block the caller kept still holds its own values after later blocks reused
        // (or tried to reuse) its storage.
        for (d, o) in zip(decoded, originals) {
            #expect(d.rowCount == o.rowCount)
            #expect(tsv(d) == tsv(o))
        }
    }

    @Test(arguments: [(5, false), (65536, false), (1000, true)])
    func droppedBlocksAreRefilledCorrectly(chunk: Int, direct: Bool) throws {
        let originals = try shapes.map { try block(rows: $0.0, seed: $0.1) }
        let r = decoder(try encode(originals), chunk: chunk, direct: direct)
        for o in originals {
            let d = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: "UTC"))
            #expect(tsv(d) == tsv(o))
        }
    }

    @Test func storageOfADroppedBlockIsReused() throws {
        let bytes = try encode([try block(rows: 5000, seed: 1), try block(rows: 5000, seed: 2)])
        let r = decoder(bytes, chunk: 1 << 20, direct: false)
        func address(_ block: Block) -> Int? {
            (block.columns[0] as? FixedWidthColumn<UInt64>)?.values.withUnsafeBufferPointer { $0.baseAddress.map { Int(bitPattern: $0) } }
        }
        var first: Block? = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: "UTC"))
        let firstAddress = first.flatMap(address)
        first = nil
        let second = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: "UTC"))
        #expect(firstAddress != nil)
        #expect(address(second) == firstAddress)
        #expect(tsv(second) == tsv(try block(rows: 5000, seed: 2)))
    }

    @Test func largeFixedWidthColumnsAreReadDirectly() throws {
        let rows = 100_000
        let original = try Block([("v", try FixedWidthColumn<UInt64>(type: .uint64, values: (0..<rows).map { UInt64($0) &* 0x9E37_79B9 }))])
        let source = DirectChunkedSource(try encode([original]), chunk: 50_000)
        let r = ReadBuffer(capacity: 64, source: source)
        let d = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: "UTC"))
        #expect((d.columns[0] as? FixedWidthColumn<UInt64>)?.values == (original.columns[0] as? FixedWidthColumn<UInt64>)?.values)
        #expect(source.directReads > 0)
    }

    @Test func truncatedInputIsAClearError() throws {
        let bytes = try encode([try block(rows: 3000, seed: 1)])
        for cut in [bytes.count / 3, bytes.count / 2, bytes.count - 1] {
            let r = decoder(Array(bytes[..<cut]), chunk: 1000, direct: true)
            #expect(throws: ClickHouseError.self) {
                _ = try BlockReader.read(from: r, revision: ProtocolRevision.current, context: DecodeContext(defaultTimezone: "UTC"))
            }
        }
    }
}
