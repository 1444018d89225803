/// IPv6 text as ClickHouse writes it: lowercase hex groups, the longest run of two or more zero
/// groups written `::`, IPv4-mapped and IPv4-compatible addresses with a dotted tail.
enum IPText {
    static func appendIPv6(_ bytes: UnsafeRawBufferPointer, to out: inout TextOutput) {
        var groups = [UInt16](repeating: 0, count: 8)
        for i in 0..<8 { groups[i] = UInt16(bytes[2 * i]) << 8 | UInt16(bytes[2 * i + 1]) }
        // Longest run of zero groups (length >= 2).
        var bestStart = -1, bestLen = 0, curStart = -1, curLen = 0
        for i in 0..<8 {
            if groups[i] == 0 {
                if curStart < 0 { curStart = i; curLen = 0 }
                curLen += 1
                if curLen > bestLen { bestStart = curStart; bestLen = curLen }
            } else {
                curStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1; bestLen = 0 }
        let mapped = groups[0..<5].allSatisfy { $0 == 0 } && groups[5] == 0xFFFF
        // IPv4-compatible only when the leading zero run is exactly six groups (`::2` stays hex).
        let compatible = groups[0..<6].allSatisfy { $0 == 0 } && groups[6] != 0
        let dottedTail = mapped || compatible
        let hexEnd = dottedTail ? 6 : 8
        var i = 0
        while i < hexEnd {
            if i == bestStart {
                out.append(0x3A)
                if i == 0 { out.append(0x3A) }
                i += bestLen
                if i > hexEnd { i = hexEnd }
                continue
            }
            out.append(String(groups[i], radix: 16))
            if i < 7 { out.append(0x3A) }
            i += 1
        }
        if dottedTail {
            FixedWidthFormatting.appendIPv4(UInt32(groups[6]) << 16 | UInt32(groups[7]), to: &out)
        }
    }
}
