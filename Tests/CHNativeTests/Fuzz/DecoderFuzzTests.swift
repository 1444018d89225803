import Foundation
import Testing
@testable import CHNative
import CHNativeFuzzTargets

#if canImport(Glibc)
import Glibc
#endif

/// Deterministic fuzzing of the block decoder and the column codecs with a fixed budget:
/// golden fixtures and encoded sample blocks, truncated, bit-flipped, spliced with random bytes
/// and with absurd lengths and counts. Every input must decode or throw a ClickHouseError —
/// never crash, hang or allocate without bound.
@Suite struct DecoderFuzzTests {
    /// Mutated inputs per corpus entry (about 35,000 inputs, a few seconds in a debug build).
    /// `CHNATIVE_FUZZ_MUTATIONS` and `CHNATIVE_FUZZ_SEED` change the budget and the inputs for
    /// longer exploratory runs.
    static let mutationsPerInput = Int(ProcessInfo.processInfo.environment["CHNATIVE_FUZZ_MUTATIONS"] ?? "") ?? 200
    static let seed = UInt64(ProcessInfo.processInfo.environment["CHNATIVE_FUZZ_SEED"] ?? "") ?? 0xC11C_0DE5
    static let revisions: [UInt64] = [0, ProtocolRevision.current]

    /// Valid inputs: every fixture (FORMAT Native = revision 0), the fixtures re-encoded as
    /// protocol blocks of the current revision, and the captured flattened Dynamic/JSON and
    /// JSON-as-text blocks (``CapturedColumns``).
    static func corpus() throws -> [(String, [UInt8], UInt64)] {
        var out: [(String, [UInt8], UInt64)] = []
        for e in GoldenFixtures.entries where e.nativeBytes < 8192 {
            let native = try GoldenFixtures.bytes(e.name, "native")
            out.append((e.name, native, 0))
            let blocks = try GoldenFixtures.decodeNative(native, timezone: e.timezone)
            let w = WriteBuffer()
            for b in blocks { try BlockWriter.write(b, codecs: nil, typeNames: [e.type], to: w, revision: ProtocolRevision.current) }
            out.append((e.name + "@current", w.array, ProtocolRevision.current))
        }
        out.append(("captured-flattened", FlattenedDecodingTests.flattened, 0))
        out.append(("captured-json-string", FlattenedDecodingTests.jsonText, 0))
        return out
    }

    static func peakRSSKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    @Test func mutatedBlocksDecodeOrThrow() throws {
        let corpus = try DecoderFuzzTests.corpus()
        #expect(corpus.count >= 100)
        var rng = SeededGenerator(seed: DecoderFuzzTests.seed)
        var decoded = 0
        var rejected = 0
        let rssBefore = DecoderFuzzTests.peakRSSKilobytes()
        let start = Date()
        for (_, bytes, revision) in corpus {
            for i in 0..<DecoderFuzzTests.mutationsPerInput {
                let input = Mutator.mutate(bytes, &rng)
                // Every tenth input goes through a source handing out 1-7 bytes at a time.
                let chunk: Int? = i % 10 == 0 ? Int.random(in: 1...7, using: &rng) : nil
                switch FuzzHarness.run(input, revision: revision, chunk: chunk) {
                case .decoded: decoded += 1
                case .rejected: rejected += 1
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        // Most damage is detected; some survives as different but valid values.
        #expect(rejected > decoded / 2)
        #expect(seconds < 60, "the fuzz budget took \(seconds) s: something is slow or hangs")
        // Peak RSS is process-wide (other suites run in parallel), so the bound is generous: it
        // catches absurd lengths turned into touched buffers of gigabytes. scripts/fuzz.sh
        // bounds every single allocation (libFuzzer -malloc_limit_mb=256).
        let grownMB = (DecoderFuzzTests.peakRSSKilobytes() - rssBefore) / 1024
        #expect(grownMB < 1024, "peak RSS grew by \(grownMB) MB while fuzzing")
    }

    @Test func randomBytesAfterPlausibleHeaders() {
        var rng = SeededGenerator(seed: 42)
        let types = ["String", "Array(String)", "LowCardinality(Nullable(String))", "Map(String, Array(UInt64))", "Nullable(FixedString(3))",
                     "Tuple(a Array(LowCardinality(String)), b Nullable(Decimal(38, 4)))", "Array(Array(Array(Int8)))", "Enum8('a' = 1)",
                     "DateTime64(9, 'Asia/Kolkata')", "Date32", "IPv6", "UUID", "Variant(String, UInt64, Array(String))", "Dynamic", "JSON",
                     "LowCardinality(FixedString(2))", "Map(LowCardinality(String), Nullable(Float64))", "Array(Nullable(Nothing))"]
        for round in 0..<1500 {
            let type = types[round % types.count]
            let w = WriteBuffer()
            w.writeVarUInt(1)
            w.writeVarUInt(UInt64(Int.random(in: 0...300, using: &rng)))
            w.writeString("c")
            w.writeString(type)
            var bytes = w.array
            bytes += (0..<Int.random(in: 0..<400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = FuzzHarness.run(bytes, revision: 0)
        }
    }

    /// Hand-made inputs whose lengths and counts are absurd: each must be refused quickly.
    @Test(arguments: DecoderFuzzTests.absurdInputs.map(\.0))
    func absurdLengthsAreRefusedQuickly(name: String) throws {
        let bytes = try #require(DecoderFuzzTests.absurdInputs.first { $0.0 == name }?.1)
        let start = Date()
        let outcome = FuzzHarness.run(bytes, revision: 0)
        #expect(outcome == .rejected, "\(name) was accepted")
        // A hang guard, not a speed test (debug build, shared machine).
        #expect(Date().timeIntervalSince(start) < 10)
    }

    static func block(_ type: String, rows: UInt64, body: (WriteBuffer) -> Void) -> [UInt8] {
        let w = WriteBuffer()
        w.writeVarUInt(1)
        w.writeVarUInt(rows)
        w.writeString("c")
        w.writeString(type)
        body(w)
        return w.array
    }

    static let absurdInputs: [(String, [UInt8])] = [
        ("column count 2^40", [0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x01]),
        ("row count 2^62", [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]),
        ("million columns, no data", [0x80, 0x80, 0x40, 0x01]),
        ("string length 2^62", block("String", rows: 1) { $0.writeVarUInt(1 << 62) }),
        ("string length 2^30 + 1", block("String", rows: 1) { $0.writeVarUInt((1 << 30) + 1) }),
        ("billion strings", block("String", rows: 1 << 30) { $0.writeVarUInt(1); $0.writeUInt8(0x41) }),
        ("column name 2^40", [0x01, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]),
        ("array offset 2^62", block("Array(UInt8)", rows: 1) { $0.writeLE(UInt64(1) << 62) }),
        ("array offsets decrease", block("Array(UInt8)", rows: 2) { $0.writeLE(UInt64(5)); $0.writeLE(UInt64(2)) }),
        ("array of 2^39 strings", block("Array(String)", rows: 1) { $0.writeLE(UInt64(1) << 39); $0.writeVarUInt(0) }),
        ("map offset 2^63", block("Map(String, String)", rows: 1) { $0.writeLE(UInt64(1) << 63) }),
        ("LowCardinality dictionary 2^40", block("LowCardinality(String)", rows: 1) { w in
            w.writeLE(UInt64(1)); w.writeLE(UInt64(0x600)); w.writeLE(UInt64(1) << 40) }),
        ("LowCardinality dictionary 2^62", block("LowCardinality(String)", rows: 1) { w in
            w.writeLE(UInt64(1)); w.writeLE(UInt64(0x600)); w.writeLE(UInt64(1) << 62) }),
        ("LowCardinality index past dictionary", block("LowCardinality(String)", rows: 1) { w in
            w.writeLE(UInt64(1)); w.writeLE(UInt64(0x600)); w.writeLE(UInt64(1)); w.writeVarUInt(1); w.writeUInt8(0x41)
            w.writeLE(UInt64(1)); w.writeUInt8(5) }),
        ("LowCardinality index width 7", block("LowCardinality(String)", rows: 1) { w in
            w.writeLE(UInt64(1)); w.writeLE(UInt64(0x607)); w.writeLE(UInt64(1)); w.writeVarUInt(0); w.writeLE(UInt64(1)) }),
        ("LowCardinality indexes 2^40", block("LowCardinality(String)", rows: 1) { w in
            w.writeLE(UInt64(1)); w.writeLE(UInt64(0x600)); w.writeLE(UInt64(1)); w.writeVarUInt(0); w.writeLE(UInt64(1) << 40) }),
        ("LowCardinality unknown version", block("LowCardinality(String)", rows: 1) { $0.writeLE(UInt64(1) << 40) }),
        ("LowCardinality zero-row groups forever", block("LowCardinality(String)", rows: 1) { w in
            w.writeLE(UInt64(1))
            for _ in 0..<1000 { w.writeLE(UInt64(0x600)); w.writeLE(UInt64(0)); w.writeLE(UInt64(0)) } }),
        ("FixedString(2^40)", block("FixedString(1099511627776)", rows: 1) { _ in }),
        ("FixedString(2^20) times 2^30 rows", block("FixedString(1048576)", rows: 1 << 30) { _ in }),
        ("Decimal(1000, 2)", block("Decimal(1000, 2)", rows: 1) { $0.writeLE(UInt64(0)) }),
        ("DateTime64(200)", block("DateTime64(200)", rows: 1) { $0.writeLE(UInt64(1)) }),
        ("type nested 100000 deep", block(String(repeating: "Array(", count: 100_000) + "UInt8" + String(repeating: ")", count: 100_000), rows: 1) { _ in }),
        ("tuple of 200000 elements", block("Tuple(" + Array(repeating: "UInt8", count: 200_000).joined(separator: ",") + ")", rows: 1) { _ in }),
        ("enum with a huge value", block("Enum8('a' = 100000)", rows: 1) { $0.writeUInt8(0) }),
        ("nested arrays 2^39 elements", block("Array(Array(UInt8))", rows: 1) { w in w.writeLE(UInt64(1)); w.writeLE(UInt64(1) << 39) }),
        ("Dynamic with 2^40 types", block("Dynamic", rows: 1) { w in w.writeLE(UInt64(1)); w.writeVarUInt(1 << 40) }),
        ("JSON with 2^40 paths", block("JSON", rows: 1) { w in w.writeLE(UInt64(0)); w.writeVarUInt(1 << 40) }),
    ]

    /// Each column codec alone: random rows counts and random bytes after a valid prefix.
    @Test func columnCodecsOnRandomBytes() throws {
        var rng = SeededGenerator(seed: 7)
        let types = Set(GoldenFixtures.entries.map(\.type))
        for typeName in types.sorted() {
            let type = try TypeParser.parse(typeName)
            for _ in 0..<60 {
                let codec = try makeCodec(for: type)
                let bytes = (0..<Int.random(in: 0..<256, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let rows = [0, 1, 2, 3, 17, 255, 1 << 20, 1 << 40][Int.random(in: 0..<8, using: &rng)]
                let r = ReadBuffer(bytes: bytes)
                do {
                    try codec.readPrefix(r)
                    let column = try codec.read(r, rows: rows, context: DecodeContext(defaultTimezone: nil))
                    #expect(column.count == rows)
                    FuzzHarness.exercise(try Block(names: ["c"], columns: [column]), revision: 0)
                } catch is ClickHouseError {
                } catch {
                    Issue.record("\(typeName): non-ClickHouseError \(error)")
                }
            }
        }
    }
}
