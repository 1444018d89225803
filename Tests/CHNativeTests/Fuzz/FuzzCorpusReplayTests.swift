import Foundation
import Testing
@testable import CHNative
import CHNativeFuzzTargets

/// Replays the libFuzzer corpora and regressions kept in `Fuzz/` (scripts/fuzz.sh,
/// docs/FUZZING.md) through the fuzz targets' own entry points, without sanitizers: every
/// input must decode or be rejected with a ``ClickHouseError`` — a crash, a non-ClickHouseError
/// (the entry points stop the process) or a hang fails the run.
@Suite struct FuzzCorpusReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The files of `Fuzz/<kind>/<target>`, sorted (none when the directory is missing).
    static func files(_ kind: String, _ target: String) -> [URL] {
        let dir = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static let targets = FuzzEntryPoints.targets.keys.sorted()

    @Test(arguments: FuzzCorpusReplayTests.targets)
    func corpusReplays(target: String) throws {
        let entry = try #require(FuzzEntryPoints.targets[target])
        let corpus = FuzzCorpusReplayTests.files("corpus", target)
        #expect(corpus.count >= 20, "Fuzz/corpus/\(target) holds \(corpus.count) files")
        let start = Date()
        var accepted = 0
        for url in corpus {
            let data = try Data(contentsOf: url)
            if !data.withUnsafeBytes({ entry($0) }).hasPrefix("rejected") { accepted += 1 }
        }
        // The corpus keeps valid inputs too (the seeds), not only rejected ones.
        #expect(accepted > 0)
        // A hang guard, not a speed test (debug build, shared machine).
        #expect(Date().timeIntervalSince(start) < 30)
    }

    /// Inputs that once crashed, leaked or hung a target (each with its fix's commit).
    @Test(arguments: FuzzCorpusReplayTests.targets)
    func regressionsReplay(target: String) throws {
        let entry = try #require(FuzzEntryPoints.targets[target])
        for url in FuzzCorpusReplayTests.files("regressions", target) {
            let data = try Data(contentsOf: url)
            let start = Date()
            _ = data.withUnsafeBytes { entry($0) }
            #expect(Date().timeIntervalSince(start) < 10, "\(url.lastPathComponent) took too long")
        }
    }

    /// The frame fuzz target's finding (Fuzz/regressions/frame): a checksummed frame claiming
    /// far more than its payload can expand to is refused before memory is reserved for it.
    @Test(arguments: [UInt8(0x02), 0x82, 0x90, 0x01])
    func frameClaimingTooMuchIsRefusedBeforeAllocating(method: UInt8) throws {
        var frame = [UInt8](repeating: 0, count: 16) + [method, 39, 0, 0, 0, 0x15, 0, 0, 0x28] + [UInt8](repeating: 0xAB, count: 30)
        FuzzEntryPoints.fixChecksums(&frame)
        let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: frame)))
        #expect(throws: ClickHouseError.self) { try out.ensure(1) }
        #expect(out.capacity < 1 << 20, "the buffer grew to \(out.capacity) bytes")
    }
}

extension FuzzCorpusReplayTests {
    /// A long run of empty frames (found by reading the decoder, not by the fuzzer: a fuzz input
    /// is too short to hold enough of them) is read in a loop, not by recursion that could
    /// exhaust the stack.
    @Test func manyEmptyFramesDoNotExhaustTheStack() throws {
        let empty: [UInt8] = {
            var f = [UInt8](repeating: 0, count: 16) + [0x02, 9, 0, 0, 0, 0, 0, 0, 0]
            FuzzEntryPoints.fixChecksums(&f)
            return f
        }()
        var stream: [UInt8] = []
        stream.reserveCapacity(empty.count * 300_000 + 64)
        for _ in 0..<300_000 { stream += empty }
        var last = [UInt8](repeating: 0, count: 16) + [0x02, 10, 0, 0, 0, 1, 0, 0, 0, 0x2A]
        FuzzEntryPoints.fixChecksums(&last)
        stream += last
        let out = ReadBuffer(capacity: 64, source: FrameDecompressor(raw: ReadBuffer(bytes: stream)))
        #expect(try out.readUInt8() == 0x2A)
    }
}
