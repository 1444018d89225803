/// Something that can append bytes to a ``ReadBuffer`` on demand: a socket, a TLS stream or a
/// decompressing stream.
///
/// `fill(_:minimum:)` must append at least `minimum` bytes... or as many as it can and at least one;
/// it throws when the underlying stream has ended or failed.
protocol ByteSource: AnyObject {
    /// Appends at least one byte to `buffer` (growing it when needed); reads as much as is
    /// cheaply available. Throws ``ClickHouseError`` on end of stream, timeout or I/O failure.
    func fill(_ buffer: ReadBuffer) throws
}

/// Something bytes can be written to.
protocol ByteSink: AnyObject {
    /// Writes all of `bytes` or throws.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}
