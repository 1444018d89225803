// CityHash64, version 1.0.2: the `cityHash64` function of ClickHouse (its `contrib/cityhash102`).
// Later CityHash releases (1.0.3, 1.1.x) give other values for inputs of up to 64 bytes.
// An independent Swift implementation of the public algorithm (CityHash by Geoff Pike and
// Jyrki Alakuijala, Google, MIT licensed), sharing its building blocks with ``CityHash128``.

/// CityHash64 **v1.0.2**, exactly what ClickHouse's `cityHash64(s)` returns for one `String`
/// argument, so a client can compute the shard of a `Distributed` table sharded by
/// `cityHash64(key)`.
public enum CityHash64 {
    /// The hash of the UTF-8 bytes of `s`.
    public static func hash(_ s: String) -> UInt64 {
        var copy = s
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// The hash of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let len = bytes.count
        guard let s = bytes.baseAddress, len > 0 else { return CityHash128.k2 }
        if len <= 16 { return CityHash128.hashLen0to16(s, len) }
        if len <= 32 { return hashLen17to32(s, len) }
        if len <= 64 { return hashLen33to64(s, len) }
        var x = CityHash128.fetch64(s, 0)
        var y = CityHash128.fetch64(s, len - 16) ^ CityHash128.k1
        var z = CityHash128.fetch64(s, len - 56) ^ CityHash128.k0
        var v = CityHash128.weakHashLen32WithSeeds(s, len - 64, UInt64(len), y)
        var w = CityHash128.weakHashLen32WithSeeds(s, len - 32, UInt64(len) &* CityHash128.k1, CityHash128.k0)
        z = z &+ CityHash128.shiftMix(v.1) &* CityHash128.k1
        x = CityHash128.rotr(z &+ x, 39) &* CityHash128.k1
        y = CityHash128.rotr(y, 33) &* CityHash128.k1
        var remaining = (len - 1) & ~63
        var off = 0
        repeat {
            x = CityHash128.rotr(x &+ y &+ v.0 &+ CityHash128.fetch64(s, off + 16), 37) &* CityHash128.k1
            y = CityHash128.rotr(y &+ v.1 &+ CityHash128.fetch64(s, off + 48), 42) &* CityHash128.k1
            x ^= w.1
            y ^= v.0
            z = CityHash128.rotr(z ^ w.0, 33)
            v = CityHash128.weakHashLen32WithSeeds(s, off, v.1 &* CityHash128.k1, x &+ w.0)
            w = CityHash128.weakHashLen32WithSeeds(s, off + 32, z &+ w.1, y)
            swap(&z, &x)
            off += 64
            remaining -= 64
        } while remaining != 0
        return CityHash128.hashLen16(CityHash128.hashLen16(v.0, w.0) &+ CityHash128.shiftMix(y) &* CityHash128.k1 &+ z, CityHash128.hashLen16(v.1, w.1) &+ x)
    }

    static func hashLen17to32(_ s: UnsafeRawPointer, _ len: Int) -> UInt64 {
        let a = CityHash128.fetch64(s, 0) &* CityHash128.k1
        let b = CityHash128.fetch64(s, 8)
        let c = CityHash128.fetch64(s, len - 8) &* CityHash128.k2
        let d = CityHash128.fetch64(s, len - 16) &* CityHash128.k0
        return CityHash128.hashLen16(CityHash128.rotr(a &- b, 43) &+ CityHash128.rotr(c, 30) &+ d, a &+ CityHash128.rotr(b ^ CityHash128.k3, 20) &- c &+ UInt64(len))
    }

    static func hashLen33to64(_ s: UnsafeRawPointer, _ len: Int) -> UInt64 {
        var z = CityHash128.fetch64(s, 24)
        var a = CityHash128.fetch64(s, 0) &+ (UInt64(len) &+ CityHash128.fetch64(s, len - 16)) &* CityHash128.k0
        var b = CityHash128.rotr(a &+ z, 52)
        var c = CityHash128.rotr(a, 37)
        a = a &+ CityHash128.fetch64(s, 8)
        c = c &+ CityHash128.rotr(a, 7)
        a = a &+ CityHash128.fetch64(s, 16)
        let vf = a &+ z
        let vs = b &+ CityHash128.rotr(a, 31) &+ c
        a = CityHash128.fetch64(s, 16) &+ CityHash128.fetch64(s, len - 32)
        z = CityHash128.fetch64(s, len - 8)
        b = CityHash128.rotr(a &+ z, 52)
        c = CityHash128.rotr(a, 37)
        a = a &+ CityHash128.fetch64(s, len - 24)
        c = c &+ CityHash128.rotr(a, 7)
        a = a &+ CityHash128.fetch64(s, len - 16)
        let wf = a &+ z
        let ws = b &+ CityHash128.rotr(a, 31) &+ c
        let r = CityHash128.shiftMix((vf &+ ws) &* CityHash128.k2 &+ (wf &+ vs) &* CityHash128.k0)
        return CityHash128.shiftMix(r &* CityHash128.k0 &+ vs) &* CityHash128.k2
    }
}
