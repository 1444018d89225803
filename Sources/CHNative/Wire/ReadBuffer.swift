/// A growable byte buffer that is read from the front and refilled at the back from a
/// ``ByteSource``.
///
/// All decoding in CHNative reads straight out of this buffer: fixed-width columns are bulk
/// copied, strings are scanned in place. The buffer is not thread-safe; one connection owns it.
package final class ReadBuffer {
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Offset of the next unread byte.
    package var readIndex: Int = 0
    /// Offset one past the last valid byte.
    package var writeIndex: Int = 0
    /// Where more bytes come from; `nil` for a buffer holding a fixed byte string.
    package var source: (any ByteSource)?
    /// The block being read names types in the binary type encoding (in its header and in
    /// `Dynamic` prefixes); set by ``BlockReader`` from the query's settings.
    package var binaryTypeNames = false
    /// How many `Dynamic` prefixes are being read inside one another (a Dynamic's types and a
    /// JSON's paths may themselves be Dynamic or JSON, named in the data, not in the column type).
    package var dynamicPrefixDepth = 0
    /// The deepest nesting of `Dynamic` prefixes read; deeper data is refused before the
    /// recursion can exhaust the stack.
    package static let maximumDynamicPrefixDepth = 64
    /// The largest single contiguous request honoured; guards against absurd lengths read from
    /// the wire turning into huge allocations.
    package let maximumContiguous: Int
    /// Bulk copies with at least this many bytes still to come bypass the buffer when the
    /// source supports it (``ByteSource/readDirect(into:count:)``).
    package static let directReadThreshold = 64 << 10
    /// Reuses the column arrays of the previous block (see ``ArrayRecycler``); `nil` for
    /// buffers that decode a single value or block.
    var recycler: ArrayRecycler?

    package init(capacity: Int = 1 << 20, source: (any ByteSource)? = nil, maximumContiguous: Int = 1 << 30) {
        self.capacity = max(capacity, 64)
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        self.source = source
        self.maximumContiguous = maximumContiguous
    }

    /// A buffer over a copy of `bytes`, with no source: reading past the end throws.
    package convenience init<C: Collection>(bytes: C) where C.Element == UInt8 {
        self.init(capacity: bytes.count + 64, source: nil)
        append(contentsOf: bytes)
    }

    deinit { storage.deallocate() }

    /// Bytes available without refilling.
    @inline(__always) package var available: Int { writeIndex &- readIndex }

    /// Free space at the back.
    @inline(__always) package var writableSpace: Int { capacity &- writeIndex }

    /// Pointer to the next unread byte.
    @inline(__always) package var readPointer: UnsafeRawPointer { UnsafeRawPointer(storage + readIndex) }

    /// Pointer to the free space at the back.
    @inline(__always) package var writePointer: UnsafeMutableRawPointer { storage + writeIndex }

    /// Drops everything.
    package func clear() {
        readIndex = 0
        writeIndex = 0
    }

    /// Makes room for at least `count` bytes at the back, compacting and growing as needed.
    package func reserveWritable(_ count: Int) throws {
        if writableSpace >= count { return }
        let live = available
        if readIndex > 0 && capacity - live >= count {
            if live > 0 { storage.copyMemory(from: storage + readIndex, byteCount: live) }
            readIndex = 0
            writeIndex = live
            return
        }
        let needed = live + count
        guard needed <= maximumContiguous + 64 else {
            throw ClickHouseError.protocolViolation("a length of \(count) bytes read from the stream exceeds the limit of \(maximumContiguous) bytes")
        }
        grow(toHold: needed)
    }

    /// Moves the unread bytes to the front of storage of at least `needed` bytes.
    private func grow(toHold needed: Int) {
        let live = available
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if live > 0 { newStorage.copyMemory(from: storage + readIndex, byteCount: live) }
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
        readIndex = 0
        writeIndex = live
    }

    /// Records that `count` bytes were written at ``writePointer``.
    @inline(__always) package func commitWrite(_ count: Int) { writeIndex &+= count }

    /// Appends bytes the caller holds (not read from the stream), so the size limit for
    /// stream lengths does not apply: the buffer always grows to hold them.
    package func append<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
        if writableSpace < bytes.count { grow(toHold: available + bytes.count) }
        var i = writeIndex
        for b in bytes {
            storage.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
            i += 1
        }
        writeIndex = i
    }

    package func append(_ bytes: UnsafeRawBufferPointer) throws {
        try reserveWritable(bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 {
            writePointer.copyMemory(from: base, byteCount: bytes.count)
        }
        writeIndex += bytes.count
    }

    /// Ensures at least `count` contiguous bytes are readable, refilling from the source.
    @inline(__always) package func ensure(_ count: Int) throws {
        if available >= count { return }
        try refill(count)
    }

    @inline(never) package func refill(_ count: Int) throws {
        guard count >= 0 else { throw ClickHouseError.protocolViolation("negative length \(count)") }
        guard let source else {
            throw ClickHouseError.protocolViolation("unexpected end of data: needed \(count) bytes, \(available) left")
        }
        if count > maximumContiguous {
            throw ClickHouseError.protocolViolation("a length of \(count) bytes read from the stream exceeds the limit of \(maximumContiguous) bytes")
        }
        // Grow with the bytes that actually arrive, at most doubling each time the buffer is
        // full: a length read from the stream never allocates more than twice what was sent.
        while available < count {
            let missing = count - available
            if writableSpace < min(missing, 4096) || writableSpace == 0 {
                try reserveWritable(min(missing, max(capacity, 1 << 16)))
            }
            try source.fill(self)
        }
    }

    /// Returns `true` when at least one more byte is (or can be made) available.
    package func hasMore() throws -> Bool {
        if available > 0 { return true }
        guard source != nil else { return false }
        try refill(1)
        return available > 0
    }

    @inline(__always) package func skip(_ count: Int) throws {
        var left = count
        while left > 0 {
            if available == 0 { try refill(1) }
            let n = min(left, available)
            readIndex &+= n
            left -= n
        }
    }

    // MARK: Primitive reads

    @inline(__always) package func readUInt8() throws -> UInt8 {
        if available < 1 { try refill(1) }
        let v = storage.load(fromByteOffset: readIndex, as: UInt8.self)
        readIndex &+= 1
        return v
    }

    /// Reads a little-endian fixed-width value.
    @inline(__always) package func readLE<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        if available < size { try refill(size) }
        let v = storage.loadUnaligned(fromByteOffset: readIndex, as: T.self)
        readIndex &+= size
        return T(littleEndian: v)
    }

    @inline(__always) package func readFloat64() throws -> Double {
        Double(bitPattern: try readLE(UInt64.self))
    }

    @inline(__always) package func readFloat32() throws -> Float {
        Float(bitPattern: try readLE(UInt32.self))
    }

    /// Reads an unsigned LEB128 variable-length integer (at most 10 bytes).
    @inline(__always) package func readVarUInt() throws -> UInt64 {
        if available >= 10 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            var i = readIndex
            while true {
                let byte = storage.load(fromByteOffset: i, as: UInt8.self)
                i &+= 1
                result |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift &+= 7
                if shift > 63 { throw ClickHouseError.protocolViolation("variable-length integer longer than 10 bytes") }
            }
            readIndex = i
            return result
        }
        return try readVarUIntSlow()
    }

    @inline(never) private func readVarUIntSlow() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readUInt8()
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ClickHouseError.protocolViolation("variable-length integer longer than 10 bytes") }
        }
    }

    /// Reads a varint that is used as a length or count, bounded by `limit`.
    @inline(__always) package func readLength(limit: Int = 1 << 30, what: @autoclosure () -> String = "length") throws -> Int {
        let v = try readVarUInt()
        guard v <= UInt64(limit) else {
            throw ClickHouseError.protocolViolation("\(what()) \(v) exceeds the limit of \(limit)")
        }
        return Int(v)
    }

    /// Reads a varint-length-prefixed string as raw bytes.
    package func readBytes() throws -> [UInt8] {
        let n = try readLength(what: "string length")
        return try readBytes(count: n)
    }

    package func readBytes(count n: Int) throws -> [UInt8] {
        try ensure(n)
        let out = [UInt8](UnsafeRawBufferPointer(start: storage + readIndex, count: n))
        readIndex += n
        return out
    }

    /// Reads a varint-length-prefixed string, decoding UTF-8 (invalid sequences repaired).
    package func readString() throws -> String {
        let n = try readLength(what: "string length")
        try ensure(n)
        let s = String(decoding: UnsafeRawBufferPointer(start: storage + readIndex, count: n), as: UTF8.self)
        readIndex += n
        return s
    }

    /// Copies exactly `count` bytes to `destination`, refilling as often as needed (the data
    /// need not fit the buffer at once).
    package func copyBytes(to destination: UnsafeMutableRawPointer, count: Int) throws {
        var done = 0
        while done < count {
            if available == 0 {
                // A large remainder is read from the socket straight into the destination.
                if count - done >= ReadBuffer.directReadThreshold, let source {
                    let n = try source.readDirect(into: destination + done, count: count - done)
                    if n > 0 {
                        done &+= n
                        continue
                    }
                }
                try refill(1)
            }
            let n = min(count - done, available)
            (destination + done).copyMemory(from: storage + readIndex, byteCount: n)
            readIndex &+= n
            done &+= n
        }
    }
}
