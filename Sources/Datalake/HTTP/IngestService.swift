import CHNative
import Foundation
import Prometheus

/// The HTTP face of the ingestion path:
///
/// - `GET /health`: `200 {"status":"ok"}` when ClickHouse answers a ping, `503` otherwise.
/// - `POST /v1/events` (NDJSON body, `Authorization: Bearer TOKEN` or `X-Ingest-Token: TOKEN`,
///   optional `?dataset=NAME` for lines without a `dataset` field): validates every line, queues
///   the valid ones and answers once they are committed:
///   `{"accepted":N,"rejected":[{"line":3,"reason":"..."}]}`. A `503` means nothing was
///   acknowledged and the batch may be sent again (replays never show twice).
/// - `GET /metrics`: the counters below in Prometheus' text format (no token: bind `serve` to
///   an address only the scraper reaches).
///
/// Metrics (counters since the process started; events are counted when acknowledged):
/// `datalake_ingest_events_accepted_total`, `datalake_ingest_events_rejected_total`,
/// `datalake_ingest_batches_total` (acknowledged requests), `datalake_ingest_bytes_total`
/// (body bytes of acknowledged requests), `datalake_ingest_failures_total` (`503` answers).
public final class IngestService: @unchecked Sendable {
    private let ingestor: Ingestor
    private let token: String
    private let connection: ConnectionConfiguration
    private let validatorsByDataset: [Dataset: EventValidator]
    /// The registry `/metrics` renders; add your own metrics to it.
    public let metrics: PrometheusCollectorRegistry
    private let accepted: Counter
    private let rejected: Counter
    private let batches: Counter
    private let bytes: Counter
    private let failures: Counter

    /// A service writing through `ingestor`, accepting `token`, counting into `metrics`.
    public init(ingestor: Ingestor, token: String, connection: ConnectionConfiguration,
                metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.ingestor = ingestor
        self.token = token
        self.connection = connection
        self.metrics = metrics
        accepted = metrics.makeCounter(descriptor: .init(namespace: "datalake", subsystem: "ingest", metricName: "events_accepted", unitName: "total", helpText: "Events acknowledged (committed to ClickHouse)."))
        rejected = metrics.makeCounter(descriptor: .init(namespace: "datalake", subsystem: "ingest", metricName: "events_rejected", unitName: "total", helpText: "Events refused by validation."))
        batches = metrics.makeCounter(descriptor: .init(namespace: "datalake", subsystem: "ingest", metricName: "batches", unitName: "total", helpText: "Ingest requests acknowledged."))
        bytes = metrics.makeCounter(descriptor: .init(namespace: "datalake", subsystem: "ingest", metricName: "bytes", unitName: "total", helpText: "Body bytes of acknowledged ingest requests."))
        failures = metrics.makeCounter(descriptor: .init(namespace: "datalake", subsystem: "ingest", metricName: "failures", unitName: "total", helpText: "Ingest requests answered 503 (nothing acknowledged)."))
        var byDataset: [Dataset: EventValidator] = [:]
        for d in Dataset.allCases {
            var v = ingestor.validator
            v.defaultDataset = d
            byDataset[d] = v
        }
        validatorsByDataset = byDataset
    }

    /// Routes one request.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/health"):
            return health()
        case ("GET", "/metrics"):
            return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.emitToBuffer())
        case ("POST", "/v1/events"), ("POST", "/ingest"):
            guard authorized(request) else { return .error(401, "missing or wrong ingest token") }
            return ingest(request)
        case (_, "/health"), (_, "/metrics"), (_, "/v1/events"), (_, "/ingest"):
            return .error(405, "method \(request.method) not allowed here")
        default:
            return .error(404, "no such endpoint: \(request.path)")
        }
    }

    func authorized(_ request: HTTPRequest) -> Bool {
        var presented = request.header("x-ingest-token")
        if presented == nil, let auth = request.header("authorization"), auth.lowercased().hasPrefix("bearer ") {
            presented = String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        guard let given = presented else { return false }
        return Secrets.constantTimeEqual(given, token)
    }

    func health() -> HTTPResponse {
        var c = connection
        c.timeouts.connect = 2
        c.timeouts.read = 2
        do {
            let conn = try Connection(configuration: c)
            defer { conn.close() }
            try conn.ping()
            return .json(200, "{\"status\":\"ok\",\"clickhouse\":\(JSONText.encode(conn.serverInfo.version) ?? "\"\"")}")
        } catch {
            return .json(503, "{\"status\":\"unavailable\",\"error\":\(JSONText.encode(String(describing: error)) ?? "\"\"")}")
        }
    }

    func ingest(_ request: HTTPRequest) -> HTTPResponse {
        var validator: EventValidator?
        if let name = request.query["dataset"] {
            guard let d = Dataset(name: name) else { return .error(400, "unknown dataset '\(OrgID.printable(name))'") }
            validator = validatorsByDataset[d]
        }
        let lines = request.body.split(separator: 0x0A, omittingEmptySubsequences: false)
        do {
            let (rejections, seq) = try ingestor.ingest(lines: lines, source: "http", validator: validator)
            try ingestor.sink.waitUntilCommitted(seq, timeout: 120)
            let rejected = rejections.map { "{\"line\":\($0.0),\"reason\":\(JSONText.encode($0.1) ?? "\"\"")}" }.joined(separator: ",")
            let accepted = lines.count - rejections.count - lines.filter { $0.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }.count
            self.accepted.increment(by: Int64(accepted))
            self.rejected.increment(by: Int64(rejections.count))
            batches.increment()
            bytes.increment(by: Int64(request.body.count))
            return .json(200, "{\"accepted\":\(accepted),\"rejected\":[\(rejected)]}")
        } catch {
            failures.increment()
            return .error(503, "events not committed: \(error); send the batch again")
        }
    }
}
