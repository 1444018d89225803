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

    func run() throws {
        try reportingErrors {
            let conf = try connection.configuration()
            let validator = try options.validator(connection: conf, schema: lake.schema)
            let dead = try DeadLetterFile(path: options.deadLetter)
            let ingestor = try ClusterIngest.ingestor(config: options.ingestConfiguration(connection: conf, schema: lake.schema),
                                                      lake: lake, validator: validator, deadLetters: dead)
            let secret = try Self.token(token, env: "DATALAKE_INGEST_TOKEN", label: "ingest token")
            let admin = try Self.token(adminToken, env: "DATALAKE_ADMIN_TOKEN", label: "settings page admin token")
            let service = IngestService(ingestor: ingestor, token: secret, connection: conf)
            let settings = SettingsService(manager: try credentials.manager(connection: conf, schema: lake.schema), adminToken: admin)
            let server = HTTPServer(host: listen, port: httpPort) { request in
                SettingsService.handles(request.path) ? settings.handle(request) : service.handle(request)
            }
            try server.start()
            Output.print("listening on http://\(listen):\(server.port) — POST /v1/events, GET /health; rejected events go to \(dead.path)")
            Output.print("settings page: http://\(listen):\(server.port)/settings/data-lake")
            while true { Thread.sleep(forTimeInterval: 3600) }
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
