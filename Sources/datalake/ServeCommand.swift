import ArgumentParser
import CHNative
import Datalake
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Accept events over HTTP (POST /v1/events, GET /health) and serve the Data Lake settings page (/settings/data-lake).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var lake: LakeOptions
    @OptionGroup var options: IngestOptions
    @Option(help: "Address to listen on.")
    var listen: String = "127.0.0.1"
    @Option(help: "HTTP port.")
    var httpPort: Int = 8080
    @Option(help: "Ingest token (default: $DATALAKE_INGEST_TOKEN; a random one is printed when neither is set).")
    var token: String?
    @Option(help: "Admin token of the settings page (default: $DATALAKE_ADMIN_TOKEN; a random one is printed when neither is set).")
    var adminToken: String?
    @OptionGroup var credentials: CredentialOptions
    @OptionGroup var limits: HTTPLimitOptions

    func run() throws {
        try reportingErrors {
            let conf = try connection.configuration()
            let validator = try options.validator(connection: conf, schema: lake.schema)
            let dead = try DeadLetterFile(path: options.deadLetter)
            // A server that was away longer than the retries is written to again once it is back.
            var ingestConfig = options.ingestConfiguration(connection: conf, schema: lake.schema)
            ingestConfig.keepsGoingAfterAFailedBatch = true
            let ingestor = try ClusterIngest.ingestor(config: ingestConfig, lake: lake, validator: validator, deadLetters: dead)
            let secret = try Self.token(token, env: "DATALAKE_INGEST_TOKEN", label: "ingest token")
            let admin = try Self.token(adminToken, env: "DATALAKE_ADMIN_TOKEN", label: "settings page admin token")
            let service = IngestService(ingestor: ingestor, token: secret, connection: conf)
            let settings = SettingsService(manager: try credentials.manager(connection: conf, schema: lake.schema), adminToken: admin)
            let server = HTTPServer(host: listen, port: httpPort, limits: limits.limits) { request in
                SettingsService.handles(request.path) ? settings.handle(request) : service.handle(request)
            }
            // SIGTERM/SIGINT: stop accepting, answer every request already received (an
            // acknowledged batch is committed before its answer), then write what is queued.
            try server.runUntilSignalled { port in
                Output.print("listening on http://\(listen):\(port) — POST /v1/events, GET /health; rejected events go to \(dead.path)")
                Output.print("settings page: http://\(listen):\(port)/settings/data-lake")
            }
            let summary = try ingestor.finish()
            IngestCommand.printSummary(summary, deadLetter: dead)
        }
    }

    /// The given token, the environment's, or a new random one printed once.
    static func token(_ given: String?, env: String, label: String) throws -> String {
        if let t = given ?? ConnectionOptions.env(env), !t.isEmpty { return t }
        let t = try Secrets.newPassword()
        Output.print("\(label) (generated for this run): \(t)")
        return t
    }
}

/// The limits of `datalake serve`'s HTTP server (``HTTPServerLimits``).
struct HTTPLimitOptions: ParsableArguments {
    @Option(help: "Connections open at once; more wait in the listen backlog.")
    var maxConnections: Int = 4096
    @Option(help: "Bytes of a request's header fields; more is refused with 431.")
    var maxHeaderBytes: Int = 32 * 1024
    @Option(help: "Bytes of a request body; more is refused with 413.")
    var maxBodyBytes: Int = 32 << 20
    @Option(help: "Seconds a client has to send a request's header (slow clients are disconnected).")
    var headerTimeout: Double = 10
    @Option(help: "Seconds a client has to send a request's body once its header has arrived.")
    var bodyTimeout: Double = 60

    var limits: HTTPServerLimits {
        HTTPServerLimits(maxConnections: maxConnections, maxHeaderBytes: maxHeaderBytes, maxBody: maxBodyBytes,
                         headerTimeout: headerTimeout, bodyTimeout: bodyTimeout)
    }
}
