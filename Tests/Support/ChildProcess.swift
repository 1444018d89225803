#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Datalake
import Foundation

/// Runs a program for a test, with a deadline.
///
/// Foundation's `Process` is not used: on Linux it learns that a child exited when a socket
/// the child inherited is closed, so a child that leaves a daemon behind (tmux starting its
/// server, a shell starting a server in the background) makes `waitUntilExit()` wait for the
/// daemon — forever, on a fresh machine. Here the child's standard streams are files (never
/// a pipe a grandchild could hold open), it inherits no other descriptor, it runs in a process
/// group of its own, and `waitpid` on its pid is polled until a deadline, after which the
/// whole group is killed and the test fails with what the program printed.
public enum ChildProcess {
    /// What a finished program left.
    public struct Output: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        public let status: Int32
        public let stdout: Data
        public let stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A program that did not finish in time, or could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `path arguments…` with `stdin` as its standard input (empty when nil) and waits
    /// at most `timeout` seconds for it.
    public static func run(_ path: String, _ arguments: [String], stdin: Data? = nil,
                           environment: [String: String]? = nil, timeout: Double = 300) throws -> Output {
        let child = try Running(path, arguments, stdin: stdin, environment: environment)
        defer { child.cleanUp() }
        let status = try child.wait(timeout: timeout)
        return Output(status: status, stdout: child.stdout(), stderr: child.stderr())
    }

    /// A started program: its output so far, signals, and a bounded wait.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        public let command: String
        private let outPath: String, errPath: String, inPath: String
        private var exitStatus: Int32?

        public init(_ path: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws {
            command = ([path] + arguments).joined(separator: " ")
            let base = NSTemporaryDirectory() + "child-\(UUID().uuidString)"
            inPath = base + ".in"; outPath = base + ".out"; errPath = base + ".err"
            try (stdin ?? Data()).write(to: URL(fileURLWithPath: inPath))

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            Spawn.prepare(&actions, &attributes, newProcessGroup: true)

            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment ?? [:] { env[k] = v }
            let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
            let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for p in argv + envp { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
            guard rc == 0 else {
                try? FileManager.default.removeItem(atPath: inPath)
                throw Failure(description: "cannot start \(path): \(String(cString: strerror(rc)))")
            }
            self.pid = pid
        }

        /// Standard output so far.
        public func stdout() -> Data { (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data() }
        /// Standard output so far, as text.
        public var stdoutText: String { String(decoding: stdout(), as: UTF8.self) }
        /// Standard error so far.
        public func stderr() -> Data { (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data() }

        /// Whether it has not exited yet (reaps it when it has).
        public var isRunning: Bool { poll() == nil }

        /// Sends `signal` to the program.
        public func send(_ signal: Int32) { if exitStatus == nil { kill(pid, signal) } }

        /// Its exit status, waiting at most `timeout` seconds; past that its process group
        /// is killed and an error says what it printed.
        @discardableResult
        public func wait(timeout: Double) throws -> Int32 {
            let deadline = Date().addingTimeInterval(timeout)
            while true {
                if let status = poll() { return status }
                if Date() >= deadline { break }
                usleep(5_000)
            }
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            _ = try? wait(timeout: 10)
            let tail = { (d: Data) in String(decoding: d.suffix(2000), as: UTF8.self) }
            throw Failure(description: "\(command) did not finish within \(timeout) s and was killed; "
                          + "stdout ends: \(tail(stdout())); stderr ends: \(tail(stderr()))")
        }

        private func poll() -> Int32? {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            var r: pid_t
            repeat { r = waitpid(pid, &status, WNOHANG) } while r < 0 && errno == EINTR
            guard r == pid else { return r < 0 ? (exitStatus ?? -1) : nil }
            let low = status & 0x7f
            exitStatus = low == 0 ? (status >> 8) & 0xff : 128 + low
            return exitStatus
        }

        /// Kills it if still running (and its group) and removes its files.
        public func cleanUp() {
            if exitStatus == nil && poll() == nil {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = try? wait(timeout: 10)
            }
            for p in [inPath, outPath, errPath] { try? FileManager.default.removeItem(atPath: p) }
        }

        deinit { cleanUp() }
    }
}

