// Example: Codable rows — insert Swift structs into a table and read them back as structs.
//
//   swift run example-codable-rows
//
// Connects with CLICKHOUSE_HOST / CLICKHOUSE_PORT / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD
// (default 127.0.0.1:9000, e.g. the embedded server of `datalake server start`), creates a
// scratch table in the default database, and drops it at the end.
import CHNative
import Foundation

struct Reading: Codable {
    enum Kind: String, Codable { case meter, sensor }
    struct Location: Codable { var lat: Double; var lon: Double }

    var id: UUID
    var device: String
    var kind: Kind
    var at: Date
    var kwh: Decimal
    var note: String?
    var tags: [String]
    var extra: [String: Int32]
    var location: Location
}

let env = ProcessInfo.processInfo.environment
let config = ConnectionConfiguration(
    host: env["CLICKHOUSE_HOST"] ?? "127.0.0.1", port: Int(env["CLICKHOUSE_PORT"] ?? "") ?? 9000,
    user: env["CLICKHOUSE_USER"] ?? "default", password: env["CLICKHOUSE_PASSWORD"] ?? "")
let table = "codable_example_\(UInt32.random(in: 0...UInt32.max))"

let readings = [
    Reading(id: UUID(), device: "meter-7", kind: .meter, at: Date(timeIntervalSince1970: 1_764_000_000.25),
            kwh: Decimal(string: "1234.5678") ?? 0, note: nil, tags: ["north", "roof"], extra: ["phase": 3],
            location: .init(lat: 50.94, lon: 6.96)),
    Reading(id: UUID(), device: "sensor-2", kind: .sensor, at: Date(timeIntervalSince1970: 1_764_000_060.5),
            kwh: 0, note: "calibrated", tags: [], extra: [:], location: .init(lat: 52.52, lon: 13.40)),
]

do {
    let client = Client(configuration: config)
    try await client.execute("""
        CREATE TABLE \(table) (
            id UUID, device LowCardinality(String), kind Enum8('meter' = 1, 'sensor' = 2),
            at DateTime64(3, 'UTC'), kwh Decimal(18, 4), note Nullable(String), tags Array(String),
            extra Map(String, Int32), location Tuple(lat Float64, lon Float64)
        ) ENGINE = MergeTree ORDER BY (device, at)
        """)
    try await client.insert(into: table, rows: readings)
    let back = try await client.query("SELECT * FROM \(table) ORDER BY at", as: Reading.self)
    for r in back {
        print(r.device, r.kind.rawValue, r.at.timeIntervalSince1970, r.kwh, r.note ?? "-", r.tags, r.extra, r.location.lat, r.location.lon)
    }
    try await client.execute("DROP TABLE \(table)")
    await client.shutdown()
} catch {
    FileHandle.standardError.write(Data("example-codable-rows: \(error)\n".utf8))
    exit(1)
}
