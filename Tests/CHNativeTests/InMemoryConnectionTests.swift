import Foundation
import Testing
@testable import CHNative

/// The whole ``Connection`` — handshake, packets, compressed frames, the state machine — over
/// an ``InMemoryTransport`` that plays a real server's captured side of a conversation
/// (Fuzz/corpus/hostile-server: 26.9 and 18.16, each compression). No socket, no server.
@Suite struct InMemoryConnectionTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/hostile-server")

    struct Capture {
        let name: String
        let compression: CompressionMethod
        let query: String
        let settings: [String: String]
        let bytes: [UInt8]
    }

    /// The capture files: a JSON header line, then the server's bytes.
    static func captures() throws -> [Capture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".cap") }.sorted()
        return try names.map { name in
            let data = [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name)))
            let newline = try #require(data.firstIndex(of: 0x0A))
            let header = try #require(try JSONSerialization.jsonObject(with: Data(data[..<newline])) as? [String: Any])
            return Capture(name: name, compression: CompressionMethod(rawValue: header["compression"] as? String ?? "") ?? .none,
                           query: header["query"] as? String ?? "", settings: header["settings"] as? [String: String] ?? [:],
                           bytes: Array(data[(newline + 1)...]))
        }
    }

    /// Runs `capture`'s query over a transport playing its bytes; the rows read, or the error.
    static func run(_ capture: Capture, chunkSize: Int) -> (Result<Int, ClickHouseError>, InMemoryTransport) {
        let transport = InMemoryTransport(script: capture.bytes, chunkSize: chunkSize)
        let configuration = ConnectionConfiguration(host: "127.0.0.1", port: 9000, compression: capture.compression)
        do {
            let connection = try Connection(configuration: configuration) { _, _ in transport }
            defer { connection.close() }
            let result = try connection.query(capture.query, settings: capture.settings)
            var rows = 0
            while let block = try result.next() { rows += block.rowCount }
            return (.success(rows), transport)
        } catch let error as ClickHouseError {
            return (.failure(error), transport)
        } catch {
            return (.failure(.invalidState("\(error)")), transport)
        }
    }

    @Test func capturedConversationsReadAsTheLiveServersAnswersDid() throws {
        let captures = try Self.captures()
        #expect(captures.count >= 60)
        for (i, capture) in captures.enumerated() {
            // Small and odd read sizes put packet and frame boundaries everywhere.
            let (outcome, transport) = Self.run(capture, chunkSize: [1, 7, 64, 4096][i % 4])
            let name = capture.name
            if name.contains("-exception-") || name.contains("-throw_midstream-") {
                guard case .failure(.server) = outcome else { Issue.record("\(name): \(outcome)"); continue }
            } else {
                guard case .success(let rows) = outcome else { Issue.record("\(name): \(outcome)"); continue }
                let expected: Int? = name.contains("-numbers-") ? 3000 : name.contains("-empty-") ? 0 : name.contains("-sparse-") ? 5000 : nil
                if let expected { #expect(rows == expected, "\(name)") } else { #expect(rows > 0, "\(name)") }
                #expect(transport.unread == 0, "\(name): \(transport.unread) bytes of the server's side left unread")
            }
            // What the client sent: a Hello (packet 0) first, and the query's text.
            let written = transport.written
            #expect(written.first == 0, "\(name)")
            #expect(written.firstRange(of: Array(capture.query.utf8)) != nil, "\(name): the query text was not sent")
        }
    }

    @Test func aScriptEndingMidResultIsAnErrorAndTheConnectionIsBroken() throws {
        let capture = try #require(try Self.captures().first { $0.name == "26.9-numbers-lz4.cap" })
        let cut = Capture(name: capture.name, compression: capture.compression, query: capture.query,
                          settings: capture.settings, bytes: Array(capture.bytes.prefix(capture.bytes.count * 2 / 3)))
        let (outcome, _) = Self.run(cut, chunkSize: 512)
        guard case .failure(let error) = outcome else {
            Issue.record("a truncated stream read as a complete result: \(outcome)")
            return
        }
        #expect(error.code == .connectionClosed && error.isConnectionBroken, "\(error)")
    }
}
