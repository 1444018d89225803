/// A growable output buffer for building packets and encoding columns.
///
/// Values are appended little-endian; ``bytes`` exposes what was written so far.
package final class WriteBuffer {
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Number of bytes written.
    private(set) var count: Int = 0
    /// The block being written names types in the binary type encoding (in its header and in
    /// `Dynamic` prefixes), as `input_format_native_decode_types_in_binary_format` asks; set
    /// by ``BlockWriter``.
    package var binaryTypeNames = false
    /// Takes large column payloads in place of a copy: set while a block is written to be
    /// compressed (``Connection``), so the compressor reads a column's own memory. It receives
    /// the bytes written so far first, then the payload, in order.
    package var bulkSink: ((UnsafeRawBufferPointer) throws -> Void)?
    /// Payloads from this size on go to ``bulkSink``; smaller ones are copied.
    package static let bulkThreshold = 128 << 10
    /// Before a payload goes to ``bulkSink``, the bytes written so far are topped up from it to
    /// this size (when it has that many), so that no frame holds only a few header bytes.
    package static let bulkLead = 64 << 10

    package init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The written bytes.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// A copy of the written bytes.
    package var array: [UInt8] { [UInt8](bytes) }

    package func clear() { count = 0 }

    /// Drops the first `n` written bytes.
    package func removeFirst(_ n: Int) {
        let rest = count - n
        if rest > 0 { storage.copyMemory(from: storage + n, byteCount: rest) }
        count = max(rest, 0)
    }

    @inline(__always) package func reserve(_ extra: Int) {
        if capacity - count >= extra { return }
        grow(extra)
    }

    @inline(never) private func grow(_ extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < extra { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newStorage.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }

    /// Pointer to where the next `extra` bytes go, after reserving them; call ``commit(_:)``.
    @inline(__always) package func writableBytes(_ extra: Int) -> UnsafeMutableRawPointer {
        reserve(extra)
        return storage + count
    }

    @inline(__always) package func commit(_ n: Int) { count &+= n }

    @inline(__always) package func writeUInt8(_ v: UInt8) {
        reserve(1)
        storage.storeBytes(of: v, toByteOffset: count, as: UInt8.self)
        count &+= 1
    }

    @inline(__always) package func writeLE<T: FixedWidthInteger>(_ v: T) {
        let size = MemoryLayout<T>.size
        reserve(size)
        (storage + count).storeBytes(of: v.littleEndian, as: T.self)
        count &+= size
    }

    @inline(__always) package func writeVarUInt(_ value: UInt64) {
        reserve(10)
        var v = value
        var i = count
        while v >= 0x80 {
            storage.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: i, as: UInt8.self)
            v >>= 7
            i &+= 1
        }
        storage.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: i, as: UInt8.self)
        count = i &+ 1
    }

    @inline(__always) package func writeVarInt(_ value: Int) { writeVarUInt(UInt64(bitPattern: Int64(value))) }

    package func write(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        (storage + count).copyMemory(from: base, byteCount: raw.count)
        count &+= raw.count
    }

    package func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes a column payload: copied like ``write(_:)-(UnsafeRawBufferPointer)``, or, when
    /// ``bulkSink`` is set and the payload is large, handed to it without a copy after the
    /// bytes written so far (topped up with the payload's first ``bulkLead`` bytes).
    package func writeBulk(_ raw: UnsafeRawBufferPointer) throws {
        guard let sink = bulkSink, raw.count >= Self.bulkThreshold else {
            write(raw)
            return
        }
        let lead = min(raw.count, max(0, Self.bulkLead - count))
        write(UnsafeRawBufferPointer(rebasing: raw[..<lead]))
        try sink(bytes)
        clear()
        try sink(UnsafeRawBufferPointer(rebasing: raw[lead...]))
    }

    /// Writes a varint length prefix followed by the UTF-8 bytes of `s`.
    package func writeString(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            writeVarUInt(UInt64(utf8.count))
            write(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Writes a varint length prefix followed by `bytes`.
    package func writeBytesWithLength(_ bytes: UnsafeRawBufferPointer) {
        writeVarUInt(UInt64(bytes.count))
        write(bytes)
    }
}
