#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// IPv4: four decimal octets separated by dots.
struct IPv4Parser: ScalarTextParser {
    var type: CHType { .ipv4 }
    var zero: UInt32 { 0 }
    var quotedInComposites: Bool { true }

    func parse(_ text: UnsafeRawBufferPointer) throws -> UInt32 {
        guard let v = Self.address(text) else { throw invalid(text, "expected an IPv4 address") }
        return v
    }

    static func address(_ text: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0, digits = 0, parts = 0
        for b in text {
            if b == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | octet
                parts += 1
                octet = 0
                digits = 0
            } else {
                let d = b &- UInt8(ascii: "0")
                guard d < 10, digits < 3 else { return nil }
                octet = octet * 10 + UInt32(d)
                digits += 1
                guard octet <= 255 else { return nil }
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | octet
    }
}

/// IPv6: any form `inet_pton` reads; an IPv4 address is stored mapped (`::ffff:a.b.c.d`),
/// as the server does.
struct IPv6Parser: ScalarTextParser {
    var type: CHType { .ipv6 }
    var zero: UInt128 { 0 }
    var quotedInComposites: Bool { true }

    func parse(_ text: UnsafeRawBufferPointer) throws -> UInt128 {
        var bytes = [UInt8](repeating: 0, count: 16)
        if !text.contains(UInt8(ascii: ":")) {
            guard let v4 = IPv4Parser.address(text) else { throw invalid(text, "expected an IPv6 address") }
            bytes[10] = 0xFF
            bytes[11] = 0xFF
            for k in 0..<4 { bytes[12 + k] = UInt8(truncatingIfNeeded: v4 >> (24 - 8 * UInt32(k))) }
        } else {
            guard text.count <= 45 else { throw invalid(text, "expected an IPv6 address") }
            let ok = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 46) { buffer -> Bool in
                for k in 0..<text.count { buffer[k] = CChar(bitPattern: text[k]) }
                buffer[text.count] = 0
                guard let base = buffer.baseAddress else { return false }
                return bytes.withUnsafeMutableBytes { inet_pton(AF_INET6, base, $0.baseAddress) == 1 }
            }
            guard ok else { throw invalid(text, "expected an IPv6 address") }
        }
        // The column keeps the 16 bytes in network order.
        var value: UInt128 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        return value
    }
}
