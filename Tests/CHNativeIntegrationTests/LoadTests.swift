import CHNative
import Foundation
import Synchronization
import Testing

/// Sixty-four concurrent async queries through one pooled ``Client`` against the real
/// ClickHouse 26.9 for a sustained run: each task runs `CH_LOAD_QUERIES` queries (default 40)
/// and keeps going for at least `CH_LOAD_SECONDS` (default 10) after it first ran, so the run
/// stays sustained even when other suites hold the cooperative threads at first. No errors, no
/// leaked connections or file descriptors, flat memory. Prints the figures.
///
/// File descriptors and memory are process-wide, so the test runs alone: `scripts/test.sh` runs
/// it in its own `swift test` process with `CH_LOAD_TEST=1` after the main run.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["CH_LOAD_TEST"] == "1", "runs alone (CH_LOAD_TEST=1)"))
struct LoadTests {
    static func openFileDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    static func residentMiB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return -1 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    final class Stats: Sendable {
        let queries = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let rows = Atomic<Int>(0)
        let errors = Mutex<[String]>([])
        let latencies = Mutex<[Double]>([])
    }

    @Test func sixtyFourConcurrentQueriesThroughThePool() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["CH_LOAD_SECONDS"] ?? "") ?? 10
        let perTask = Int(ProcessInfo.processInfo.environment["CH_LOAD_QUERIES"] ?? "") ?? 40
        let fdBefore = Self.openFileDescriptors()
        let client = Client(configuration: TestServers.ch26.configuration(compression: .lz4),
                            pool: PoolConfiguration(maximumConnections: 64, healthCheckAfter: 5, acquireTimeout: 60))
        let stats = Stats()
        let start = Date()
        var rss: [Double] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<64 {
                group.addTask {
                    var i = 0
                    let myDeadline = Date().addingTimeInterval(seconds)
                    defer { stats.finished.add(1, ordering: .relaxed) }
                    while i < perTask || Date() < myDeadline {
                        let t0 = Date()
                        do {
                            // A mix: small lookups, a 100k-row stream, parameters.
                            let sql: String
                            switch (worker + i) % 3 {
                            case 0: sql = "SELECT number, toString(number) FROM numbers(100000)"
                            case 1: sql = "SELECT sum(number) FROM numbers({n:UInt32})"
                            default: sql = "SELECT \(worker), '\(i)'"
                            }
                            let blocks = try await client.query(sql, parameters: sql.contains("{n") ? ["n": "50000"] : [:])
                            stats.rows.add(blocks.reduce(0) { $0 + $1.rowCount }, ordering: .relaxed)
                            stats.queries.add(1, ordering: .relaxed)
                            let dt = Date().timeIntervalSince(t0)
                            stats.latencies.withLock { $0.append(dt) }
                        } catch {
                            stats.errors.withLock { $0.append("\(error)") }
                        }
                        i += 1
                    }
                }
            }
            while stats.finished.load(ordering: .relaxed) < 64 {
                try await Task.sleep(nanoseconds: UInt64(seconds / 8 * 1e9))
                rss.append(Self.residentMiB())
            }
            try await group.waitForAll()
        }
        let elapsed = Date().timeIntervalSince(start)
        let open = client.openConnections
        await client.shutdown()
        try await Task.sleep(nanoseconds: 300_000_000)
        let fdAfter = Self.openFileDescriptors()
        let lat = stats.latencies.withLock { $0.sorted() }
        let q = stats.queries.load(ordering: .relaxed)
        func pct(_ p: Double) -> Double { lat.isEmpty ? 0 : lat[min(lat.count - 1, Int(Double(lat.count) * p))] * 1000 }
        print(String(format: "load: 64 tasks, %.1f s, %d queries (%.0f/s), %d rows, errors %d, latency p50 %.1f ms p99 %.1f ms, "
                     + "pool peak %d connections, fds %d -> %d, RSS MiB %@",
                     elapsed, q, Double(q) / elapsed, stats.rows.load(ordering: .relaxed), stats.errors.withLock { $0.count },
                     pct(0.5), pct(0.99), open, fdBefore, fdAfter, rss.map { String(format: "%.0f", $0) }.joined(separator: " ")))
        #expect(stats.errors.withLock { $0 }.isEmpty, "\(stats.errors.withLock { Array($0.prefix(3)) })")
        #expect(q >= 64 * perTask)
        #expect(open <= 64)
        #expect(fdAfter <= fdBefore + 2, "file descriptors \(fdBefore) -> \(fdAfter)")
        // Flat memory: the second half of the run grows by less than 64 MiB.
        if rss.count >= 4 {
            let half = rss[rss.count / 2 - 1]
            #expect((rss.last ?? 0) - half < 64, "RSS samples \(rss)")
        }
    }
}
