import CoreMetrics
import Logging
import Tracing

/// Everything needed to open a ``Connection``.
public struct ConnectionConfiguration: Sendable, Hashable {
    /// Host name or IP address.
    public var host: String
    /// Native protocol port (9000 plain, 9440 TLS by convention).
    public var port: Int
    /// User name (`default` when not given).
    public var user: String
    /// Password (empty for none). Never logged or shown in errors.
    public var password: String
    /// Default database (empty for the user's default).
    public var database: String
    /// TLS settings; `nil` for a plain TCP connection.
    public var tls: TLSConfiguration?
    /// Compression of data blocks in both directions.
    public var compression: CompressionMethod
    /// Threads that compress the frames of one outgoing block (inserts with LZ4 or ZSTD);
    /// `nil` or `1` compresses on the calling thread. More threads help when the client has
    /// idle cores the server does not need; blocks under 256 KiB always use one.
    public var compressionThreads: Int? = nil
    /// How hard outgoing blocks are compressed: for LZ4 the acceleration of `LZ4_compress_fast`
    /// (1 is `LZ4_compress_default`; larger is faster and compresses less), for ZSTD the level
    /// (1 is ClickHouse's default for network compression; negative levels are ZSTD's fast
    /// modes). `nil` uses LZ4 acceleration 1 or ZSTD level 1. The server decompresses any
    /// of them; results it sends are compressed as the server chooses.
    public var compressionLevel: Int? = nil
    /// Connect, read and write timeouts.
    public var timeouts: Timeouts
    /// Settings sent with every query (per-query settings override them).
    public var settings: [String: String]
    /// Client name reported to the server (visible in `system.query_log`).
    public var clientName: String
    /// Quota key reported to the server.
    public var quotaKey: String
    /// Further servers to fail over to when ``host``:``port`` cannot be reached (connect,
    /// TLS or handshake errors; a server's own exception such as a wrong password is final).
    public var fallbackAddresses: [ServerAddress] = []
    /// The order in which ``addresses`` are tried.
    public var failover: FailoverStrategy = .inOrder
    /// Bounds on what a server's stream may make the client allocate (see ``DecodeLimits``).
    public var limits = DecodeLimits()
    /// Where the connection logs (swift-log): lifecycle and failover at `debug`/`warning`,
    /// server exceptions at `info`, slow queries at `warning`, query text at `trace` only;
    /// never the password, and parameter values never above `trace`. By default nothing is
    /// logged. A query's own logger (``Connection/query(_:settings:parameters:queryID:logger:)``)
    /// takes its place for that query. Not part of equality or hashing.
    public var logger: Logger = ConnectionConfiguration.silentLogger
    /// A query that runs longer than this is logged at `warning` with its id, rows and
    /// elapsed time (`nil`: never).
    public var slowQueryThreshold: Double? = 10

    /// Where the metrics go (``ClientMetrics`` lists them); `nil` uses the process's
    /// `MetricsSystem`. Not part of equality or hashing.
    public var metricsFactory: (any MetricsFactory)? = nil

    /// Where query and insert spans go (see `QueryTracing`); `nil` uses the process's
    /// `InstrumentationSystem.tracer`. Not part of equality or hashing.
    public var tracer: (any Tracer)? = nil

    /// A logger that discards everything (the default).
    public static let silentLogger = Logger(label: "clickhouse.chnative", factory: { _ in SwiftLogNoOpLogHandler() })

    public static func == (a: ConnectionConfiguration, b: ConnectionConfiguration) -> Bool {
        a.host == b.host && a.port == b.port && a.user == b.user && a.password == b.password && a.database == b.database
            && a.tls == b.tls && a.compression == b.compression && a.compressionThreads == b.compressionThreads
            && a.compressionLevel == b.compressionLevel && a.timeouts == b.timeouts && a.settings == b.settings
            && a.clientName == b.clientName && a.quotaKey == b.quotaKey && a.fallbackAddresses == b.fallbackAddresses
            && a.failover == b.failover && a.limits == b.limits && a.slowQueryThreshold == b.slowQueryThreshold
    }

    public func hash(into h: inout Hasher) {
        h.combine(host); h.combine(port); h.combine(user); h.combine(password); h.combine(database)
        h.combine(tls); h.combine(compression); h.combine(compressionThreads); h.combine(compressionLevel)
        h.combine(timeouts); h.combine(settings); h.combine(clientName); h.combine(quotaKey)
        h.combine(fallbackAddresses); h.combine(failover); h.combine(limits); h.combine(slowQueryThreshold)
    }

    /// Every server of this configuration: ``host``:``port`` first, then ``fallbackAddresses``.
    public var addresses: [ServerAddress] {
        get { [ServerAddress(host: host, port: port)] + fallbackAddresses }
        set {
            guard let first = newValue.first else { return }
            host = first.host
            port = first.port
            fallbackAddresses = Array(newValue.dropFirst())
        }
    }

    /// Creates a configuration; by default connects to `127.0.0.1:9000` as `default`.
    public init(host: String = "127.0.0.1", port: Int? = nil, user: String = "default", password: String = "",
                database: String = "", tls: TLSConfiguration? = nil, compression: CompressionMethod = .none,
                timeouts: Timeouts = Timeouts(), settings: [String: String] = [:],
                clientName: String = "CHNative", quotaKey: String = "") {
        self.host = host
        self.port = port ?? (tls == nil ? 9000 : 9440)
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.compression = compression
        self.timeouts = timeouts
        self.settings = settings
        self.clientName = clientName
        self.quotaKey = quotaKey
    }
}

/// What the server told about itself in its Hello.
public struct ServerInfo: Sendable, Hashable {
    /// Server name, e.g. `ClickHouse`.
    public var name: String
    /// Major version, e.g. 26 for 26.9.2.
    public var versionMajor: UInt64
    /// Minor version, e.g. 9 for 26.9.2.
    public var versionMinor: UInt64
    /// Patch version (sent from revision 54401 on; 0 before).
    public var versionPatch: UInt64
    /// The server's own protocol revision.
    public var revision: UInt64
    /// The revision both sides speak: the lower of the server's and ``ProtocolRevision/current``.
    public var negotiatedRevision: UInt64
    /// The server's default timezone (used for `DateTime` columns without one).
    public var timezone: String
    /// The server's display name.
    public var displayName: String

    /// `major.minor.patch`.
    public var version: String { "\(versionMajor).\(versionMinor).\(versionPatch)" }
}

extension ConnectionConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    /// `user@host:port/database` with the settings that matter; never the password.
    public var description: String {
        var s = "\(user)@\(addresses.map(\.description).joined(separator: ","))"
        if !database.isEmpty { s += "/\(database)" }
        s += " (password: \(password.isEmpty ? "none" : "set, not shown"), tls: \(tls == nil ? "off" : "on"), compression: \(compression.rawValue))"
        return s
    }

    /// Same as ``description``: the password is never printed, not even by `dump` or `debugPrint`.
    public var debugDescription: String { "ConnectionConfiguration(\(description))" }
}
