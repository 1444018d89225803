import Foundation

/// A stable 128-bit FNV-1a hash, for ids and deduplication tokens that must be the same on
/// every run and machine (Swift's `Hasher` is seeded per process).
public enum StableHash {
    /// FNV-1a over bytes fed piece by piece: the same value as hashing them all at once.
    public struct FNV128: Sendable {
        /// The hash of what was fed so far.
        public private(set) var value: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        private static let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B

        /// A hash of nothing yet.
        public init() {}

        /// Feeds one byte.
        @inline(__always)
        public mutating func combine(_ byte: UInt8) {
            value ^= UInt128(byte)
            value = value &* Self.prime
        }

        /// Feeds bytes.
        public mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
            var h = value
            for b in bytes {
                h ^= UInt128(b)
                h = h &* Self.prime
            }
            value = h
        }

        /// Feeds the UTF-8 bytes of `s`.
        public mutating func combine(_ s: String) {
            var s = s
            s.withUTF8 { combine($0) }
        }

        /// The hash as lowercase hex (32 digits).
        public var hex: String { StableHash.hexDigits(value) }
    }

    /// The 128-bit FNV-1a hash of `bytes`.
    public static func fnv128<S: Sequence>(_ bytes: S) -> UInt128 where S.Element == UInt8 {
        var h = FNV128()
        if bytes.withContiguousStorageIfAvailable({ h.combine($0) }) == nil {
            for b in bytes { h.combine(b) }
        }
        return h.value
    }

    /// The hash of `bytes` as lowercase hex (32 digits).
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        hexDigits(fnv128(bytes))
    }

    static func hexDigits(_ v: UInt128) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 32 - s.count) + s
    }

    /// The hash of `bytes` formatted like a UUID (`8-4-4-4-12`).
    public static func uuidString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let h = Array(hex(bytes))
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
