import CHNative
import Foundation
import Logging
import Synchronization
import Testing

/// A log handler that keeps every record in memory, for assertions.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
        var text: String { "\(message) \(metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))" }
    }

    final class Store: Sendable {
        let records = Mutex<[Record]>([])
        var all: [Record] { records.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(store: Store) { self.store = store }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        for (k, v) in event.metadata ?? [:] { merged[k] = v }
        let record = Record(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
        store.records.withLock { $0.append(record) }
    }

    static func logger(level: Logger.Level = .trace) -> (Logger, Store) {
        let store = Store()
        var logger = Logger(label: "test", factory: { _ in RecordingLogHandler(store: store) })
        logger.logLevel = level
        return (logger, store)
    }
}

@Suite(.serialized) struct LoggingTests {
    func configuration(_ logger: Logger, password: String = "") -> ConnectionConfiguration {
        var c = TestServers.ch26.configuration(user: password.isEmpty ? "default" : TestServers.testUser, password: password)
        c.logger = logger
        return c
    }

    @Test func lifecycleAndQueriesAreLoggedWithTheirMetadata() throws {
        let (logger, store) = RecordingLogHandler.logger()
        let c = try Connection(configuration: configuration(logger))
        defer { c.close() }
        _ = try c.queryAll("SELECT number FROM numbers(10)")
        let records = store.all
        let connected = records.first { $0.message == "connected" }
        #expect(connected?.level == .debug)
        #expect(connected?.metadata["clickhouse.port"] == "\(TestServers.ch26.port)")
        #expect(connected?.metadata["clickhouse.server_version"]?.hasPrefix("26.9") == true)
        let finished = try #require(records.first { $0.message == "query finished" })
        #expect(finished.metadata["clickhouse.rows"] == "10")
        #expect(finished.metadata["clickhouse.query_id"]?.isEmpty == false)
        #expect(finished.metadata["clickhouse.elapsed_ms"] != nil)
    }

    @Test func aServerExceptionIsLoggedAtInfoWithItsCodeAndName() throws {
        let (logger, store) = RecordingLogHandler.logger(level: .info)
        let c = try Connection(configuration: configuration(logger))
        defer { c.close() }
        #expect(throws: ClickHouseError.self) { try c.execute("SELECT * FROM no_such_table_logged") }
        let failed = try #require(store.all.first { $0.message == "query failed on the server" })
        #expect(failed.level == .info)
        #expect(failed.metadata["clickhouse.error_code"] == "60")
        #expect(failed.metadata["clickhouse.error_name"] == "UNKNOWN_TABLE")
    }

    @Test func slowQueriesAreLoggedAtWarning() throws {
        let (logger, store) = RecordingLogHandler.logger(level: .warning)
        var config = configuration(logger)
        config.slowQueryThreshold = 0.2
        let c = try Connection(configuration: config)
        defer { c.close() }
        _ = try c.queryAll("SELECT sleep(0.3)")
        _ = try c.queryAll("SELECT 1")
        let slow = store.all.filter { $0.message == "slow query" }
        #expect(slow.count == 1)
        #expect(slow.first?.level == .warning)
    }

    @Test func failoverIsLoggedAtWarning() throws {
        let (logger, store) = RecordingLogHandler.logger(level: .warning)
        var config = configuration(logger)
        config.addresses = [ServerAddress(host: "127.0.0.1", port: 1), ServerAddress(host: "127.0.0.1", port: TestServers.ch26.port)]
        let c = try Connection(configuration: config)
        defer { c.close() }
        let warning = try #require(store.all.first { $0.message.contains("unreachable") })
        #expect(warning.metadata["clickhouse.port"] == "1")
    }

    @Test func aQuerysOwnLoggerCarriesItsMetadata() throws {
        let (connectionLogger, connectionStore) = RecordingLogHandler.logger()
        var (queryLogger, queryStore) = RecordingLogHandler.logger()
        queryLogger[metadataKey: "request"] = "r-42"
        let c = try Connection(configuration: configuration(connectionLogger))
        defer { c.close() }
        let result = try c.query("SELECT 1", logger: queryLogger)
        while try result.next() != nil {}
        #expect(queryStore.all.contains { $0.message == "query finished" && $0.metadata["request"] == "r-42" })
        #expect(!connectionStore.all.contains { $0.message == "query finished" })
    }

    /// The password never appears, at any level; parameter values and query text only at trace.
    @Test func secretsStayOutOfTheLog() throws {
        let (logger, store) = RecordingLogHandler.logger()
        let c = try Connection(configuration: configuration(logger, password: TestServers.testPassword))
        defer { c.close() }
        _ = try c.queryAll("SELECT {v:String}", parameters: ["v": "parameter-value-7731"])
        #expect(throws: ClickHouseError.self) { try c.execute("SELECT * FROM no_such_table_secret") }
        let all = store.all
        #expect(!all.isEmpty)
        #expect(!all.contains { $0.text.contains(TestServers.testPassword) })
        #expect(!all.contains { $0.level > .trace && $0.text.contains("parameter-value-7731") })
        #expect(all.contains { $0.level == .trace && $0.text.contains("parameter-value-7731") })
        // A refused login does not log the password either.
        var wrong = configuration(logger)
        wrong.user = TestServers.testUser
        wrong.password = "wrong-password-5521"
        #expect(throws: ClickHouseError.self) { _ = try Connection(configuration: wrong) }
        #expect(!store.all.contains { $0.text.contains("wrong-password-5521") })
    }

    @Test func theDefaultLoggerIsSilentAndConfigurationsCompareWithoutIt() {
        var a = TestServers.ch26.configuration()
        let b = a
        let (logger, _) = RecordingLogHandler.logger()
        a.logger = logger
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(b.logger.logLevel == ConnectionConfiguration.silentLogger.logLevel)
    }
}
