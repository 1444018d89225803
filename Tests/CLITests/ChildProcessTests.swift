import Foundation
import Testing
import TestSupport

/// The runner every CLI test starts programs with: a program that leaves a daemon behind (as
/// `tmux new-session` does on a machine where no tmux server runs yet) must not keep the
/// test waiting. Foundation's `Process.waitUntilExit()` waited here for the daemon, which
/// hung CI's run on a fresh machine.
@Suite struct ChildProcessTests {
    @Test func aDaemonLeftBehindDoesNotKeepTheRunnerWaiting() throws {
        let started = Date()
        let r = try ChildProcess.run("/bin/sh", ["-c", "sleep 20 & echo $!; echo done >&2"], timeout: 15)
        let elapsed = Date().timeIntervalSince(started)
        if let daemon = Int32(r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) { kill(daemon, SIGKILL) }
        #expect(r.status == 0 && r.stderrText == "done\n")
        #expect(elapsed < 10, "waited \(elapsed) s for a background child")
    }

    @Test func aProgramPastItsDeadlineIsKilledAndReported() throws {
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run("/bin/sleep", ["30"], timeout: 0.5) }
    }

    @Test func standardInputIsWhatTheTestGives() throws {
        let r = try ChildProcess.run("/bin/cat", [], stdin: Data("a\u{0}b".utf8))
        #expect(r.stdout == Data("a\u{0}b".utf8))
        // Never the test process's own standard input (CI's may be a pipe that never ends).
        #expect(try ChildProcess.run("/bin/cat", []).stdout.isEmpty)
    }

    @Test func exitStatusAndSignal() throws {
        #expect(try ChildProcess.run("/bin/sh", ["-c", "exit 7"]).status == 7)
        #expect(try ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"]).status == 128 + SIGTERM)
    }
}
