// Example: the sessions of one portal app since a date, with the async pooled client.
//
//   swift run example-portal-sessions [ORG] [APP] [SINCE]
//   swift run example-portal-sessions raven "customer portal" 2025-12-01
//
// Connects with CLICKHOUSE_HOST / CLICKHOUSE_PORT / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.
import CHNative
import Foundation

let env = ProcessInfo.processInfo.environment
let args = Array(CommandLine.arguments.dropFirst())
let org = args.count > 0 ? args[0] : "raven"
let app = args.count > 1 ? args[1] : "customer portal"
let since = args.count > 2 ? args[2] : "2025-12-01"
let config = ConnectionConfiguration(
    host: env["CLICKHOUSE_HOST"] ?? "127.0.0.1", port: Int(env["CLICKHOUSE_PORT"] ?? "") ?? 9000,
    user: env["CLICKHOUSE_USER"] ?? "default", password: env["CLICKHOUSE_PASSWORD"] ?? "",
    database: "datawarehouse", compression: .lz4)

let view = "datawarehouse." + SQLIdentifier.quote(org + "_portal_sessions_final")
let sql = """
    SELECT id, app_name, start_time, end_time,
           JSONExtractString(details, 'email') AS email,
           JSONExtractString(details, 'deviceType') AS device_type
    FROM \(view)
    WHERE app_name = {app:String} AND start_time >= {since:Date}
    ORDER BY start_time
    """

let client = Client(configuration: config, pool: PoolConfiguration(maximumConnections: 2))
do {
    let blocks = try await client.query(sql, parameters: ["app": app, "since": since])
    var formatter = ResultFormatter(format: .tabSeparatedWithNames)
    var out = TextOutput()
    for block in blocks { formatter.write(block, to: &out) }
    FileHandle.standardOutput.write(Data(out.bytes))
    await client.shutdown()
} catch {
    FileHandle.standardError.write(Data("example-portal-sessions: \(error)\n".utf8))
    exit(1)
}
