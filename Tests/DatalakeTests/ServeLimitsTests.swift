import CHNative
import Foundation
import Synchronization
import Testing
@testable import Datalake

/// `datalake serve`'s HTTP server under hostile and numerous clients: real server, real
/// loopback sockets.
@Suite("HTTP server limits")
struct ServeLimitsTests {
    let http = HTTPTests()

    /// A connected socket that has sent nothing (or part of a request).
    final class RawClient: @unchecked Sendable {
        let fd: Int32
        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard rc == 0 else {
                Glibc.close(fd)
                throw DatalakeError.serverFailed("connect failed: \(errno)")
            }
        }
        /// Sends bytes without SIGPIPE; false once the server has closed.
        func send(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { p in p.baseAddress.map { Glibc.send(fd, $0, p.count, Int32(MSG_NOSIGNAL)) == p.count } ?? true }
        }
        /// Whether the server has closed the connection (EOF or reset), waiting up to `timeout` s.
        func closedByServer(within timeout: Double) -> Bool {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(timeout * 1000)) > 0 else { return false }
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
        }
        private let closed = Mutex(false)
        /// Closes the socket once: a second close could close a descriptor the process has
        /// since reused (the HTTP server's own sockets), which NIO finds still registered.
        func close() {
            guard closed.withLock({ was in defer { was = true }; return !was }) else { return }
            Glibc.close(fd)
        }
    }

    /// A GET /health with a deadline: (status, seconds), status 0 when not answered in time.
    func timedGet(_ port: Int, _ path: String = "/health", timeout: Double) -> (Int, Double) {
        let started = Date()
        guard let c = try? RawClient(port: port) else { return (0, Date().timeIntervalSince(started)) }
        defer { c.close() }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard c.send(Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)) else { return (0, 0) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { read(c.fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        let text = String(decoding: out, as: UTF8.self)
        return (Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0, Date().timeIntervalSince(started))
    }

    /// Headers over `maxHeaderBytes` get 431 and bodies over `maxBody` 413, both with a JSON
    /// error, whether the body is declared too large or sent; the server keeps serving.
    @Test func oversizedHeaderAndBodyAreRefused() throws {
        let server = HTTPServer(port: 0, limits: HTTPServerLimits(maxHeaderBytes: 4096, maxBody: 1024)) { _ in .json(200, "{}") }
        try server.start()
        defer { server.stop() }
        let p = server.port
        let (hs, hb) = try http.send(p, "GET / HTTP/1.1\r\nX-Pad: \(String(repeating: "a", count: 5000))\r\nConnection: close\r\n\r\n")
        #expect(hs == 431)
        #expect(hb.hasPrefix("{\"error\":"), "\(hb)")
        // Under the limit passes.
        #expect(try http.send(p, "GET / HTTP/1.1\r\nX-Pad: \(String(repeating: "a", count: 3000))\r\nConnection: close\r\n\r\n").0 == 200)
        let (bs, bb) = try http.post(p, String(repeating: "x", count: 1025), token: nil)
        #expect(bs == 413)
        #expect(bb.hasPrefix("{\"error\":\"body larger than 1024 bytes\""), "\(bb)")
        // Declared too large: refused before the body is sent.
        let (ds, _) = try http.send(p, "POST /v1/events HTTP/1.1\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n")
        #expect(ds == 413)
        #expect(try http.post(p, String(repeating: "x", count: 1024), token: nil).0 == 200)
    }

    /// A client sending one header byte per second is disconnected after the header timeout,
    /// and while it trickles it does not keep others out: with room for two connections and two
    /// such clients, a third client is answered once the timeout has cut them off.
    @Test func slowlorisIsDisconnectedAndFreesItsSlot() throws {
        let limits = HTTPServerLimits(maxConnections: 2, headerTimeout: 2)
        let server = HTTPServer(port: 0, limits: limits) { _ in .json(200, "{\"status\":\"ok\"}") }
        try server.start()
        defer { server.stop() }
        let port = server.port
        let request = Array("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: \(String(repeating: "z", count: 40))\r\n\r\n".utf8)
        let cutAfter = Mutex<[Double]>([])
        let tricklers = (0..<2).map { _ in
            Thread {
                guard let c = try? RawClient(port: port) else { return }
                defer { c.close() }
                let started = Date()
                for byte in request {
                    guard c.send([byte]), !c.closedByServer(within: 1) else { break }
                }
                cutAfter.withLock { $0.append(Date().timeIntervalSince(started)) }
            }
        }
        tricklers.forEach { $0.start() }
        Thread.sleep(forTimeInterval: 0.5)
        // Both slots are taken by tricklers: this client waits in the backlog until they are cut off.
        let (status, waited) = timedGet(port, timeout: 10)
        #expect(status == 200)
        #expect(waited < 6, "answered after \(waited) s")
        for _ in 0..<100 where cutAfter.withLock({ $0.count }) < 2 { Thread.sleep(forTimeInterval: 0.1) }
        let cut = cutAfter.withLock { $0 }
        #expect(cut.count == 2)
        // Cut off at the 2 s header timeout (the request is 70 bytes: 70 s at one byte per second).
        #expect(cut.allSatisfy { $0 >= 1.5 && $0 < 5 }, "\(cut)")
    }

    /// At most `maxConnections` connections are served at once: the next client waits until
    /// one closes.
    @Test func connectionsAreBounded() throws {
        let server = HTTPServer(port: 0, limits: HTTPServerLimits(maxConnections: 3, headerTimeout: 30)) { _ in .json(200, "{}") }
        try server.start()
        defer { server.stop() }
        let idle = try (0..<3).map { _ in try RawClient(port: server.port) }
        defer { idle.forEach { $0.close() } }
        // Each holds its slot for sure once it has been answered (kept alive afterwards), however
        // slowly a loaded machine accepts.
        for c in idle {
            #expect(c.send(Array("GET /x HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
            var p = pollfd(fd: c.fd, events: Int16(POLLIN), revents: 0)
            #expect(poll(&p, 1, 10_000) > 0, "an idle client was not answered")
            var buf = [UInt8](repeating: 0, count: 4096)
            #expect(buf.withUnsafeMutableBytes { read(c.fd, $0.baseAddress, $0.count) } > 0)
        }
        #expect(timedGet(server.port, timeout: 1).0 == 0, "a fourth connection was served")
        idle[0].close()
        #expect(timedGet(server.port, timeout: 5).0 == 200)
    }

    /// 2,000 idle connections plus a flood of small POSTs from 16 clients, on loopback: `/health`
    /// (which asks ClickHouse) answers throughout, and every acknowledged event is stored once.
    @Test func healthStaysResponsiveAndNothingAcknowledgedIsLost() throws {
        try TestLake.with { lake in
            let ingestor = Ingestor(config: lake.ingestConfiguration, validator: EventValidator(knownOrgs: ["raven"]), deadLetters: nil)
            let service = IngestService(ingestor: ingestor, token: "t", connection: TestServer.configuration)
            let server = HTTPServer(port: 0, limits: HTTPServerLimits(headerTimeout: 120)) { service.handle($0) }
            try server.start()
            defer {
                server.stop()
                _ = try? ingestor.finish()
            }
            let port = server.port
            var idle: [RawClient] = []
            defer { idle.forEach { $0.close() } }
            for _ in 0..<2000 { idle.append(try RawClient(port: port)) }

            let acknowledged = Mutex<Int>(0)
            let failures = Mutex<[String]>([])
            let health = Mutex<[(Int, Double)]>([])
            let flooding = Atomic<Bool>(true)
            let posters = (0..<16).map { t in
                Thread {
                    for i in 0..<40 {
                        let body = (0..<10).map { Event.session("load-\(t)-\(i)-\($0)", start: "2024-05-01T10:00:00Z") }.joined(separator: "\n")
                        do {
                            let (status, answer) = try HTTPTests().post(port, body, token: "t")
                            if status == 200 {
                                acknowledged.withLock { $0 += Int(answer.dropFirst(12).prefix { $0.isNumber }) ?? 0 }
                            } else {
                                failures.withLock { $0.append("\(status) \(answer)") }
                            }
                        } catch {
                            failures.withLock { $0.append("\(error)") }
                        }
                    }
                }
            }
            let started = Date()
            posters.forEach { $0.start() }
            let prober = Thread {
                while flooding.load(ordering: .relaxed) {
                    let answer = ServeLimitsTests().timedGet(port, timeout: 5)
                    health.withLock { $0.append(answer) }
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            prober.start()
            while posters.contains(where: { !$0.isFinished }) && Date().timeIntervalSince(started) < 120 {
                Thread.sleep(forTimeInterval: 0.1)
            }
            let elapsed = Date().timeIntervalSince(started)
            flooding.store(false, ordering: .relaxed)
            while !prober.isFinished { Thread.sleep(forTimeInterval: 0.05) }
            #expect(elapsed < 120, "the flood did not finish in 120 s")
            #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(5))")
            let probes = health.withLock { $0 }
            #expect(probes.count >= 3)
            #expect(probes.allSatisfy { $0.0 == 200 }, "\(probes.filter { $0.0 != 200 }.count) of \(probes.count) /health probes failed")
            let slowest = probes.map(\.1).max() ?? 0
            #expect(slowest < 2, "slowest /health: \(slowest) s")
            // Every idle connection is still open (not dropped to make room).
            #expect(!idle[0].closedByServer(within: 0) && !idle[1999].closedByServer(within: 0))
            let acked = acknowledged.withLock { $0 }
            #expect(acked == 16 * 40 * 10)
            let table = "\(SQLIdentifier.quote(lake.schema.database)).journey_sessions"
            let stored = try lake.table("SELECT count(), uniqExact(id) FROM \(table)").rows.first ?? []
            #expect(stored == ["\(acked)", "\(acked)"], "stored \(stored), acknowledged \(acked)")
            print(String(format: "serve load: 2000 idle connections + %d events in %d POSTs from 16 clients in %.1f s; %d /health probes, slowest %.3f s",
                         acked, 16 * 40, elapsed, probes.count, slowest))
        }
    }
}
