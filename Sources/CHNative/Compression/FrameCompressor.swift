import CLZ4
import CZSTD

/// Compresses outgoing block bytes into ClickHouse frames with CityHash128 checksums.
final class FrameCompressor {
    let method: CompressionMethod
    /// Bytes per frame before compression (ClickHouse's default `max_compress_block_size`).
    let frameSize: Int
    private var zstdContext: OpaquePointer?
    private let zstdLevel: Int32

    init(method: CompressionMethod, frameSize: Int = 1 << 20, zstdLevel: Int32 = 1) {
        self.method = method
        self.frameSize = frameSize
        self.zstdLevel = zstdLevel
    }

    deinit {
        if let zstdContext { ZSTD_freeCCtx(zstdContext) }
    }

    /// Appends `input` to `output` as one or more compressed frames.
    func compress(_ input: UnsafeRawBufferPointer, into output: WriteBuffer) throws {
        var offset = 0
        repeat {
            let n = min(frameSize, input.count - offset)
            try compressFrame(UnsafeRawBufferPointer(rebasing: input[offset..<(offset + n)]), into: output)
            offset += n
        } while offset < input.count
    }

    private func compressFrame(_ input: UnsafeRawBufferPointer, into output: WriteBuffer) throws {
        let bound: Int
        switch method {
        case .none: bound = input.count
        case .lz4: bound = Int(LZ4_compressBound(Int32(input.count)))
        case .zstd: bound = ZSTD_compressBound(input.count)
        }
        let total = CompressedFrame.checksumSize + CompressedFrame.headerSize + bound
        let start = output.writableBytes(total)
        let payload = start + CompressedFrame.checksumSize + CompressedFrame.headerSize
        let written: Int
        switch method {
        case .none:
            if let base = input.baseAddress, input.count > 0 { payload.copyMemory(from: base, byteCount: input.count) }
            written = input.count
        case .lz4:
            let n = LZ4_compress_default(input.baseAddress?.assumingMemoryBound(to: CChar.self),
                                         payload.assumingMemoryBound(to: CChar.self),
                                         Int32(input.count), Int32(bound))
            guard n > 0 || input.count == 0 else { throw ClickHouseError.invalidState("LZ4 compression failed") }
            written = Int(n)
        case .zstd:
            if zstdContext == nil { zstdContext = ZSTD_createCCtx() }
            let n = ZSTD_compressCCtx(zstdContext, payload, bound, input.baseAddress, input.count, zstdLevel)
            guard ZSTD_isError(n) == 0 else {
                throw ClickHouseError.invalidState("ZSTD compression failed: \(String(cString: ZSTD_getErrorName(n)))")
            }
            written = n
        }
        let header = start + CompressedFrame.checksumSize
        header.storeBytes(of: method.methodByte, as: UInt8.self)
        header.storeBytes(of: UInt32(written + CompressedFrame.headerSize).littleEndian, toByteOffset: 1, as: UInt32.self)
        header.storeBytes(of: UInt32(input.count).littleEndian, toByteOffset: 5, as: UInt32.self)
        let hash = CityHash128.hash(UnsafeRawBufferPointer(start: header, count: CompressedFrame.headerSize + written))
        start.storeBytes(of: hash.low.littleEndian, as: UInt64.self)
        start.storeBytes(of: hash.high.littleEndian, toByteOffset: 8, as: UInt64.self)
        output.commit(CompressedFrame.checksumSize + CompressedFrame.headerSize + written)
    }
}
