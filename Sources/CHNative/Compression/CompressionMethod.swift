/// Compression of data blocks on the wire.
public enum CompressionMethod: String, Sendable, Hashable, CaseIterable {
    /// Blocks are sent as they are.
    case none
    /// LZ4 frames (ClickHouse method byte 0x82).
    case lz4
    /// ZSTD frames (ClickHouse method byte 0x90).
    case zstd

    /// The method byte in the frame header.
    var methodByte: UInt8 {
        switch self {
        case .none: return 0x02
        case .lz4: return 0x82
        case .zstd: return 0x90
        }
    }
}

/// Layout constants of ClickHouse's compressed frame: 16-byte CityHash128 checksum, then a
/// 9-byte header (method byte, UInt32 compressed size including the header, UInt32
/// uncompressed size), then the payload.
package enum CompressedFrame {
    package static let checksumSize = 16
    package static let headerSize = 9
    /// Frames larger than this are refused as corrupt (ClickHouse's own limit is 1 GiB).
    static let maximumFrameSize = 1 << 30
}
