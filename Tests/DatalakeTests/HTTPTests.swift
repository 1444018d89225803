import CHNative
import Foundation
import Testing
@testable import Datalake

@Suite("HTTP ingestion")
struct HTTPTests {
    /// A minimal HTTP client over a socket: sends one request, returns status and body.
    func send(_ port: Int, _ request: String) throws -> (Int, String) {
        let conn = try TCPProbe(port: port)
        defer { conn.close() }
        try conn.write(Array(request.utf8))
        let text = try conn.readAll()
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }

    func post(_ port: Int, _ body: String, token: String?, path: String = "/v1/events") throws -> (Int, String) {
        var r = "POST \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        if let token { r += "Authorization: Bearer \(token)\r\n" }
        return try send(port, r + "\r\n" + body)
    }

    @Test func postBatchesWithToken() throws {
        try TestLake.with { lake in
            let ingestor = Ingestor(config: lake.ingestConfiguration, validator: EventValidator(knownOrgs: ["raven"]), deadLetters: nil)
            let service = IngestService(ingestor: ingestor, token: "s3cret-token", connection: TestServer.configuration)
            let server = HTTPServer(port: 0) { service.handle($0) }
            try server.start()
            defer {
                server.stop()
                _ = try? ingestor.finish()
            }
            let (hs, hb) = try send(server.port, "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")
            #expect(hs == 200 && hb.contains("\"status\":\"ok\""))

            let body = [Event.session("h1", start: "2024-05-01T10:00:00Z"), "{oops", Event.session("h2", start: "2024-05-01T11:00:00Z")].joined(separator: "\n")
            #expect(try post(server.port, body, token: nil).0 == 401)
            #expect(try post(server.port, body, token: "wrong").0 == 401)
            let (status, answer) = try post(server.port, body, token: "s3cret-token")
            #expect(status == 200)
            #expect(answer.hasPrefix("{\"accepted\":2,\"rejected\":[{\"line\":2,"))
            // Acknowledged means committed: visible right away.
            #expect(try lake.count(try lake.view("raven", "journey_sessions_final")) == 2)
            #expect(try post(server.port, body, token: "s3cret-token", path: "/v1/events?dataset=nope").0 == 400)
            #expect(try send(server.port, "GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n").0 == 404)
            #expect(try send(server.port, "GET /v1/events HTTP/1.1\r\nConnection: close\r\n\r\n").0 == 405)
        }
    }
}

extension HTTPTests {
    /// Unauthenticated, oversized and malformed requests get the right status and never reach ClickHouse.
    @Test func hostileRequestsGetTheRightStatus() throws {
        let server = HTTPServer(port: 0, maxBody: 1024) { request in
            request.header("authorization") == "Bearer t" ? .json(200, "{}") : .error(401, "missing or wrong ingest token")
        }
        try server.start()
        defer { server.stop() }
        let p = server.port
        #expect(try post(p, "{}", token: nil).0 == 401)
        #expect(try post(p, String(repeating: "x", count: 4096), token: "t").0 == 413)
        #expect(try send(p, "POST /v1/events HTTP/1.1\r\nContent-Length: -5\r\n\r\n").0 == 400)
        #expect(try send(p, "POST /v1/events HTTP/1.1\r\nContent-Length: banana\r\n\r\n").0 == 400)
        #expect(try send(p, "POST /v1/events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").0 == 411)
        #expect(try send(p, "NONSENSE\r\n\r\n").0 == 400)
        #expect(try send(p, "GET / HTTP/1.1\r\nno colon here\r\n\r\n").0 == 400)
        #expect(try send(p, "GET / HTTP/1.1\r\n" + String(repeating: "X-Pad: \(String(repeating: "a", count: 1000))\r\n", count: 80) + "\r\n").0 == 431)
        #expect(try post(p, "{}", token: "t").0 == 200)
    }
}

/// A blocking TCP client for the tests.
final class TCPProbe {
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
            throw DatalakeError.serverFailed("connect failed")
        }
    }
    func write(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, $0.count - off) }
            guard n > 0 else { throw DatalakeError.serverFailed("write failed") }
            off += n
        }
    }
    func readAll() throws -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
    func close() { Glibc.close(fd) }
}

extension HTTPTests {
    /// `/metrics` renders the ingest counters in Prometheus' text format.
    @Test func metricsCountAcknowledgedEventsBatchesAndBytes() throws {
        try TestLake.with { lake in
            let ingestor = Ingestor(config: lake.ingestConfiguration, validator: EventValidator(knownOrgs: ["raven"]), deadLetters: nil)
            let service = IngestService(ingestor: ingestor, token: "t", connection: TestServer.configuration)
            let server = HTTPServer(port: 0) { service.handle($0) }
            try server.start()
            defer {
                server.stop()
                _ = try? ingestor.finish()
            }
            let body = [Event.session("m1", start: "2024-05-01T10:00:00Z"), "{oops", Event.session("m2", start: "2024-05-01T11:00:00Z")].joined(separator: "\n")
            #expect(try post(server.port, body, token: "t").0 == 200)
            #expect(try post(server.port, body, token: "wrong").0 == 401)
            let (status, text) = try send(server.port, "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n")
            #expect(status == 200)
            var values: [String: String] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
            }
            #expect(values["datalake_ingest_events_accepted_total"] == "2", "\(text)")
            #expect(values["datalake_ingest_events_rejected_total"] == "1")
            #expect(values["datalake_ingest_batches_total"] == "1")
            #expect(values["datalake_ingest_bytes_total"] == "\(body.utf8.count)")
            #expect(values["datalake_ingest_failures_total"] == "0")
            #expect(text.contains("# TYPE datalake_ingest_events_accepted_total counter"))
        }
    }
}
