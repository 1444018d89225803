import Foundation

/// A stable 128-bit FNV-1a hash, for ids and deduplication tokens that must be the same on
/// every run and machine (Swift's `Hasher` is seeded per process).
public enum StableHash {
    /// The 128-bit FNV-1a hash of `bytes`.
    public static func fnv128<S: Sequence>(_ bytes: S) -> UInt128 where S.Element == UInt8 {
        var h: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B
        for b in bytes {
            h ^= UInt128(b)
            h = h &* prime
        }
        return h
    }

    /// The hash of `bytes` as lowercase hex (32 digits).
    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let h = fnv128(bytes)
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 32 - s.count) + s
    }

    /// The hash of `bytes` formatted like a UUID (`8-4-4-4-12`).
    public static func uuidString<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let h = Array(hex(bytes))
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
