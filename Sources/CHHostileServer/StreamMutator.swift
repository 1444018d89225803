/// Deterministic mutations of a server's byte stream: each execution's input is a pure
/// function of the capture and a seed, so any finding replays from its seed alone.
public struct StreamMutator {
    /// SplitMix64: small, fast and good enough to pick mutations.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    }

    /// Values that stress length and count fields: zero, one, boundaries of each width, and
    /// counts far beyond any real block.
    static let interesting: [UInt64] = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF, 1 << 26, 1 << 30,
                                        1 << 39, 1 << 40, 1 << 62, UInt64.max >> 1, UInt64.max]

    /// `bytes` with one to four mutations chosen by `seed`.
    public static func mutate(_ bytes: [UInt8], seed: UInt64) -> [UInt8] {
        var rng = Random(state: seed)
        var out = bytes
        let count = 1 + rng.below(4)
        for _ in 0..<count { mutateOnce(&out, &rng) }
        return out
    }

    static func mutateOnce(_ b: inout [UInt8], _ rng: inout Random) {
        guard !b.isEmpty else {
            b.append(UInt8(truncatingIfNeeded: rng.next()))
            return
        }
        let at = rng.below(b.count)
        switch rng.below(9) {
        case 0:  // flip one bit
            b[at] ^= UInt8(1) << UInt8(rng.below(8))
        case 1:  // a random byte
            b[at] = UInt8(truncatingIfNeeded: rng.next())
        case 2:  // an interesting little-endian integer of 1, 2, 4 or 8 bytes
            let width = 1 << rng.below(4)
            let v = interesting[rng.below(interesting.count)]
            for i in 0..<width where at + i < b.count { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) }
        case 3:  // replace one byte by an interesting value as a LEB128 varint (lengths, counts)
            var v = interesting[rng.below(interesting.count)]
            var varint: [UInt8] = []
            repeat {
                let byte = UInt8(v & 0x7F)
                v >>= 7
                varint.append(v == 0 ? byte : byte | 0x80)
            } while v != 0
            b.replaceSubrange(at..<(at + 1), with: varint)
        case 4:  // delete a short range
            let n = min(1 + rng.below(16), b.count - at)
            b.removeSubrange(at..<(at + n))
        case 5:  // duplicate a range (a repeated packet or column)
            let n = min(1 + rng.below(256), b.count - at)
            b.insert(contentsOf: b[at..<(at + n)], at: at)
        case 6:  // truncate
            b.removeSubrange(at...)
        case 7:  // copy a range over another place (a field from elsewhere in the stream)
            let from = rng.below(b.count)
            let n = min(1 + rng.below(32), b.count - from, b.count - at)
            let chunk = Array(b[from..<(from + n)])
            b.replaceSubrange(at..<(at + n), with: chunk)
        default:  // increment or decrement a byte (off-by-one lengths)
            b[at] = rng.below(2) == 0 ? b[at] &+ 1 : b[at] &- 1
        }
    }
}
