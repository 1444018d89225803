import Foundation
@testable import CHNative
import CHNativeFuzzTargets

/// A small, fast, seedable generator (SplitMix64) so every fuzz run sees the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Ways to damage a valid byte string: truncation, bit flips, random bytes, and lengths and
/// counts replaced by absurd values (huge varints and 64-bit integers).
enum Mutator {
    /// Varint encodings of absurd lengths: 2^31, 2^40, 2^62, 2^64-1, and an overlong one.
    static let hugeVarints: [[UInt8]] = [
        [0x80, 0x80, 0x80, 0x80, 0x08],
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x20],
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40],
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
    ]
    static let hugeWords: [UInt64] = [1 << 31, 1 << 40, 1 << 62, .max, UInt64(Int.max), 0x0000_0000_FFFF_FFFF, 0x8000_0000_0000_0000]

    static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var b = input
        let steps = Int.random(in: 1...3, using: &rng)
        for _ in 0..<steps {
            let n = b.count
            switch Int.random(in: 0..<9, using: &rng) {
            case 0 where n > 0:
                b.removeLast(Int.random(in: 1...n, using: &rng))
            case 1 where n > 0:
                let i = Int.random(in: 0..<n, using: &rng)
                b[i] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 2 where n > 0:
                b[Int.random(in: 0..<n, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 3:
                let i = Int.random(in: 0...n, using: &rng)
                b.insert(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: i)
            case 4 where n > 1:
                let i = Int.random(in: 0..<n, using: &rng)
                b.removeSubrange(i..<min(n, i + Int.random(in: 1...32, using: &rng)))
            case 5:
                // A huge varint where a length or count may be.
                let i = Int.random(in: 0...n, using: &rng)
                let v = hugeVarints[Int.random(in: 0..<hugeVarints.count, using: &rng)]
                let cut = min(n - i, Int.random(in: 0...2, using: &rng))
                b.replaceSubrange(i..<(i + cut), with: v)
            case 6 where n >= 8:
                // A huge little-endian UInt64 (LowCardinality sizes and flags, array offsets).
                let i = Int.random(in: 0...(n - 8), using: &rng)
                let v = hugeWords[Int.random(in: 0..<hugeWords.count, using: &rng)]
                for k in 0..<8 { b[i + k] = UInt8(truncatingIfNeeded: v >> UInt64(8 * k)) }
            case 7 where n > 2:
                // Duplicate a slice (repeated structures, inconsistent counts).
                let i = Int.random(in: 0..<(n - 1), using: &rng)
                let j = min(n, i + Int.random(in: 1...64, using: &rng))
                b.insert(contentsOf: b[i..<j], at: Int.random(in: 0...n, using: &rng))
            default:
                if n > 0 { b[Int.random(in: 0..<n, using: &rng)] = [0x00, 0x01, 0x7F, 0x80, 0xFF][Int.random(in: 0..<5, using: &rng)] }
            }
        }
        return b
    }
}

/// Runs the block decoder on arbitrary bytes the way a connection would, and exercises every
/// block it accepts (text in every style, boxed values, re-encoding).
enum FuzzHarness {
    /// The outcome of one input.
    enum Outcome { case decoded, rejected }

    static func run(_ bytes: [UInt8], revision: UInt64, chunk: Int? = nil) -> Outcome {
        let r: ReadBuffer
        if let chunk {
            r = ReadBuffer(capacity: 64, source: ChunkedSource(bytes, chunk: chunk), maximumContiguous: 1 << 24)
        } else {
            r = ReadBuffer(bytes: bytes)
        }
        do {
            var blocks = 0
            while blocks < 8, try r.hasMore() {
                let block = try BlockReader.read(from: r, revision: revision, context: DecodeContext(defaultTimezone: "UTC"))
                exercise(block, revision: revision)
                blocks += 1
            }
            return .decoded
        } catch is ClickHouseError {
            return .rejected
        } catch {
            // Only ClickHouseError may come out of the decoder.
            fatalError("decoder threw a non-ClickHouseError: \(error)")
        }
    }

    /// The fuzz targets' own exercise over more rows, plus the Codable conversions.
    static func exercise(_ block: Block, revision: UInt64) {
        FuzzEntryPoints.exercise(block, revision: revision, rows: 64)
        // The Codable path reads the same values through its own conversions.
        for name in block.names.prefix(4) {
            _ = try? block.values(named: name, as: String?.self)
            _ = try? block.values(named: name, as: Int64?.self)
            _ = try? block.values(named: name, as: Double?.self)
            _ = try? block.values(named: name, as: Date?.self)
            _ = try? block.values(named: name, as: Decimal?.self)
            _ = try? block.values(named: name, as: UUID?.self)
            _ = try? block.values(named: name, as: [String?]?.self)
            _ = try? block.values(named: name, as: [String: String?]?.self)
        }
    }
}
