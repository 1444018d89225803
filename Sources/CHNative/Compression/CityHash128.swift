// CityHash128, version 1.0.2, as used by ClickHouse for compressed-block checksums.
//
// ClickHouse bundles this exact (old) revision of Google's CityHash in
// `contrib/cityhash102`; later CityHash releases (1.0.3, 1.1.x) produce different
// values and must not be used for the native protocol.
//
// This is an independent Swift implementation of the public algorithm
// (CityHash by Geoff Pike and Jyrki Alakuijala, Google, MIT licensed).

/// CityHash128 **version 1.0.2**, the checksum ClickHouse stores in front of every
/// compressed frame of the native protocol (and of MergeTree `.bin` files).
///
/// ## Frame checksum
///
/// A ClickHouse compressed frame is laid out as
///
/// ```
/// checksum (16 bytes) | method (1 byte) | compressed size (UInt32 LE) | uncompressed size (UInt32 LE) | payload
/// ```
///
/// The checksum is `CityHash128` over everything after it: the method byte, both
/// size fields and the payload (the "compressed size" field counts those 9 header
/// bytes plus the payload).
///
/// ## Byte order
///
/// The result is CityHash's `uint128` pair `(first, second)`, returned here as
/// `(low, high)` — `low` is CityHash's `Uint128Low64` (`first`), `high` is its
/// `Uint128High64` (`second`). On the wire ClickHouse writes the checksum as
/// **16 bytes: `low` as a little-endian `UInt64`, followed by `high` as a
/// little-endian `UInt64`.**
///
/// (The `clickhouse_cityhash` Python package returns the same value as a single
/// integer `(low << 64) | high`, and `clickhouse-driver` writes that integer's
/// upper 64 bits first — i.e. the same `low`-then-`high` order.)
///
/// ```swift
/// let h = CityHash128.hash(frameWithoutChecksum)
/// var checksum = [UInt8]()
/// withUnsafeBytes(of: h.low.littleEndian) { checksum.append(contentsOf: $0) }
/// withUnsafeBytes(of: h.high.littleEndian) { checksum.append(contentsOf: $0) }
/// ```
public enum CityHash128 {
    /// Computes CityHash128 v1.0.2 of `bytes` (no seed), exactly as ClickHouse does.
    ///
    /// - Parameter bytes: The bytes to hash. May be empty, and need not be aligned.
    /// - Returns: The 128-bit hash as `(low, high)`. On the wire, ClickHouse
    ///   writes `low` (little-endian) first, then `high` (little-endian).
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> (low: UInt64, high: UInt64) {
        let r = city128(bytes.baseAddress, bytes.count)
        return (low: r.0, high: r.1)
    }

    /// Computes CityHash128 v1.0.2 of an array of bytes.
    ///
    /// Convenience wrapper around the `UnsafeRawBufferPointer` overload.
    ///
    /// - Parameter bytes: The bytes to hash.
    /// - Returns: The 128-bit hash as `(low, high)`. On the wire, ClickHouse
    ///   writes `low` (little-endian) first, then `high` (little-endian).
    public static func hash(_ bytes: [UInt8]) -> (low: UInt64, high: UInt64) {
        bytes.withUnsafeBytes { hash($0) }
    }
}

// MARK: - Implementation

extension CityHash128 {
    // Some primes between 2^63 and 2^64 (CityHash constants).
    @inline(__always) static var k0: UInt64 { 0xc3a5_c85c_97cb_3127 }
    @inline(__always) static var k1: UInt64 { 0xb492_b66f_be98_f273 }
    @inline(__always) static var k2: UInt64 { 0x9ae1_6a3b_2f90_404f }
    @inline(__always) static var k3: UInt64 { 0xc949_d7c7_509e_6557 }
    /// Multiplier of `Hash128to64` (Murmur-inspired).
    @inline(__always) static var kMul: UInt64 { 0x9ddf_ea08_eb38_2d69 }

    /// Unaligned little-endian 64-bit load at `p + offset`.
    @inline(__always)
    static func fetch64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Unaligned little-endian 32-bit load at `p + offset`, widened to 64 bits.
    @inline(__always)
    static func fetch32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// Bitwise right rotation. Correct for every `shift` in `0..<64`
    /// (masking shifts turn a shift of 0 into `v | v`).
    @inline(__always)
    static func rotr(_ v: UInt64, _ shift: Int) -> UInt64 {
        (v &>> UInt64(truncatingIfNeeded: shift)) | (v &<< UInt64(truncatingIfNeeded: 64 &- shift))
    }

    @inline(__always)
    static func shiftMix(_ v: UInt64) -> UInt64 {
        v ^ (v &>> 47)
    }

    /// `Hash128to64(uint128(u, v))`.
    @inline(__always)
    static func hashLen16(_ u: UInt64, _ v: UInt64) -> UInt64 {
        var a = (u ^ v) &* kMul
        a ^= a &>> 47
        var b = (v ^ a) &* kMul
        b ^= b &>> 47
        b = b &* kMul
        return b
    }

    /// `HashLen0to16`. `p` is only dereferenced when `len > 0`.
    @inline(__always)
    static func hashLen0to16(_ p: UnsafeRawPointer?, _ len: Int) -> UInt64 {
        let ulen = UInt64(truncatingIfNeeded: len)
        if len > 8 {
            let s = p.unsafelyUnwrapped
            let a = fetch64(s, 0)
            let b = fetch64(s, len &- 8)
            return hashLen16(a, rotr(b &+ ulen, len)) ^ b
        }
        if len >= 4 {
            let s = p.unsafelyUnwrapped
            let a = fetch32(s, 0)
            return hashLen16(ulen &+ (a &<< 3), fetch32(s, len &- 4))
        }
        if len > 0 {
            let s = p.unsafelyUnwrapped
            let a = UInt32(s.load(fromByteOffset: 0, as: UInt8.self))
            let b = UInt32(s.load(fromByteOffset: len &>> 1, as: UInt8.self))
            let c = UInt32(s.load(fromByteOffset: len &- 1, as: UInt8.self))
            let y = a &+ (b &<< 8)
            let z = UInt32(truncatingIfNeeded: len) &+ (c &<< 2)
            return shiftMix((UInt64(y) &* k2) ^ (UInt64(z) &* k3)) &* k2
        }
        return k2
    }

    /// `WeakHashLen32WithSeeds` over `p[offset ..< offset + 32]`, seeds `a`, `b`.
    @inline(__always)
    static func weakHashLen32WithSeeds(
        _ p: UnsafeRawPointer, _ offset: Int, _ a: UInt64, _ b: UInt64
    ) -> (UInt64, UInt64) {
        let w = fetch64(p, offset)
        let x = fetch64(p, offset &+ 8)
        let y = fetch64(p, offset &+ 16)
        let z = fetch64(p, offset &+ 24)
        var a = a &+ w
        var b = rotr(b &+ a &+ z, 21)
        let c = a
        a = a &+ x
        a = a &+ y
        b = b &+ rotr(a, 44)
        return (a &+ z, b &+ c)
    }

    /// `CityMurmur` (v1.0.2): used for inputs shorter than 128 bytes.
    static func cityMurmur(
        _ p: UnsafeRawPointer?, _ len: Int, _ seedLow: UInt64, _ seedHigh: UInt64
    ) -> (UInt64, UInt64) {
        let k1 = Self.k1
        var a = seedLow
        var b = seedHigh
        var c: UInt64
        var d: UInt64
        if len <= 16 {
            a = shiftMix(a &* k1) &* k1
            c = b &* k1 &+ hashLen0to16(p, len)
            d = shiftMix(a &+ (len >= 8 ? fetch64(p.unsafelyUnwrapped, 0) : c))
        } else {
            let s = p.unsafelyUnwrapped
            let ulen = UInt64(truncatingIfNeeded: len)
            c = hashLen16(fetch64(s, len &- 8) &+ k1, a)
            d = hashLen16(b &+ ulen, c &+ fetch64(s, len &- 16))
            a = a &+ d
            var off = 0
            var l = len &- 16
            repeat {
                a ^= shiftMix(fetch64(s, off) &* k1) &* k1
                a = a &* k1
                b ^= a
                c ^= shiftMix(fetch64(s, off &+ 8) &* k1) &* k1
                c = c &* k1
                d ^= c
                off &+= 16
                l &-= 16
            } while l > 0
        }
        a = hashLen16(a, c)
        b = hashLen16(d, b)
        return (a ^ b, hashLen16(b, a))
    }

    /// `CityHash128WithSeed` (v1.0.2).
    static func city128WithSeed(
        _ p: UnsafeRawPointer?, _ length: Int, _ seedLow: UInt64, _ seedHigh: UInt64
    ) -> (UInt64, UInt64) {
        if length < 128 {
            return cityMurmur(p, length, seedLow, seedHigh)
        }
        let s = p.unsafelyUnwrapped
        let k0 = Self.k0
        let k1 = Self.k1

        // 56 bytes of state: v, w, x, y, z.
        var x = seedLow
        var y = seedHigh
        var z = UInt64(truncatingIfNeeded: length) &* k1
        var v0 = rotr(y ^ k1, 49) &* k1 &+ fetch64(s, 0)
        var v1 = rotr(v0, 42) &* k1 &+ fetch64(s, 8)
        var w0 = rotr(y &+ z, 35) &* k1 &+ x
        var w1 = rotr(x &+ fetch64(s, 88), 53) &* k1

        var off = 0
        var len = length
        // Two 64-byte rounds per iteration (the reference's manual unrolling).
        repeat {
            // Round 1.
            x = rotr(x &+ y &+ v0 &+ fetch64(s, off &+ 16), 37) &* k1
            y = rotr(y &+ v1 &+ fetch64(s, off &+ 48), 42) &* k1
            x ^= w1
            y ^= v0
            z = rotr(z ^ w0, 33)
            (v0, v1) = weakHashLen32WithSeeds(s, off, v1 &* k1, x &+ w0)
            (w0, w1) = weakHashLen32WithSeeds(s, off &+ 32, z &+ w1, y)
            swap(&z, &x)
            off &+= 64
            // Round 2.
            x = rotr(x &+ y &+ v0 &+ fetch64(s, off &+ 16), 37) &* k1
            y = rotr(y &+ v1 &+ fetch64(s, off &+ 48), 42) &* k1
            x ^= w1
            y ^= v0
            z = rotr(z ^ w0, 33)
            (v0, v1) = weakHashLen32WithSeeds(s, off, v1 &* k1, x &+ w0)
            (w0, w1) = weakHashLen32WithSeeds(s, off &+ 32, z &+ w1, y)
            swap(&z, &x)
            off &+= 64
            len &-= 128
        } while len >= 128

        y = y &+ (rotr(w0, 37) &* k0 &+ z)
        x = x &+ rotr(v0 &+ z, 49) &* k0

        // 0 <= len < 128: hash up to 4 chunks of 32 bytes each from the end of the
        // input (these may overlap bytes already consumed; off >= 128 here).
        var tailDone = 0
        while tailDone < len {
            tailDone &+= 32
            y = rotr(y &- x, 42) &* k0 &+ v1
            w0 = w0 &+ fetch64(s, off &+ len &- tailDone &+ 16)
            x = rotr(x, 49) &* k0 &+ w0
            w0 = w0 &+ v0
            (v0, v1) = weakHashLen32WithSeeds(s, off &+ len &- tailDone, v0, v1)
        }

        // Two different 48-byte-to-8-byte hashes give the 16-byte result.
        x = hashLen16(x, v0)
        y = hashLen16(y, w0)
        return (
            hashLen16(x &+ v1, w1) &+ y,
            hashLen16(x &+ w1, y &+ v1)
        )
    }

    /// `CityHash128` (v1.0.2): unseeded entry point. `p` may be `nil` only if `len == 0`.
    static func city128(_ p: UnsafeRawPointer?, _ len: Int) -> (UInt64, UInt64) {
        if len >= 16 {
            let s = p.unsafelyUnwrapped
            return city128WithSeed(
                s + 16, len &- 16, fetch64(s, 0) ^ k3, fetch64(s, 8))
        } else if len >= 8 {
            let s = p.unsafelyUnwrapped
            let ulen = UInt64(truncatingIfNeeded: len)
            return city128WithSeed(
                nil, 0, fetch64(s, 0) ^ (ulen &* k0), fetch64(s, len &- 8) ^ k1)
        } else {
            return city128WithSeed(p, len, k0, k1)
        }
    }
}
