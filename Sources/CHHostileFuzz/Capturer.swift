import CHHostileServer
import CHNative
import Foundation

/// Records real server conversations for the hostile-server corpus: every packet kind the
/// client reads (handshake, data, progress, profile info and events, totals, extremes, logs,
/// exceptions before and after rows, table columns) over each compression method.
struct Capturer {
    let port: Int
    let server: String

    /// Queries for both servers.
    static let common: [(String, String, [String: String])] = [
        ("numbers", "SELECT number, toString(number) AS s, number % 7 = 0 AS b FROM numbers(3000)", ["max_block_size": "1000"]),
        ("exception", "SELECT * FROM no_such_table_for_capture", [:]),
        ("throw_midstream", "SELECT throwIf(number = 1500) FROM numbers(3000)", ["max_block_size": "500"]),
        ("totals", "SELECT number % 3 AS k, count() FROM numbers(100) GROUP BY k WITH TOTALS ORDER BY k", [:]),
        ("extremes", "SELECT number FROM numbers(10)", ["extremes": "1"]),
        ("nullable_array", "SELECT [number, NULL] AS a, toNullable(toString(number)) AS s, toDate('2020-01-01') + number AS d FROM numbers(50)", [:]),
        ("lowcardinality", "SELECT toLowCardinality(toString(number % 5)) AS l FROM numbers(2000)", ["max_block_size": "700"]),
        ("logs", "SELECT count() FROM numbers(1000)", ["send_logs_level": "trace"]),
        ("empty", "SELECT 1 WHERE 0", [:]),
    ]

    /// Queries only a modern server answers.
    static let modern: [(String, String, [String: String])] = [
        ("types_modern", "SELECT map('a', number) AS m, (number, 'x')::Tuple(a UInt64, b String) AS t, toDateTime64(number, 3, 'UTC') AS dt, toDecimal64(number, 4) AS dec, toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0') AS u, tuple() AS e FROM numbers(20)", [:]),
        ("dynamic_json", "SELECT number::Dynamic AS d, CAST('{\"a\": 1, \"b\": {\"c\": [1, 2]}}', 'JSON') AS j, [number]::Variant(String, Array(UInt64)) AS v FROM numbers(20)", [:]),
        ("sparse", "SELECT * FROM capture_sparse ORDER BY k", [:]),
        ("flattened_json", "SELECT CAST('{\"a\": 1}', 'JSON') AS j, number::Dynamic AS d FROM numbers(5)", ["output_format_native_use_flattened_dynamic_and_json_serialization": "1"]),
    ]

    func captureAll(into directory: String) throws -> Int {
        let isModern = !server.hasPrefix("18.")
        if isModern {
            let setup = try Connection(configuration: ConnectionConfiguration(host: "127.0.0.1", port: port))
            defer { setup.close() }
            try setup.execute("DROP TABLE IF EXISTS capture_sparse")
            try setup.execute("CREATE TABLE capture_sparse (k UInt32, v UInt64, s String) ENGINE = MergeTree ORDER BY k SETTINGS ratio_of_defaults_for_sparse_serialization = 0.5")
            try setup.execute("INSERT INTO capture_sparse SELECT number, if(number % 100 = 0, number, 0), if(number % 50 = 0, 'x', '') FROM numbers(5000)")
        }
        let proxy = try RecordingProxy(targetPort: port)
        defer { proxy.stop() }
        var written = 0
        for (name, query, settings) in Self.common + (isModern ? Self.modern : []) {
            for compression in CompressionMethod.allCases {
                let connection = try Connection(configuration: ConnectionConfiguration(host: "127.0.0.1", port: proxy.port, compression: compression))
                do {
                    let result = try connection.query(query, settings: settings)
                    while try result.next() != nil {}
                } catch ClickHouseError.server {
                    // Exceptions are part of what is captured.
                }
                connection.close()
                // The proxy records a connection once both sides have closed.
                var recordings: [[UInt8]] = []
                for _ in 0..<200 where recordings.isEmpty {
                    recordings = proxy.takeRecordings()
                    if recordings.isEmpty { usleep(10_000) }
                }
                guard let bytes = recordings.first else { throw HostileServerError("no recording for \(name)") }
                let capture = Capture(header: .init(server: server, compression: compression.rawValue, query: query, settings: settings), bytes: bytes)
                let file = "\(directory)/\(server)-\(name)-\(compression.rawValue).cap"
                try Data(try capture.encoded()).write(to: URL(fileURLWithPath: file))
                written += 1
            }
        }
        return written
    }
}
