@testable import CHNative

/// A byte source that hands out a fixed byte string in small pieces, to exercise every
/// buffer-boundary path of the decoders.
class ChunkedSource: ByteSource {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func fill(_ buffer: ReadBuffer) throws {
        guard offset < bytes.count else { throw ClickHouseError.connectionClosed("end of test data") }
        let n = min(chunk, bytes.count - offset)
        try bytes[offset..<(offset + n)].withUnsafeBytes { try buffer.append($0) }
        offset += n
    }

    /// No direct reads (declared here, not left to the protocol's default, so that
    /// ``DirectChunkedSource`` can override it).
    func readDirect(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int { 0 }
}

/// Encodes `block` and decodes it back through a reader fed `chunk` bytes at a time.
func roundTrip(_ block: Block, chunk: Int = 1 << 20, revision: UInt64 = ProtocolRevision.current) throws -> (Block, [UInt8]) {
    let w = WriteBuffer()
    try BlockWriter.write(block, codecs: nil, to: w, revision: revision)
    let bytes = w.array
    let r = ReadBuffer(capacity: 64, source: ChunkedSource(bytes, chunk: chunk))
    let decoded = try BlockReader.read(from: r, revision: revision, context: DecodeContext(defaultTimezone: "UTC"))
    return (decoded, bytes)
}

/// The TabSeparated text of every row of `block`.
func tsv(_ block: Block) -> String {
    var f = ResultFormatter(format: .tabSeparated)
    var out = TextOutput()
    f.write(block, to: &out)
    return String(decoding: out.bytes, as: UTF8.self)
}
