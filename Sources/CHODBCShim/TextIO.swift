/// Reading strings the application passes in and writing strings into its buffers, for the
/// ANSI entry points (UTF-8 bytes) and the `W` entry points (UTF-16 code units, as unixODBC's
/// 2-byte `SQLWCHAR`).
enum TextIO {
    /// Longest input string accepted (1 GiB); anything longer is a corrupted length.
    static let maximumInputLength = 1 << 30

    /// Decodes an ANSI argument. `nil` pointer gives `nil`; `length` is in bytes or `SQL_NTS`.
    static func ansi(_ pointer: UnsafePointer<UInt8>?, _ length: Int, _ what: String) throws -> String? {
        guard let pointer else { return nil }
        if length == K.SQL_NTS {
            return String(cString: pointer)
        }
        guard length >= 0, length <= maximumInputLength else { throw ODBCError.badLength(what, length) }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Decodes a `W` argument. `length` is in characters (UTF-16 units) or `SQL_NTS`.
    static func wide(_ pointer: UnsafePointer<UInt16>?, _ length: Int, _ what: String) throws -> String? {
        guard let pointer else { return nil }
        var count = length
        if length == K.SQL_NTS {
            count = 0
            while pointer[count] != 0 {
                count += 1
                if count > maximumInputLength { throw ODBCError.badLength(what, count) }
            }
        } else {
            guard length >= 0, length <= maximumInputLength else { throw ODBCError.badLength(what, length) }
        }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF16.self)
    }

    /// Writes `text` NUL-terminated into a buffer of `capacity` units (1 byte for ANSI,
    /// 2 bytes for wide), truncating on a character boundary. Returns the full length in
    /// units and whether the text was truncated.
    static func write(_ text: String, to buffer: UnsafeMutableRawPointer?, capacityUnits: Int, wide: Bool) -> (length: Int, truncated: Bool) {
        if wide {
            let units = Array(text.utf16)
            return writeUnits(units, to: buffer, capacityUnits: capacityUnits)
        }
        let bytes = Array(text.utf8)
        return writeBytes(bytes, to: buffer, capacity: capacityUnits)
    }

    static func writeBytes(_ bytes: [UInt8], to buffer: UnsafeMutableRawPointer?, capacity: Int) -> (length: Int, truncated: Bool) {
        guard let buffer, capacity > 0 else { return (bytes.count, !bytes.isEmpty) }
        var n = min(bytes.count, capacity - 1)
        // Do not cut a UTF-8 sequence: back off to the start of the character.
        if n < bytes.count {
            while n > 0 && bytes[n] & 0xC0 == 0x80 { n -= 1 }
        }
        let out = buffer.assumingMemoryBound(to: UInt8.self)
        bytes.withUnsafeBufferPointer { src in
            if n > 0, let base = src.baseAddress { out.update(from: base, count: n) }
        }
        out[n] = 0
        return (bytes.count, n < bytes.count)
    }

    static func writeUnits(_ units: [UInt16], to buffer: UnsafeMutableRawPointer?, capacityUnits: Int) -> (length: Int, truncated: Bool) {
        guard let buffer, capacityUnits > 0 else { return (units.count, !units.isEmpty) }
        var n = min(units.count, capacityUnits - 1)
        // Do not split a surrogate pair.
        if n < units.count, n > 0, UTF16.isLeadSurrogate(units[n - 1]) { n -= 1 }
        let out = buffer.assumingMemoryBound(to: UInt16.self)
        units.withUnsafeBufferPointer { src in
            if n > 0, let base = src.baseAddress { out.update(from: base, count: n) }
        }
        out[n] = 0
        return (units.count, n < units.count)
    }
}

/// The outcome of writing a string result: SQL_SUCCESS, or SQL_SUCCESS_WITH_INFO with 01004
/// when it was truncated.
struct StringOutput {
    /// Writes `text` for an entry point and records 01004 on `handle` when truncated.
    /// `capacity` is in bytes when `capacityInBytes` (the `W` functions that take byte
    /// lengths) else in characters; `storeLength` receives the length in the same unit.
    @discardableResult
    static func put(_ text: String, buffer: UnsafeMutableRawPointer?, capacity: Int, wide: Bool, capacityInBytes: Bool,
                    diagnostics: inout Diagnostics, storeLength: (Int) -> Void) throws -> Bool {
        guard capacity >= 0 else { throw ODBCError.badLength("output buffer", capacity) }
        let unitSize = wide ? 2 : 1
        let capacityUnits = capacityInBytes ? capacity / unitSize : capacity
        let (length, truncated) = TextIO.write(text, to: buffer, capacityUnits: capacityUnits, wide: wide)
        storeLength(capacityInBytes ? length * unitSize : length)
        if truncated && buffer != nil {
            diagnostics.add("01004", "string data, right truncated: \(length) characters did not fit in a buffer of \(capacityUnits)")
            return true
        }
        return false
    }
}
