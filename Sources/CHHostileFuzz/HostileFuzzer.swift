import CHHostileServer
import CHNative
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves mutated captures to the real client, many times over: no crash, no hang (a watchdog
/// ends the process naming the seed of an execution that takes longer than 20 s), and a peak
/// resident size under a bound.
struct HostileFuzzer {
    let captures: [(name: String, capture: Capture)]
    let seed: UInt64
    let maximumRSSMiB: Int
    /// The valid compressed frames of each capture (empty for uncompressed ones).
    let frames: [[Range<Int>]]
    /// Where each execution's input is written before it runs, so that a crash (which ends the
    /// process) leaves the input behind as a capture file for Fuzz/regressions/hostile-server.
    var currentInputFile: String?
    /// The first execution to run (to reach a known finding of a seed quickly).
    var firstExecution = 0

    init(corpus: String, seed: UInt64, maximumRSSMiB: Int) throws {
        captures = try Capture.load(directory: corpus)
        guard !captures.isEmpty else { throw HostileServerError("no .cap files in \(corpus)") }
        frames = captures.map { FrameMutator.frames(in: $0.capture.bytes) }
        self.seed = seed
        self.maximumRSSMiB = maximumRSSMiB
    }

    static func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }

    func run(executions: Int) throws -> String {
        let server = try ReplayServer()
        defer { server.stop() }
        var runner = HostileRun(server: server)
        runner.readTimeout = 2
        let current = Watchdog()
        current.start(limitSeconds: 20)
        var completed = 0
        var failures: [String: Int] = [:]
        let started = Date()
        for i in firstExecution..<executions {
            let execSeed = seed &+ UInt64(i) &* 0x9E37_79B9
            let (name, capture) = captures[i % captures.count]
            // Every other execution of a compressed capture mutates inside a frame and re-frames it.
            let input = (i / captures.count) % 2 == 1
                ? FrameMutator.mutate(capture.bytes, frames: frames[i % captures.count], seed: execSeed) ?? StreamMutator.mutate(capture.bytes, seed: execSeed)
                : StreamMutator.mutate(capture.bytes, seed: execSeed)
            current.begin("\(name) seed \(execSeed) (execution \(i))")
            if let currentInputFile {
                var saved = capture
                saved.bytes = input
                try Data(try saved.encoded()).write(to: URL(fileURLWithPath: currentInputFile))
            }
            switch runner.run(input, like: capture) {
            case .completed: completed += 1
            case .failed(let e): failures[Self.kind(e), default: 0] += 1
            }
            current.end()
            if i % 10_000 == 9_999 {
                let rss = Self.peakRSSMiB()
                let rate = Double(i + 1 - firstExecution) / Date().timeIntervalSince(started)
                FileHandle.standardError.write(Data("\(i + 1) executions, \(Int(rate))/s, peak RSS \(rss) MiB\n".utf8))
                guard rss <= maximumRSSMiB else {
                    throw HostileServerError("peak RSS \(rss) MiB exceeds \(maximumRSSMiB) MiB after \(i + 1) executions (last: \(name) seed \(execSeed))")
                }
            }
        }
        let rss = Self.peakRSSMiB()
        guard rss <= maximumRSSMiB else { throw HostileServerError("peak RSS \(rss) MiB exceeds \(maximumRSSMiB) MiB") }
        let seconds = Date().timeIntervalSince(started)
        let kinds = failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "hostile-server: \(executions) executions over \(captures.count) captures in \(Int(seconds)) s (seed \(seed)): "
            + "\(completed) complete results, refused: \(kinds); no crash, no hang; peak RSS \(rss) MiB (bound \(maximumRSSMiB) MiB)"
    }

    static func kind(_ e: ClickHouseError) -> String {
        switch e {
        case .server: return "server exception"
        case .connectionFailed: return "connection failed"
        case .connectionClosed: return "connection closed"
        case .timeout: return "timeout"
        case .tls: return "tls"
        case .protocolViolation: return "protocol violation"
        case .corruptCompressedData: return "corrupt frame"
        case .unsupportedType: return "unsupported type"
        case .invalidInput: return "invalid input"
        case .cancelled: return "cancelled"
        case .invalidState: return "invalid state"
        }
    }
}

/// Ends the process when one execution runs longer than its limit: a hang is a finding.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var label: String?
    private var since = Date()

    func begin(_ what: String) { lock.lock(); label = what; since = Date(); lock.unlock() }
    func end() { lock.lock(); label = nil; lock.unlock() }

    func start(limitSeconds: Double) {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                lock.lock()
                let stuck = label.flatMap { Date().timeIntervalSince(since) > limitSeconds ? $0 : nil }
                lock.unlock()
                if let stuck {
                    FileHandle.standardError.write(Data("chnative-hostile: HANG: \(stuck) ran longer than \(limitSeconds) s\n".utf8))
                    exit(3)
                }
            }
        }
    }
}
