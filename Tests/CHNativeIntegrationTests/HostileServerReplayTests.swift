import CHHostileServer
import CHNative
import Foundation
import Testing

/// The real client against a hostile server on loopback that replays real 26.9 and 18.16
/// streams (Fuzz/corpus/hostile-server, recorded by `scripts/hostile-fuzz.sh capture`): clean,
/// they read as the live server's answers did; mutated, every execution ends in a complete
/// result or a ``ClickHouseError`` — never a crash or a hang. `scripts/hostile-fuzz.sh` runs
/// the same with a million mutations.
@Suite(.serialized) struct HostileServerReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Fuzz/corpus/hostile-server").path

    @Test func cleanCapturesReadAsTheLiveServersAnswersDid() throws {
        let captures = try Capture.load(directory: Self.corpus)
        #expect(captures.count >= 60)
        #expect(Set(captures.map(\.capture.header.server)) == ["26.9", "18.16"])
        let server = try ReplayServer()
        defer { server.stop() }
        let run = HostileRun(server: server)
        for (name, capture) in captures {
            let outcome = run.run(capture.bytes, like: capture)
            if name.contains("-exception-") || name.contains("-throw_midstream-") {
                guard case .failed(.server) = outcome else { Issue.record("\(name): \(outcome)"); continue }
            } else {
                guard case .completed(let rows, _) = outcome else { Issue.record("\(name): \(outcome)"); continue }
                let expected: Int? = name.contains("-numbers-") ? 3000 : name.contains("-empty-") ? 0 : name.contains("-sparse-") ? 5000 : nil
                if let expected { #expect(rows == expected, "\(name)") } else { #expect(rows > 0, "\(name)") }
            }
        }
    }

    @Test func mutatedStreamsEndInAResultOrAnErrorNeverACrashOrAHang() throws {
        let captures = try Capture.load(directory: Self.corpus)
        let server = try ReplayServer()
        defer { server.stop() }
        var run = HostileRun(server: server)
        run.readTimeout = 2
        var refused = 0
        var completed = 0
        let executions = 3000
        for i in 0..<executions {
            let (_, capture) = captures[i % captures.count]
            switch run.run(StreamMutator.mutate(capture.bytes, seed: 0xC0FFEE &+ UInt64(i)), like: capture) {
            case .completed: completed += 1
            case .failed: refused += 1
            }
        }
        #expect(completed + refused == executions)
        #expect(refused > executions / 2, "most mutations must be refused, not read as results")
    }

    /// A byte changed in a compressed frame fails its checksum and never reaches the decoder;
    /// mutations inside frames, re-compressed with a valid checksum, do reach it.
    @Test func mutationsInsideCompressedFramesReachTheBlockDecoder() throws {
        let captures = try Capture.load(directory: Self.corpus).filter { $0.capture.compression != .none }
        #expect(captures.count >= 40)
        let server = try ReplayServer()
        defer { server.stop() }
        var run = HostileRun(server: server)
        run.readTimeout = 2
        var kinds: [ClickHouseError.Code: Int] = [:]
        var completed = 0
        for (i, (name, capture)) in (captures + captures).enumerated() {
            let frames = FrameMutator.frames(in: capture.bytes)
            // An exception alone is never compressed; every other capture has data frames.
            if name.contains("-exception-") { continue }
            #expect(!frames.isEmpty, "\(name): no valid frame found")
            guard let input = FrameMutator.mutate(capture.bytes, frames: frames, seed: 0xF4A3E &+ UInt64(i)) else {
                Issue.record("\(name): its frames could not be re-framed")
                continue
            }
            switch run.run(input, like: capture) {
            case .completed: completed += 1
            case .failed(let e): kinds[e.code, default: 0] += 1
            }
        }
        // Every frame arrives intact: a frame error is only the decoder, misled by a mutated
        // length, reading past its frame into the next packet. Most refusals are the decoder's.
        let decoder = kinds.filter { $0.key != .corruptCompressedData }.values.reduce(0, +)
        #expect(decoder > 2 * (kinds[.corruptCompressedData] ?? 0), "completed \(completed), refused \(kinds)")
        #expect((kinds[.protocolViolation] ?? 0) > 0 && completed > 0, "completed \(completed), refused \(kinds)")
    }

    /// Inputs on which the fuzzer found a crash (each once fixed): they must end in a result or
    /// an error. A crash ends the whole test process, so reaching the end is the check.
    @Test func findingsReplayWithoutCrashing() throws {
        let dir = Self.root.appendingPathComponent("Fuzz/regressions/hostile-server").path
        let findings = try Capture.load(directory: dir)
        #expect(!findings.isEmpty)
        let server = try ReplayServer()
        defer { server.stop() }
        let run = HostileRun(server: server)
        var ended = 0
        for (_, capture) in findings {
            switch run.run(capture.bytes, like: capture) {
            case .completed, .failed: ended += 1
            }
        }
        #expect(ended == findings.count)
    }
}
