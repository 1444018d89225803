import CHNative

/// Mutations inside compressed frames: a byte flipped in a frame fails its CityHash128 checksum
/// and never reaches the block decoder, so for compressed captures the content of one frame is
/// decompressed, mutated like a plain stream, compressed again with the same method and given
/// a valid checksum. The decoder behind decompression then sees hostile blocks too.
public enum FrameMutator {
    /// The byte ranges of the valid frames in `bytes` (checksum, header and payload), in order.
    public static func frames(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        let prefix = CompressedFrame.checksumSize + CompressedFrame.headerSize
        while i + prefix <= bytes.count {
            if let end = frameEnd(bytes, at: i) {
                found.append(i..<end)
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// Where a valid frame starting at `start` ends, or nil when none starts there.
    static func frameEnd(_ bytes: [UInt8], at start: Int) -> Int? {
        let method = bytes[start + 16]
        guard method == 0x02 || method == 0x82 || method == 0x90 else { return nil }
        var size = 0
        for k in 0..<4 { size |= Int(bytes[start + 17 + k]) << (8 * k) }
        let end = start + CompressedFrame.checksumSize + size
        guard size >= CompressedFrame.headerSize, end <= bytes.count else { return nil }
        let hash = bytes.withUnsafeBytes { CityHash128.hash(UnsafeRawBufferPointer(rebasing: $0[(start + 16)..<end])) }
        var low: UInt64 = 0, high: UInt64 = 0
        for k in 0..<8 {
            low |= UInt64(bytes[start + k]) << (8 * UInt64(k))
            high |= UInt64(bytes[start + 8 + k]) << (8 * UInt64(k))
        }
        return hash.low == low && hash.high == high ? end : nil
    }

    /// `bytes` with the content of one frame (chosen by `seed`) mutated and re-framed; `nil`
    /// when the stream has no valid frame.
    public static func mutate(_ bytes: [UInt8], frames: [Range<Int>], seed: UInt64) -> [UInt8]? {
        guard !frames.isEmpty else { return nil }
        var rng = StreamMutator.Random(state: seed ^ 0x5DEE_CE66_D1CE_5EED)
        let range = frames[rng.below(frames.count)]
        let method: CompressionMethod
        switch bytes[range.lowerBound + 16] {
        case 0x82: method = .lz4
        case 0x90: method = .zstd
        default: method = .none
        }
        guard let plain = decompress(Array(bytes[range])) else { return nil }
        let mutated = StreamMutator.mutate(plain, seed: rng.next())
        guard let frame = compress(mutated, method: method) else { return nil }
        var out = bytes
        out.replaceSubrange(range, with: frame)
        return out
    }

    /// The content of one whole frame.
    static func decompress(_ frame: [UInt8]) -> [UInt8]? {
        let raw = ReadBuffer(bytes: frame)
        let decompressor = FrameDecompressor(raw: raw)
        let out = ReadBuffer(capacity: 1 << 16)
        do {
            try decompressor.fill(out)
        } catch {
            return nil
        }
        return Array(UnsafeRawBufferPointer(start: out.readPointer, count: out.available))
    }

    /// `content` as frames of `method` (the same framing the client sends with).
    static func compress(_ content: [UInt8], method: CompressionMethod) -> [UInt8]? {
        let compressor = FrameCompressor(method: method)
        let out = WriteBuffer()
        do {
            try content.withUnsafeBytes { try compressor.compress($0, into: out) }
        } catch {
            return nil
        }
        return Array(out.bytes)
    }
}
