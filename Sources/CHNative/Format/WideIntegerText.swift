/// Decimal text of little-endian two's-complement integers wider than 64 bits.
enum WideIntegerText {
    /// Decimal digits of the unsigned value held in `limbs` (little-endian 64-bit words).
    static func unsignedDigits(_ limbs: [UInt64]) -> [UInt8] {
        var words = limbs
        var chunks: [UInt64] = []
        let base: UInt64 = 10_000_000_000_000_000_000
        while words.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in stride(from: words.count - 1, through: 0, by: -1) {
                let (q, r) = base.dividingFullWidth((high: remainder, low: words[i]))
                words[i] = q
                remainder = r
            }
            chunks.append(remainder)
        }
        guard let last = chunks.last else { return [0x30] }
        var out = Array(String(last).utf8)
        for chunk in chunks.dropLast().reversed() {
            let s = Array(String(chunk).utf8)
            out.append(contentsOf: [UInt8](repeating: 0x30, count: 19 - s.count))
            out.append(contentsOf: s)
        }
        return out
    }

    /// Decimal text of a signed or unsigned wide integer stored in `bytes` (little-endian).
    static func digits(_ bytes: UnsafeRawBufferPointer, signed: Bool) -> (negative: Bool, digits: [UInt8]) {
        var limbs = (0 ..< bytes.count / 8).map { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        let negative = signed && (limbs.last ?? 0) >> 63 == 1
        if negative {
            // Two's complement negate.
            var carry: UInt64 = 1
            for i in limbs.indices {
                let (v, o) = (~limbs[i]).addingReportingOverflow(carry)
                limbs[i] = v
                carry = o ? 1 : 0
            }
        }
        return (negative, unsignedDigits(limbs))
    }

    /// Appends a scaled integer as a decimal number with `scale` fractional digits, trailing
    /// zeros of the fraction removed (ClickHouse's default text output for Decimal).
    static func appendDecimal(negative: Bool, digits: [UInt8], scale: Int, to out: inout TextOutput) {
        var d = digits
        if d.count <= scale { d = [UInt8](repeating: 0x30, count: scale - d.count + 1) + d }
        let intPart = d[..<(d.count - scale)]
        var frac = Array(d[(d.count - scale)...])
        while let l = frac.last, l == 0x30 { frac.removeLast() }
        if negative && !(intPart.allSatisfy { $0 == 0x30 } && frac.isEmpty) { out.append(0x2D) }
        out.append(contentsOf: intPart)
        if !frac.isEmpty {
            out.append(0x2E)
            out.append(contentsOf: frac)
        }
    }
}
