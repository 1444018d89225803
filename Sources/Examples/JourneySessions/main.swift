// Example: the sessions of one journey since a date.
//
//   swift run example-journey-sessions [ORG] [JOURNEY_ID] [SINCE]
//   swift run example-journey-sessions raven jrn-wallbox-konfigurator 2025-12-01
//
// Connects with CLICKHOUSE_HOST / CLICKHOUSE_PORT / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.
import CHNative
import Foundation

let env = ProcessInfo.processInfo.environment
let args = Array(CommandLine.arguments.dropFirst())
let org = args.count > 0 ? args[0] : "raven"
let journey = args.count > 1 ? args[1] : "jrn-wallbox-konfigurator"
let since = args.count > 2 ? args[2] : "2025-12-01"
let config = ConnectionConfiguration(
    host: env["CLICKHOUSE_HOST"] ?? "127.0.0.1", port: Int(env["CLICKHOUSE_PORT"] ?? "") ?? 9000,
    user: env["CLICKHOUSE_USER"] ?? "default", password: env["CLICKHOUSE_PASSWORD"] ?? "",
    database: "datawarehouse", compression: .lz4)

// Organisation ids may be numeric, so the view name is always quoted as an identifier.
let view = "datawarehouse." + SQLIdentifier.quote(org + "_journey_sessions_final")
let sql = """
    SELECT id, journey_id, start_time, end_time,
           JSONExtractString(details, 'deviceType') AS device_type,
           JSONExtractString(details, 'browserTypeAndVersion') AS browser
    FROM \(view)
    WHERE journey_id = {journey:String} AND start_time >= {since:Date}
    ORDER BY start_time
    """

do {
    let conn = try Connection(configuration: config)
    defer { conn.close() }
    let result = try conn.query(sql, parameters: ["journey": journey, "since": since])
    var formatter = ResultFormatter(format: .tabSeparatedWithNames)
    var out = TextOutput()
    while let block = try result.next() { formatter.write(block, to: &out) }
    formatter.writeHeaderIfNeeded(result.header, to: &out)
    FileHandle.standardOutput.write(Data(out.bytes))
} catch {
    FileHandle.standardError.write(Data("example-journey-sessions: \(error)\n".utf8))
    exit(1)
}
