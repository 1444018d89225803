/// Something that can append bytes to a ``ReadBuffer`` on demand: a socket, a TLS stream or a
/// decompressing stream.
///
/// `fill(_:minimum:)` must append at least `minimum` bytes... or as many as it can and at least one;
/// it throws when the underlying stream has ended or failed.
package protocol ByteSource: AnyObject {
    /// Appends at least one byte to `buffer` (growing it when needed); reads as much as is
    /// cheaply available. Throws ``ClickHouseError`` on end of stream, timeout or I/O failure.
    func fill(_ buffer: ReadBuffer) throws

    /// Reads at least one and at most `count` bytes straight into `destination`, bypassing
    /// the buffer, and returns how many; `0` when this source cannot (the caller then goes
    /// through ``fill(_:)``). Used for large bulk copies, to save a `memcpy`.
    func readDirect(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int
}

extension ByteSource {
    package func readDirect(into destination: UnsafeMutableRawPointer, count: Int) throws -> Int { 0 }
}

/// Something bytes can be written to.
package protocol ByteSink: AnyObject {
    /// Writes all of `bytes` or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}
