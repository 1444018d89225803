import Foundation

/// The CPU time of the benchmark's server process, read from `/proc` around the timed runs:
/// the whole process (all threads, finished ones included) and each live thread, so that the
/// report can say how much CPU a run needs and which server thread bounds it.
struct ServerCPU {
    /// CPU seconds per run of the whole server (the mean over the runs; 10 ms clock ticks).
    var perRun: Double
    /// CPU seconds per run of the server thread that was on a CPU the longest.
    var busiestThreadPerRun: Double
    /// That thread's name (`TCPHandler`, `ThreadPool`, ...).
    var busiestThreadName: String

    /// A reading of the server process: its total CPU seconds and each thread's name and
    /// nanoseconds on a CPU.
    struct Reading {
        var total: Double
        var threads: [String: (name: String, nanoseconds: UInt64)]
    }

    /// Reads the server process `pid`; `nil` when `/proc/<pid>` cannot be read.
    static func read(pid: Int) -> Reading? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        var threads: [String: (name: String, nanoseconds: UInt64)] = [:]
        for tid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? [] {
            let dir = "/proc/\(pid)/task/\(tid)"
            guard let name = try? String(contentsOfFile: dir + "/comm", encoding: .utf8),
                  let schedstat = try? String(contentsOfFile: dir + "/schedstat", encoding: .utf8),
                  let first = schedstat.split(separator: " ").first, let ns = UInt64(first) else { continue }
            threads[tid] = (name.trimmingCharacters(in: .whitespacesAndNewlines), ns)
        }
        return Reading(total: (user + system) / Double(sysconf(Int32(_SC_CLK_TCK))), threads: threads)
    }

    /// The CPU per run between two readings `runs` runs apart.
    init?(from before: Reading, to after: Reading, runs: Int) {
        guard runs > 0 else { return nil }
        perRun = (after.total - before.total) / Double(runs)
        var busiest: (name: String, nanoseconds: UInt64) = ("-", 0)
        for (tid, thread) in after.threads {
            let used = thread.nanoseconds - min(before.threads[tid]?.nanoseconds ?? 0, thread.nanoseconds)
            if used > busiest.nanoseconds { busiest = (thread.name, used) }
        }
        busiestThreadPerRun = Double(busiest.nanoseconds) / 1e9 / Double(runs)
        busiestThreadName = busiest.name
    }
}
