import Testing
@testable import CHNative

/// Large column payloads handed to `WriteBuffer.bulkSink` without a copy (the compressed
/// insert path) must make exactly the bytes a plain write makes, in order.
@Suite struct BulkWriteTests {
    /// A block whose UInt64 and String payloads pass the bulk threshold, between small columns.
    func bigBlock(rows: Int) throws -> Block {
        let ids = try FixedWidthColumn<UInt64>(type: .uint64, values: (0..<rows).map { UInt64($0) &* 2_654_435_761 })
        let names = StringColumn((0..<rows).map { "name-\($0)-" + String(repeating: "x", count: $0 % 7) })
        let small = try FixedWidthColumn<UInt8>(type: .uint8, values: (0..<rows).map { UInt8(truncatingIfNeeded: $0) })
        return try Block([("small", small), ("id", ids), ("name", names)])
    }

    func plainBytes(_ block: Block) throws -> [UInt8] {
        let w = WriteBuffer()
        try BlockWriter.write(block, codecs: nil, to: w, revision: ProtocolRevision.current)
        return w.array
    }

    @Test(arguments: [100, 20_000, 70_000])
    func sinkPiecesConcatenateToThePlainBytes(rows: Int) throws {
        let block = try bigBlock(rows: rows)
        let expected = try plainBytes(block)
        let w = WriteBuffer()
        nonisolated(unsafe) var pieces: [[UInt8]] = []
        w.bulkSink = { pieces.append([UInt8]($0)) }
        try BlockWriter.write(block, codecs: nil, to: w, revision: ProtocolRevision.current)
        let all = pieces.flatMap { $0 } + w.array
        #expect(all == expected)
        // UInt64 payloads reach the threshold from 16,384 rows on, and each goes in two pieces:
        // the bytes before it topped up to the lead, then the rest of it.
        let bulkPayloads = (rows * 8 >= WriteBuffer.bulkThreshold ? 1 : 0) + (rows >= 20_000 ? 1 : 0)
        #expect(pieces.count == 2 * bulkPayloads)
        for (i, piece) in pieces.enumerated() where i % 2 == 0 {
            #expect(piece.count >= WriteBuffer.bulkLead)
        }
    }

    @Test(arguments: CompressionMethod.allCases)
    func compressedThroughTheSinkDecompressesToThePlainBytes(method: CompressionMethod) throws {
        let block = try bigBlock(rows: 300_000)
        let expected = try plainBytes(block)
        let compressor = FrameCompressor(method: method)
        let framed = WriteBuffer()
        let w = WriteBuffer()
        w.bulkSink = { try compressor.compress($0, into: framed) }
        try BlockWriter.write(block, codecs: nil, to: w, revision: ProtocolRevision.current)
        if w.count > 0 { try compressor.compress(w.bytes, into: framed) }
        let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: framed.bytes)))
        try out.ensure(expected.count)
        #expect(out.available == expected.count)
        #expect(try out.readBytes(count: expected.count) == expected)
        let decoded = try BlockReader.read(from: ReadBuffer(bytes: expected), revision: ProtocolRevision.current,
                                           context: DecodeContext(defaultTimezone: "UTC"))
        #expect(tsv(decoded) == tsv(block))
    }
}
