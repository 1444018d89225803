import CHNative
/// The packet and compressed-frame targets.
extension FuzzEntryPoints {
    /// The largest contiguous read of the decompressed streams. A connection allows 1 GiB (a
    /// String length or frame size read from the stream is reserved before its bytes arrive);
    /// the targets allow 16 MiB so they stay under libFuzzer's 256 MB allocation cap while
    /// still checking that the limit is enforced.
    package static let maximumContiguous = 1 << 24

    /// Server packets as a connection reads them after the handshake (``PacketReader``). The
    /// first byte's bit 0 turns on compression (Data, Totals and Extremes blocks then come in
    /// checksummed frames), bit 1 picks an old revision (54 405: short Progress, no sparse
    /// columns) instead of the current one. At most 32 packets are read.
    @Sendable package static func packetDecoder(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let first = bytes.first else { return "empty" }
        let input = ReadBuffer(bytes: bytes.dropFirst())
        let blockInput = first & 1 == 0 ? input : ReadBuffer(capacity: 64, source: FrameDecompressor(raw: input),
                                                             maximumContiguous: maximumContiguous)
        let revision: UInt64 = first & 2 == 0 ? ProtocolRevision.current : 54405
        let reader = PacketReader(input: input, blockInput: blockInput, revision: revision, timezone: "UTC", transport: nil)
        var packets = 0
        return outcome {
            while packets < 32, input.available > 0 {
                switch try reader.readPacket() {
                case .data(let b), .totals(let b), .extremes(let b), .log(let b), .profileEvents(let b):
                    exercise(b, revision: revision)
                case .exception(let e):
                    _ = "\(e)"
                case .endOfStream:
                    return "end of stream after \(packets) packet(s)"
                default:
                    break
                }
                packets += 1
            }
            return "read \(packets) packet(s)"
        }
    }

    /// ClickHouse compressed frames (``FrameDecompressor``): 16-byte CityHash128, method byte,
    /// sizes, payload. The first byte's bit 0 recomputes every frame's checksum before decoding
    /// (so mutated payloads reach LZ4 and ZSTD instead of failing the checksum); bit 1 decodes
    /// the decompressed stream as native blocks (current revision) instead of just reading it.
    @Sendable package static func frameDecoder(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let first = bytes.first else { return "empty" }
        var frames = Array(bytes.dropFirst())
        if first & 1 != 0 { fixChecksums(&frames) }
        let raw = ReadBuffer(bytes: frames)
        let decompressed = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: raw), maximumContiguous: maximumContiguous)
        return outcome {
            if first & 2 != 0 {
                var blocks = 0
                while blocks < 8, raw.available > 0 || decompressed.available > 0 {
                    let block = try BlockReader.read(from: decompressed, revision: ProtocolRevision.current,
                                                     context: DecodeContext(defaultTimezone: "UTC"))
                    exercise(block, revision: ProtocolRevision.current)
                    blocks += 1
                }
                return "decoded \(blocks) block(s)"
            }
            var total = 0
            while raw.available > 0 {
                try decompressed.ensure(1)
                total += decompressed.available
                try decompressed.skip(decompressed.available)
            }
            return "decompressed \(total) byte(s)"
        }
    }

    /// Rewrites the checksum of every whole frame in `frames` to match its contents.
    package static func fixChecksums(_ frames: inout [UInt8]) {
        let headerEnd = CompressedFrame.checksumSize + CompressedFrame.headerSize
        var offset = 0
        while offset + headerEnd <= frames.count {
            let sizeAt = offset + CompressedFrame.checksumSize + 1
            var size = 0
            for k in 0..<4 { size |= Int(frames[sizeAt + k]) << (8 * k) }
            let end = offset + CompressedFrame.checksumSize + size
            guard size >= CompressedFrame.headerSize, end <= frames.count else { return }
            let hash = frames.withUnsafeBytes {
                CityHash128.hash(UnsafeRawBufferPointer(rebasing: $0[(offset + CompressedFrame.checksumSize)..<end]))
            }
            for k in 0..<8 {
                frames[offset + k] = UInt8(truncatingIfNeeded: hash.low >> UInt64(8 * k))
                frames[offset + 8 + k] = UInt8(truncatingIfNeeded: hash.high >> UInt64(8 * k))
            }
            offset = end
        }
    }

    /// Type names (``TypeParser``), as UTF-8 text (invalid sequences repaired). A parsed type's
    /// name must parse again to the same name, and a codec must be available for it or refused
    /// with a ``ClickHouseError``.
    @Sendable package static func typeParser(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return outcome {
            let type = try TypeParser.parse(text)
            let name = type.name
            let again: CHType
            do {
                again = try TypeParser.parse(name)
            } catch {
                fatalError("type '\(text)' parsed, but its name '\(name)' does not: \(error)")
            }
            guard again.name == name else { fatalError("type '\(text)' is named '\(name)', which parses as '\(again.name)'") }
            try requireCodec(for: type)
            return "parsed \(name)"
        }
    }
}
