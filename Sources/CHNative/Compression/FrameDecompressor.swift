import CLZ4
import CZSTD

/// A ``ByteSource`` that reads ClickHouse compressed frames from the raw connection buffer,
/// verifies each frame's CityHash128 checksum and decompresses the payload straight into the
/// reading buffer. A frame whose checksum does not match is never decoded.
final class FrameDecompressor: ByteSource {
    private let raw: ReadBuffer
    private var zstdContext: OpaquePointer?

    init(raw: ReadBuffer) {
        self.raw = raw
    }

    deinit {
        if let zstdContext { ZSTD_freeDCtx(zstdContext) }
    }

    func fill(_ buffer: ReadBuffer) throws {
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
        if uncompressedSize == 0 { try fill(buffer) }
    }
}
