// The CHNative side of the benchmark suite (see Benchmarks/run.sh, which runs the peers in
// the same run and prints the comparison). Prints one JSON object per measurement.
import CHNative
import Foundation

let args = CommandLine.arguments
func arg(_ name: String, _ fallback: String) -> String {
    if let i = args.firstIndex(of: name), i + 1 < args.count { return args[i + 1] }
    return fallback
}
let host = arg("--host", "127.0.0.1")
let port = Int(arg("--port", "9000")) ?? 9000
let workload = arg("--workload", "S1")
let runs = Int(arg("--runs", "5")) ?? 5
let rows = Int(arg("--rows", "5000000")) ?? 5_000_000

func config(_ compression: CompressionMethod) -> ConnectionConfiguration {
    var c = ConnectionConfiguration(host: host, port: port, compression: compression)
    if let threads = Int(arg("--compression-threads", "")) { c.compressionThreads = threads }
    if let level = Int(arg("--compression-level", "")) { c.compressionLevel = level }
    return c
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// User plus system CPU time of this process (all threads), in seconds: on a shared machine
/// it shows the client's own cost even when the wall clock is disturbed by other load.
func cpuNow() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// CPU seconds of each timed run, filled by ``timed(_:)``.
nonisolated(unsafe) var cpuTimes: [Double] = []

/// The server's process id (`--server-pid`): its CPU time is read around the timed runs.
let serverPID = Int(arg("--server-pid", ""))

/// The server's CPU per timed run, set by ``timed(_:)`` when `--server-pid` is given.
nonisolated(unsafe) var serverCPU: ServerCPU?

/// Reads every block of `sql` and touches every value; returns a checksum.
func readAll(_ c: Connection, _ sql: String) throws -> UInt64 {
    let result = try c.query(sql)
    var checksum: UInt64 = 0
    while let block = try result.next() {
        for column in block.columns {
            checksum &+= touch(column)
        }
    }
    return checksum
}

func touch(_ column: any Column) -> UInt64 {
    switch column {
    case let c as FixedWidthColumn<UInt64>: return c.values.reduce(0, &+)
    case let c as FixedWidthColumn<Int64>: return UInt64(bitPattern: c.values.reduce(0, &+))
    case let c as FixedWidthColumn<Double>: return UInt64(c.values.reduce(0, +).magnitude.rounded(.towardZero).truncatingRemainder(dividingBy: 1e18))
    case let c as StringColumn: return UInt64(c.data.count) &+ UInt64(c.count)
    case let c as NullableColumn: return UInt64(c.nullMap.count) &+ touch(c.nested)
    case let c as LowCardinalityColumn: return UInt64(c.indexes.count) &+ touch(c.dictionary)
    case let c as ArrayColumn: return (c.offsets.last ?? 0) &+ touch(c.elements)
    case let c as MapColumn: return (c.offsets.last ?? 0) &+ touch(c.keys) &+ touch(c.values)
    default: return UInt64(column.count)
    }
}

func peakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    if sorted.isEmpty { return 0 }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

func emit(_ name: String, _ times: [Double], extra: [String: String] = [:]) {
    var fields = ["\"workload\": \"\(name)\"", "\"peer\": \"chnative\"", "\"median_s\": \(median(times))",
                  "\"min_s\": \(times.min() ?? 0)",
                  "\"runs\": [\(times.map { String(format: "%.4f", $0) }.joined(separator: ", "))]"]
    if cpuTimes.count == times.count {
        fields.append("\"cpu_median_s\": \(median(cpuTimes))")
        fields.append("\"cpu_runs\": [\(cpuTimes.map { String(format: "%.4f", $0) }.joined(separator: ", "))]")
    }
    if let serverCPU {
        fields.append("\"server_cpu_mean_s\": \(serverCPU.perRun)")
        fields.append("\"server_busiest_thread_s\": \(serverCPU.busiestThreadPerRun)")
        fields.append("\"server_busiest_thread\": \"\(serverCPU.busiestThreadName)\"")
    }
    for (k, v) in extra.sorted(by: { $0.key < $1.key }) { fields.append("\"\(k)\": \(v)") }
    print("{" + fields.joined(separator: ", ") + "}")
}

/// A warm-up, then `runs` timed runs of `body`: returns their wall times and fills
/// ``cpuTimes`` and ``serverCPU``.
func timed(_ body: () async throws -> Void) async rethrows -> [Double] {
    try await body() // warm-up
    var times: [Double] = []
    cpuTimes = []
    let server = serverPID.flatMap(ServerCPU.read(pid:))
    for _ in 0..<runs {
        let c = cpuNow()
        let t = now()
        try await body()
        times.append(now() - t)
        cpuTimes.append(cpuNow() - c)
    }
    if let pid = serverPID, let server, let after = ServerCPU.read(pid: pid) {
        serverCPU = ServerCPU(from: server, to: after, runs: runs)
    }
    return times
}

let s1 = "SELECT number, toString(number) FROM numbers(\(rows))"
let s4File = arg("--s4-file", "Benchmarks/s4.sql")
let s4 = ((try? String(contentsOfFile: s4File, encoding: .utf8)) ?? "").replacingOccurrences(of: "{ROWS}", with: String(rows / 5))

do {
    switch workload {
    case "S1", "S2", "S3":
        let method: CompressionMethod = workload == "S1" ? .none : workload == "S2" ? .lz4 : .zstd
        let c = try Connection(configuration: config(method))
        var check: UInt64 = 0
        let times = try await timed { check = try readAll(c, s1) }
        emit(workload, times, extra: ["checksum": "\(check)"])
    case "S4":
        let c = try Connection(configuration: config(.none))
        let times = try await timed { _ = try readAll(c, s4) }
        emit(workload, times)
    case "I1", "I2":
        let c = try Connection(configuration: config(workload == "I1" ? .none : .lz4))
        try c.execute("DROP TABLE IF EXISTS bench_null")
        try c.execute("CREATE TABLE bench_null (a UInt64, b String) ENGINE = Null")
        // Blocks of 65,536 rows built from Swift arrays.
        var blocks: [Block] = []
        var start = 0
        while start < rows {
            let n = min(65536, rows - start)
            let ids = (start..<(start + n)).map { UInt64($0) }
            let strings = StringColumn(ids.map { String($0) })
            blocks.append(try Block([("a", try FixedWidthColumn<UInt64>(type: .uint64, values: ids)), ("b", strings)]))
            start += n
        }
        let times = try await timed { try c.insert(into: "bench_null", blocks: blocks) }
        emit(workload, times)
    case "S5":
        // Small queries: `--rows` round trips of `SELECT i` on one connection (issue 17's
        // per-query cost); each run is all of them.
        let c = try Connection(configuration: config(.none))
        var check: UInt64 = 0
        let times = try await timed {
            for i in 0..<rows { check &+= try readAll(c, "SELECT \(i)") }
        }
        emit(workload, times, extra: ["queries": "\(rows)", "checksum": "\(check)"])
    case "M1":
        let c = try Connection(configuration: config(.none))
        let c0 = cpuNow()
        let t = now()
        let check = try readAll(c, "SELECT number, toString(number) FROM numbers(\(rows))")
        cpuTimes = [cpuNow() - c0]
        emit(workload, [now() - t], extra: ["peak_rss_kib": "\(peakRSSKiB())", "checksum": "\(check)"])
    case "C1":
        // Uncompressed (the default), like the server-alone peer it is compared with.
        let client = Client(configuration: config(.none), pool: PoolConfiguration(maximumConnections: 16))
        let perQuery = rows / 16
        let sql = "SELECT number, toString(number) FROM numbers(\(perQuery))"
        func once() async throws {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try await client.withConnection { conn in
                            var n = 0
                            for try await b in conn.stream(sql) { n += b.rowCount; _ = touch(b.columns[1]) }
                            return n
                        }
                    }
                }
                for try await _ in group {}
            }
        }
        let times = try await timed { try await once() }
        emit(workload, times)
    default:
        FileHandle.standardError.write(Data("unknown workload \(workload)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("chbench: \(error)\n".utf8))
    exit(1)
}
