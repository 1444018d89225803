import CLZ4
import CZSTD

/// A ``ByteSource`` that reads ClickHouse compressed frames from the raw connection buffer,
/// verifies each frame's CityHash128 checksum and decompresses the payload straight into the
/// reading buffer. A frame whose checksum does not match is never decoded.
package final class FrameDecompressor: ByteSource {
    private let raw: ReadBuffer
    private var zstdContext: OpaquePointer?

    package init(raw: ReadBuffer) {
        self.raw = raw
    }

    deinit {
        if let zstdContext { ZSTD_freeDCtx(zstdContext) }
    }

    package func fill(_ buffer: ReadBuffer) throws {
        // Empty frames add nothing: read on (a loop, so a long run of them cannot exhaust the stack).
        while try fillFrame(buffer) == 0 {}
    }

    /// Decodes one frame into `buffer`; returns its uncompressed size.
    private func fillFrame(_ buffer: ReadBuffer) throws -> Int {
        try raw.ensure(CompressedFrame.checksumSize + CompressedFrame.headerSize)
        let header = raw.readPointer
        let expectedLow = UInt64(littleEndian: header.loadUnaligned(as: UInt64.self))
        let expectedHigh = UInt64(littleEndian: header.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let method = header.load(fromByteOffset: 16, as: UInt8.self)
        let compressedSize = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 17, as: UInt32.self)))
        let uncompressedSize = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 21, as: UInt32.self)))
        guard compressedSize >= CompressedFrame.headerSize, compressedSize <= CompressedFrame.maximumFrameSize,
              uncompressedSize <= CompressedFrame.maximumFrameSize else {
            throw ClickHouseError.corruptCompressedData("frame header claims compressed size \(compressedSize) and uncompressed size \(uncompressedSize)")
        }
        try raw.ensure(CompressedFrame.checksumSize + compressedSize)
        let frame = UnsafeRawBufferPointer(start: raw.readPointer + CompressedFrame.checksumSize, count: compressedSize)
        let actual = CityHash128.hash(frame)
        guard actual.low == expectedLow, actual.high == expectedHigh else {
            throw ClickHouseError.corruptCompressedData("checksum mismatch in a \(compressedSize)-byte frame (method 0x\(String(method, radix: 16)))")
        }
        let payload = UnsafeRawBufferPointer(rebasing: frame[CompressedFrame.headerSize...])
        // Refuse a size the payload cannot expand to before reserving memory for it (found by
        // fuzzing: a 39-byte ZSTD frame claiming 671 MB made the buffer allocate 1 GiB).
        guard let largest = FrameDecompressor.largestExpansion(of: payload, method: method) else {
            throw ClickHouseError.corruptCompressedData("unknown compression method byte 0x\(String(method, radix: 16))")
        }
        guard uncompressedSize <= largest else {
            throw ClickHouseError.corruptCompressedData("a \(compressedSize)-byte frame (method 0x\(String(method, radix: 16))) claims \(uncompressedSize) uncompressed bytes")
        }
        try buffer.reserveWritable(uncompressedSize)
        let target = buffer.writePointer
        switch method {
        case 0x02:
            guard payload.count == uncompressedSize else {
                throw ClickHouseError.corruptCompressedData("uncompressed frame of \(payload.count) bytes claims \(uncompressedSize)")
            }
            if uncompressedSize > 0, let base = payload.baseAddress { target.copyMemory(from: base, byteCount: uncompressedSize) }
        case 0x82:
            let n = LZ4_decompress_safe(payload.baseAddress?.assumingMemoryBound(to: CChar.self),
                                        target.assumingMemoryBound(to: CChar.self),
                                        Int32(payload.count), Int32(uncompressedSize))
            guard n == Int32(uncompressedSize) else {
                throw ClickHouseError.corruptCompressedData("LZ4 frame did not decompress to the \(uncompressedSize) bytes it claims (result \(n))")
            }
        case 0x90:
            if zstdContext == nil { zstdContext = ZSTD_createDCtx() }
            let n = ZSTD_decompressDCtx(zstdContext, target, uncompressedSize, payload.baseAddress, payload.count)
            guard ZSTD_isError(n) == 0, n == uncompressedSize else {
                let reason = ZSTD_isError(n) != 0 ? String(cString: ZSTD_getErrorName(n)) : "got \(n) bytes"
                throw ClickHouseError.corruptCompressedData("ZSTD frame did not decompress to the \(uncompressedSize) bytes it claims: \(reason)")
            }
        default:
            throw ClickHouseError.corruptCompressedData("unknown compression method byte 0x\(String(method, radix: 16))")
        }
        raw.readIndex += CompressedFrame.checksumSize + compressedSize
        buffer.commitWrite(uncompressedSize)
        return uncompressedSize
    }
}

extension FrameDecompressor {
    /// The most bytes `payload` can decompress to: itself when stored, 255 per byte for LZ4
    /// (a match length grows by at most 255 per input byte), the size in the ZSTD frame header
    /// when it has one, else a 128 KiB block per 4 bytes (ZSTD's RLE blocks); `nil` for an
    /// unknown method.
    /// (Additive check before the allocation; the decompressors still verify the exact size.)
    static func largestExpansion(of payload: UnsafeRawBufferPointer, method: UInt8) -> Int? {
        switch method {
        case 0x82: return payload.count * 255 + 64
        case 0x90:
            let declared = ZSTD_getFrameContentSize(payload.baseAddress, payload.count)
            // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest values.
            if declared < UInt64.max - 1 { return Int(clamping: declared) }
            return (payload.count / 4 + 1) * (1 << 17)
        case 0x02: return payload.count
        default: return nil // an unknown method
        }
    }
}
