import ArgumentParser
import CHNative
import Datalake
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Accept events over HTTP: POST /v1/events (NDJSON, ingest token) and GET /health.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var lake: LakeOptions
    @OptionGroup var options: IngestOptions
    @Option(help: "Address to listen on.")
    var listen: String = "127.0.0.1"
    @Option(help: "HTTP port.")
    var httpPort: Int = 8080
    @Option(help: "Ingest token (default: $DATALAKE_INGEST_TOKEN; a random one is printed when neither is set).")
    var token: String?

    func run() throws {
        try reportingErrors {
            let conf = try connection.configuration()
            let validator = try options.validator(connection: conf, schema: lake.schema)
            let dead = try DeadLetterFile(path: options.deadLetter)
            let ingestor = Ingestor(config: options.ingestConfiguration(connection: conf, schema: lake.schema),
                                    validator: validator, deadLetters: dead)
            var secret = token ?? ConnectionOptions.env("DATALAKE_INGEST_TOKEN") ?? ""
            if secret.isEmpty {
                secret = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
                Output.print("ingest token (generated for this run): \(secret)")
            }
            let service = IngestService(ingestor: ingestor, token: secret, connection: conf)
            let server = HTTPServer(host: listen, port: httpPort) { service.handle($0) }
            try server.start()
            Output.print("listening on http://\(listen):\(server.port) — POST /v1/events, GET /health; rejected events go to \(dead.path)")
            while true { Thread.sleep(forTimeInterval: 3600) }
        }
    }
}
