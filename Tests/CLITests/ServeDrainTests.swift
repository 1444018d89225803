import Foundation
import Synchronization
import Testing
import TestSupport

/// `datalake serve` as a user runs it: SIGTERM in the middle of a stream of POSTs.
@Suite("datalake serve: graceful drain")
struct ServeDrainTests {
    /// One POST over a new loopback connection: the status (0 when the connection failed) and body.
    static func post(port: Int, body: String) -> (Int, String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard rc == 0 else { return (0, "connect: \(errno)") }
        let request = Array("POST /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        let sent = request.withUnsafeBytes { p in p.baseAddress.map { send(fd, $0, p.count, Int32(MSG_NOSIGNAL)) } ?? 0 }
        guard sent == request.count else { return (0, "send failed") }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        let text = String(decoding: out, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, text.components(separatedBy: "\r\n\r\n").dropFirst().joined())
    }

    /// Events stream in from four clients; SIGTERM arrives mid-stream. The process exits 0, and
    /// every event that got a 2xx is stored exactly once (and nothing else is).
    @Test func sigtermDrainsAndExitsZero() throws {
        let warehouse = "serve_drain_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let conn = ["--port", CLI.port26]
        #expect(try CLI.run(["schema", "apply", "--warehouse", warehouse] + conn).0 == 0)
        defer { _ = try? CLI.run(["query"] + conn + ["DROP DATABASE IF EXISTS \(warehouse)"]) }
        #expect(try CLI.run(["org", "add", "raven", "--warehouse", warehouse] + conn).0 == 0)
        let deadLetters = NSTemporaryDirectory() + warehouse + ".ndjson"
        defer { try? FileManager.default.removeItem(atPath: deadLetters) }

        let serve = try ChildProcess.Running(CLI.binary, ["serve", "--warehouse", warehouse, "--http-port", "0", "--token", "t", "--admin-token", "a",
                                                          "--dead-letter", deadLetters, "--max-latency", "0.2"] + conn)
        defer { serve.cleanUp() }
        var printed = ""
        var port = 0
        let deadline = Date().addingTimeInterval(30)
        while port == 0 && Date() < deadline && serve.isRunning {
            printed = serve.stdoutText
            if let r = printed.range(of: "listening on http://127.0.0.1:") {
                port = Int(printed[r.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            if port == 0 { usleep(20_000) }
        }
        try #require(port > 0, "serve did not start: \(printed)")
        let httpPort = port

        let acknowledged = Mutex<Int>(0)
        let answers = Mutex<[Int: Int]>([:])
        let stopPosting = Atomic<Bool>(false)
        let posters = (0..<4).map { t in
            Thread {
                var i = 0
                while !stopPosting.load(ordering: .relaxed) {
                    let body = (0..<20).map { n in
                        #"{"dataset":"journey_sessions","id":"drain-\#(t)-\#(i)-\#(n)","org_id":"raven","journey_id":"j1","start_time":"2024-05-01T10:00:00Z","details":{"deviceType":"mobile"}}"#
                    }.joined(separator: "\n")
                    let (status, answer) = Self.post(port: httpPort, body: body)
                    answers.withLock { $0[status, default: 0] += 1 }
                    if (200..<300).contains(status) {
                        acknowledged.withLock { $0 += Int(answer.dropFirst(12).prefix { $0.isNumber }) ?? 0 }
                    } else if status == 0 {
                        Thread.sleep(forTimeInterval: 0.05)  // refused: the server is going away
                    }
                    i += 1
                }
            }
        }
        posters.forEach { $0.start() }
        Thread.sleep(forTimeInterval: 2)
        let before = acknowledged.withLock { $0 }
        serve.send(SIGTERM)
        let signalled = Date()
        while serve.isRunning && Date().timeIntervalSince(signalled) < 60 { Thread.sleep(forTimeInterval: 0.05) }
        let drained = Date().timeIntervalSince(signalled)
        stopPosting.store(true, ordering: .relaxed)
        while posters.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!serve.isRunning, "serve still running \(drained) s after SIGTERM")
        #expect(try serve.wait(timeout: 10) == 0)
        let acked = acknowledged.withLock { $0 }
        #expect(before > 0, "nothing was acknowledged before SIGTERM")
        let (rc, stored, err) = try CLI.run(["query"] + conn + ["SELECT count(), uniqExact(id) FROM \(warehouse).journey_sessions"])
        #expect(rc == 0, "\(err)")
        #expect(stored == "\(acked)\t\(acked)\n", "acknowledged \(acked), stored (count, distinct) \(stored)")
        print(String(format: "serve drain: %d events acknowledged (%d before SIGTERM), answers by status %@; exited %.2f s after SIGTERM",
                     acked, before, answers.withLock { "\($0.sorted { $0.key < $1.key })" }, drained))
    }
}
