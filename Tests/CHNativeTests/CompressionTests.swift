import Testing
@testable import CHNative

@Suite struct CompressionTests {
    func payload(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: ($0 * 7) ^ ($0 >> 5)) } }

    @Test(arguments: CompressionMethod.allCases)
    func roundTrip(method: CompressionMethod) throws {
        for size in [0, 1, 100, 70_000, 3 << 20] {
            let input = payload(size)
            let framed = WriteBuffer()
            try input.withUnsafeBytes { try FrameCompressor(method: method).compress($0, into: framed) }
            let raw = ReadBuffer(bytes: framed.bytes)
            let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: raw))
            if size > 0 { try out.ensure(size) }
            #expect(out.available == size)
            #expect(try out.readBytes(count: size) == input)
        }
    }

    /// Two lanes give the same bytes back as one lane, with frames of equal size (at least two
    /// once the block reaches the parallel threshold) that each stay within the frame size.
    @Test(arguments: CompressionMethod.allCases)
    func parallelLanesRoundTrip(method: CompressionMethod) throws {
        for size in [FrameCompressor.parallelThreshold - 1, FrameCompressor.parallelThreshold, 1 << 20, (5 << 20) + 3] {
            let input = payload(size)
            let parallel = FrameCompressor(method: method, lanes: 2)
            let frames = parallel.frameLengths(size)
            #expect(frames.reduce(0, +) == size)
            #expect(frames.allSatisfy { $0 <= parallel.frameSize })
            #expect((frames.max() ?? 0) - (frames.min() ?? 0) <= 1)
            if method != .none {
                #expect(frames.count == (size < FrameCompressor.parallelThreshold ? 1 : max(2, (size + parallel.frameSize - 1) / parallel.frameSize)))
            }
            for compressor in [parallel, FrameCompressor(method: method, lanes: 1)] {
                let framed = WriteBuffer()
                try input.withUnsafeBytes { try compressor.compress($0, into: framed) }
                let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: framed.bytes)))
                try out.ensure(size)
                #expect(out.available == size)
                #expect(try out.readBytes(count: size) == input)
            }
        }
    }

    /// The level reaches the codec: a harder ZSTD level or a lower LZ4 acceleration gives
    /// fewer bytes on text-like data, and every level decodes to the same input.
    @Test func levelsChangeTheFramesButNotTheData() throws {
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        var generator = SeededGenerator(seed: 42)
        let text = Array((0..<200_000).map { _ in words[Int(generator.next() % 8)] }.joined(separator: " ").utf8)
        func size(_ method: CompressionMethod, _ level: Int) throws -> Int {
            let framed = WriteBuffer()
            try text.withUnsafeBytes { try FrameCompressor(method: method, level: level).compress($0, into: framed) }
            let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: framed.bytes)))
            try out.ensure(text.count)
            #expect(try out.readBytes(count: text.count) == text, "\(method) level \(level)")
            return framed.bytes.count
        }
        #expect(try size(.zstd, 19) < size(.zstd, 1))
        #expect(try size(.zstd, 1) < size(.zstd, -50))
        #expect(try size(.lz4, 1) < size(.lz4, 200))
        #expect(try size(.lz4, 0) == size(.lz4, 1), "an acceleration below 1 is 1")
    }

    @Test(arguments: CompressionMethod.allCases)
    func corruptFrameIsRejected(method: CompressionMethod) throws {
        let input = payload(5000)
        let framed = WriteBuffer()
        try input.withUnsafeBytes { try FrameCompressor(method: method).compress($0, into: framed) }
        var bytes = framed.array
        bytes[bytes.count / 2] ^= 0x40
        let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: bytes)))
        do {
            try out.ensure(1)
            Issue.record("a corrupt frame was decoded")
        } catch let error as ClickHouseError {
            guard case .corruptCompressedData(let why) = error else { Issue.record("wrong error \(error)"); return }
            #expect(why.contains("checksum"))
        }
        #expect(out.available == 0)
    }

    @Test func absurdFrameSizeIsRejected() throws {
        var header = [UInt8](repeating: 0, count: 16) + [0x82]
        header += withUnsafeBytes(of: UInt32(0xFFFF_FFF0).littleEndian, Array.init)
        header += withUnsafeBytes(of: UInt32(10).littleEndian, Array.init)
        let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: header)))
        #expect(throws: ClickHouseError.self) { try out.ensure(1) }
    }
}

