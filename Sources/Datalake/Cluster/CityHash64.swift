// CityHash64, version 1.0.2: the `cityHash64` function of ClickHouse (its `contrib/cityhash102`).
// Later CityHash releases (1.0.3, 1.1.x) give other values for inputs of up to 64 bytes.
// An independent Swift implementation of the public algorithm (CityHash by Geoff Pike and
// Jyrki Alakuijala, Google, MIT licensed), like CHNative's `CityHash128`.

/// CityHash64 **v1.0.2**, exactly what ClickHouse's `cityHash64(s)` returns for one `String`
/// argument, so a client can compute the shard of a `Distributed` table sharded by
/// `cityHash64(org_id)` (``ShardRouter``).
public enum CityHash64 {
    /// The hash of the UTF-8 bytes of `s`.
    public static func hash(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// The hash of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let len = bytes.count
        guard let s = bytes.baseAddress, len > 0 else { return k2 }
        if len <= 16 { return hashLen0to16(s, len) }
        if len <= 32 { return hashLen17to32(s, len) }
        if len <= 64 { return hashLen33to64(s, len) }
        var x = fetch64(s, 0)
        var y = fetch64(s, len - 16) ^ k1
        var z = fetch64(s, len - 56) ^ k0
        var v = weakHashLen32WithSeeds(s, len - 64, UInt64(len), y)
        var w = weakHashLen32WithSeeds(s, len - 32, UInt64(len) &* k1, k0)
        z = z &+ shiftMix(v.1) &* k1
        x = rotate(z &+ x, 39) &* k1
        y = rotate(y, 33) &* k1
        var remaining = (len - 1) & ~63
        var off = 0
        repeat {
            x = rotate(x &+ y &+ v.0 &+ fetch64(s, off + 16), 37) &* k1
            y = rotate(y &+ v.1 &+ fetch64(s, off + 48), 42) &* k1
            x ^= w.1
            y ^= v.0
            z = rotate(z ^ w.0, 33)
            v = weakHashLen32WithSeeds(s, off, v.1 &* k1, x &+ w.0)
            w = weakHashLen32WithSeeds(s, off + 32, z &+ w.1, y)
            swap(&z, &x)
            off += 64
            remaining -= 64
        } while remaining != 0
        return hashLen16(hashLen16(v.0, w.0) &+ shiftMix(y) &* k1 &+ z, hashLen16(v.1, w.1) &+ x)
    }

    static let k0: UInt64 = 0xc3a5_c85c_97cb_3127
    static let k1: UInt64 = 0xb492_b66f_be98_f273
    static let k2: UInt64 = 0x9ae1_6a3b_2f90_404f
    static let k3: UInt64 = 0xc949_d7c7_509e_6557

    static func fetch64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    static func fetch32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    static func rotate(_ v: UInt64, _ shift: Int) -> UInt64 {
        shift == 0 ? v : (v >> UInt64(shift)) | (v << UInt64(64 - shift))
    }

    static func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v >> 47) }

    static func hashLen16(_ u: UInt64, _ v: UInt64) -> UInt64 {
        let kMul: UInt64 = 0x9ddf_ea08_eb38_2d69
        var a = (u ^ v) &* kMul
        a ^= a >> 47
        var b = (v ^ a) &* kMul
        b ^= b >> 47
        return b &* kMul
    }

    static func hashLen0to16(_ s: UnsafeRawPointer, _ len: Int) -> UInt64 {
        if len > 8 {
            let a = fetch64(s, 0)
            let b = fetch64(s, len - 8)
            return hashLen16(a, rotate(b &+ UInt64(len), len)) ^ b
        }
        if len >= 4 {
            let a = fetch32(s, 0)
            return hashLen16(UInt64(len) &+ (a << 3), fetch32(s, len - 4))
        }
        let a = UInt32(s.load(fromByteOffset: 0, as: UInt8.self))
        let b = UInt32(s.load(fromByteOffset: len >> 1, as: UInt8.self))
        let c = UInt32(s.load(fromByteOffset: len - 1, as: UInt8.self))
        let y = a &+ (b << 8)
        let z = UInt32(len) &+ (c << 2)
        return shiftMix((UInt64(y) &* k2) ^ (UInt64(z) &* k3)) &* k2
    }

    static func hashLen17to32(_ s: UnsafeRawPointer, _ len: Int) -> UInt64 {
        let a = fetch64(s, 0) &* k1
        let b = fetch64(s, 8)
        let c = fetch64(s, len - 8) &* k2
        let d = fetch64(s, len - 16) &* k0
        return hashLen16(rotate(a &- b, 43) &+ rotate(c, 30) &+ d, a &+ rotate(b ^ k3, 20) &- c &+ UInt64(len))
    }

    static func hashLen33to64(_ s: UnsafeRawPointer, _ len: Int) -> UInt64 {
        var z = fetch64(s, 24)
        var a = fetch64(s, 0) &+ (UInt64(len) &+ fetch64(s, len - 16)) &* k0
        var b = rotate(a &+ z, 52)
        var c = rotate(a, 37)
        a = a &+ fetch64(s, 8)
        c = c &+ rotate(a, 7)
        a = a &+ fetch64(s, 16)
        let vf = a &+ z
        let vs = b &+ rotate(a, 31) &+ c
        a = fetch64(s, 16) &+ fetch64(s, len - 32)
        z = fetch64(s, len - 8)
        b = rotate(a &+ z, 52)
        c = rotate(a, 37)
        a = a &+ fetch64(s, len - 24)
        c = c &+ rotate(a, 7)
        a = a &+ fetch64(s, len - 16)
        let wf = a &+ z
        let ws = b &+ rotate(a, 31) &+ c
        let r = shiftMix((vf &+ ws) &* k2 &+ (wf &+ vs) &* k0)
        return shiftMix(r &* k0 &+ vs) &* k2
    }

    /// `WeakHashLen32WithSeeds` over the 32 bytes at `s + offset`.
    static func weakHashLen32WithSeeds(_ s: UnsafeRawPointer, _ offset: Int, _ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        let w = fetch64(s, offset), x = fetch64(s, offset + 8), y = fetch64(s, offset + 16), z = fetch64(s, offset + 24)
        var a = a &+ w
        var b = rotate(b &+ a &+ z, 21)
        let c = a
        a = a &+ x
        a = a &+ y
        b = b &+ rotate(a, 44)
        return (a &+ z, b &+ c)
    }
}
