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
