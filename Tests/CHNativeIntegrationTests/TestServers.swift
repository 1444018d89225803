import CHNative
import Foundation

/// The real ClickHouse servers the integration tests talk to, from the environment
/// (`CH26_HOST`, `CH26_PORT`, `CH18_PORT`, `CH18_TLS_PORT`, `CH_TLS_CA`, `CH_TEST_USER`,
/// `CH_TEST_PASSWORD`) or, when unset, from `.servers/env` written by `scripts/servers.sh`.
enum TestServers {
    static let env: [String: String] = {
        var values: [String: String] = [:]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = ProcessInfo.processInfo.environment["CH_SERVERS_ENV"] ?? root.appendingPathComponent(".servers/env").path
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                var l = line.trimmingCharacters(in: .whitespaces)
                if l.hasPrefix("#") { continue }
                if l.hasPrefix("export ") { l.removeFirst(7) }
                guard let eq = l.firstIndex(of: "=") else { continue }
                values[String(l[..<eq])] = String(l[l.index(after: eq)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        for (k, v) in ProcessInfo.processInfo.environment where k.hasPrefix("CH") { values[k] = v }
        return values
    }()

    static func value(_ key: String) -> String? { env[key] }

    /// A named server under test.
    struct Server: CustomStringConvertible, Sendable {
        let name: String
        let host: String
        let port: Int
        let modern: Bool
        var description: String { name }

        func configuration(compression: CompressionMethod = .none, user: String = "default", password: String = "",
                           settings: [String: String] = [:], tls: TLSConfiguration? = nil, port: Int? = nil,
                           timeouts: Timeouts = Timeouts(connect: 10, read: 60, write: 60)) -> ConnectionConfiguration {
            ConnectionConfiguration(host: host, port: port ?? self.port, user: user, password: password, tls: tls,
                                    compression: compression, timeouts: timeouts, settings: settings)
        }

        func connect(compression: CompressionMethod = .none, settings: [String: String] = [:]) throws -> Connection {
            try Connection(configuration: configuration(compression: compression, settings: settings))
        }
    }

    static var ch26: Server {
        Server(name: "ClickHouse 26.9", host: value("CH26_HOST") ?? "127.0.0.1", port: Int(value("CH26_PORT") ?? "") ?? 9000, modern: true)
    }

    static var ch18: Server {
        Server(name: "ClickHouse 18.16", host: value("CH18_HOST") ?? "127.0.0.1", port: Int(value("CH18_PORT") ?? "") ?? 9001, modern: false)
    }

    /// Both servers, for tests that must pass against each.
    static var all: [Server] { [ch26, ch18] }

    static var tlsPort: Int { Int(value("CH18_TLS_PORT") ?? "") ?? 9440 }
    static var caFile: String? { value("CH_TLS_CA") }
    static var testUser: String { value("CH_TEST_USER") ?? "test_user" }
    static var testPassword: String { value("CH_TEST_PASSWORD") ?? "test_password" }
}

/// Every (server, compression) pair.
let serverMatrix: [(TestServers.Server, CompressionMethod)] = TestServers.all.flatMap { s in CompressionMethod.allCases.map { (s, $0) } }

/// TabSeparated text of all blocks.
func tsvText(_ blocks: [Block]) -> String {
    var f = ResultFormatter(format: .tabSeparated)
    var out = TextOutput()
    for b in blocks { f.write(b, to: &out) }
    return String(decoding: out.bytes, as: UTF8.self)
}

/// A unique, safe table name for one test.
func uniqueTable(_ prefix: String) -> String {
    "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
}
