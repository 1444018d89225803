import ArgumentParser
import CHNative
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Connection flags shared by commands that talk to a server.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Server host, or several as h1:port1,h2:port2,… (any that answers serves, tried in order) (default: $CLICKHOUSE_HOST or 127.0.0.1).")
    var host: String?
    @Option(help: "Native protocol port (default: $CLICKHOUSE_PORT, 9000, or 9440 with --secure).")
    var port: Int?
    @Option(help: "User name (default: $CLICKHOUSE_USER or default).")
    var user: String?
    @Option(help: "Password (default: $CLICKHOUSE_PASSWORD or empty).")
    var password: String?
    @Option(help: "Default database.")
    var database: String?
    @Flag(help: "Connect with TLS.")
    var secure = false
    @Option(help: "PEM file of CA certificates to trust (TLS).")
    var caFile: String?
    @Flag(help: "Do not verify the server certificate (TLS; testing only).")
    var acceptInvalidCertificate = false
    @Option(help: "Block compression: lz4, zstd or none.")
    var compression: String = "none"
    @Option(help: "Connect timeout in seconds (TCP, TLS and the handshake).")
    var connectTimeout: Double = 10
    @Option(help: "Longest silence from the server, in seconds, before a query fails with a timeout.")
    var receiveTimeout: Double = 300
    @Option(help: "Longest time, in seconds, a write to the server may block.")
    var sendTimeout: Double = 300
    @Flag(name: .shortAndLong, help: "Log the client's connection lifecycle and queries to stderr (same as --log-level debug).")
    var verbose = false
    @Option(help: "Log to stderr at this level: trace, debug, info, notice, warning, error or critical (trace shows query text and parameters).")
    var logLevel: String?

    /// The logger the flags ask for: stderr at the chosen level, or the silent default.
    func logger() throws -> Logger {
        let level: Logger.Level?
        if let name = logLevel {
            guard let l = Logger.Level(rawValue: name.lowercased()) else {
                throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
            }
            level = l
        } else {
            level = verbose ? .debug : nil
        }
        guard let level else { return ConnectionConfiguration.silentLogger }
        var logger = Logger(label: "datalake", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }

    static func env(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(validatingCString: p)
    }

    func configuration() throws -> ConnectionConfiguration {
        guard let method = CompressionMethod(rawValue: compression.lowercased()) else {
            throw ValidationError("--compression must be lz4, zstd or none, not '\(compression)'")
        }
        let tls: TLSConfiguration? = secure
            ? TLSConfiguration(verifyCertificate: !acceptInvalidCertificate, caFile: caFile)
            : nil
        for (flag, value) in [("--connect-timeout", connectTimeout), ("--receive-timeout", receiveTimeout), ("--send-timeout", sendTimeout)]
        where !(value > 0 && value <= 86_400 * 365) {
            throw ValidationError("\(flag) must be a number of seconds greater than 0, not \(value)")
        }
        let timeouts = Timeouts(connect: connectTimeout, read: receiveTimeout, write: sendTimeout)
        let hosts = host ?? Self.env("CLICKHOUSE_HOST") ?? "127.0.0.1"
        var configuration = ConnectionConfiguration(
            host: hosts,
            port: port ?? Self.env("CLICKHOUSE_PORT").flatMap { Int($0) },
            user: user ?? Self.env("CLICKHOUSE_USER") ?? "default",
            password: password ?? Self.env("CLICKHOUSE_PASSWORD") ?? "",
            database: database ?? "",
            tls: tls,
            compression: method,
            timeouts: timeouts,
            clientName: "datalake")
        if hosts.contains(",") {
            configuration.addresses = try ServerAddress.parseList(hosts, defaultPort: configuration.port)
        }
        configuration.logger = try logger()
        return configuration
    }
}

/// Writes bytes to standard output or standard error without buffering surprises.
enum Output {
    static func write(_ bytes: [UInt8], to fd: Int32 = 1) {
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }

    static func print(_ s: String) { write(Array((s + "\n").utf8)) }
    static func error(_ s: String) { write(Array((s + "\n").utf8), to: 2) }
}
