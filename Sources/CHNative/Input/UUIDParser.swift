/// UUID: 32 hexadecimal digits, with or without the dashes of `8-4-4-4-12`.
struct UUIDParser: ScalarTextParser {
    var type: CHType { .uuid }
    var zero: UInt128 { 0 }
    var quotedInComposites: Bool { true }

    func parse(_ text: UnsafeRawBufferPointer) throws -> UInt128 {
        let dashed = text.count == 36
        guard dashed || text.count == 32 else { throw invalid(text, "expected 32 hexadecimal digits") }
        var halves: (UInt64, UInt64) = (0, 0)
        var digits = 0
        for (i, b) in text.enumerated() {
            if dashed, i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { throw invalid(text) }
                continue
            }
            guard let d = TextEscapes.hexValue(b) else { throw invalid(text) }
            if digits < 16 { halves.0 = halves.0 << 4 | UInt64(d) } else { halves.1 = halves.1 << 4 | UInt64(d) }
            digits += 1
        }
        // Stored as two little-endian 64-bit halves, the first 16 digits in the low one.
        return UInt128(halves.1) << 64 | UInt128(halves.0)
    }
}
