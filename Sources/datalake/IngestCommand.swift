import ArgumentParser
import CHNative
import Datalake
import Foundation

/// Flags shared by `ingest` and `serve`.
struct IngestOptions: ParsableArguments {
    @Option(help: "Dataset for lines without a 'dataset' field.")
    var dataset: String?
    @Option(help: "File that receives rejected events with their reasons.")
    var deadLetter: String = "datalake-dead-letters.ndjson"
    @Option(help: "Rows per insert at most.")
    var batchRows: Int = 50_000
    @Option(help: "Longest time (s) an event waits in a batch before it is written.")
    var maxLatency: Double = 0.3
    @Flag(help: "Accept events of organisations that are not registered.")
    var allowUnknownOrgs = false

    func validator(connection: ConnectionConfiguration, schema: SchemaConfiguration) throws -> EventValidator {
        var defaultDataset: Dataset?
        if let dataset {
            guard let d = Dataset(name: dataset) else {
                throw ValidationError("--dataset must be one of \(Dataset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            defaultDataset = d
        }
        var known: Set<String>?
        if !allowUnknownOrgs {
            let conn = try Connection(configuration: connection)
            defer { conn.close() }
            known = Set(try SchemaManager(config: schema).organisations(on: conn).map(\.id.rawValue))
        }
        return EventValidator(defaultDataset: defaultDataset, knownOrgs: known)
    }

    func ingestConfiguration(connection: ConnectionConfiguration, schema: SchemaConfiguration) -> IngestConfiguration {
        var c = IngestConfiguration(connection: connection, schema: schema)
        c.maxBatchRows = max(1, batchRows)
        c.maxLatency = max(0.01, maxLatency)
        return c
    }
}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest NDJSON events (files, stdin, or growing files with --follow).",
        discussion: """
        Each line is one JSON object with a 'dataset' field: entity_operations, workflow_executions,
        journey_sessions, journey_events, portal_sessions or portal_events. Invalid lines go to the
        dead-letter file with the reason; the others are written in batches within --max-latency.
        """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var lake: LakeOptions
    @OptionGroup var options: IngestOptions
    @Flag(help: "Keep reading files as they grow (like tail -f); stop with Ctrl-C.")
    var follow = false
    @Flag(inversion: .prefixedNo, help: "Show a progress bar on a terminal.")
    var progress = true
    @Argument(help: "NDJSON files ('-' or none for standard input).")
    var files: [String] = []

    func run() throws {
        try reportingErrors {
            let conf = try connection.configuration()
            let validator = try options.validator(connection: conf, schema: lake.schema)
            let dead = try DeadLetterFile(path: options.deadLetter)
            let ingestor = try ClusterIngest.ingestor(config: options.ingestConfiguration(connection: conf, schema: lake.schema),
                                                      lake: lake, validator: validator, deadLetters: dead)
            if follow {
                // Ctrl-C or SIGTERM end following; what was read is written before exiting.
                signal(SIGINT) { _ in LineReader.interrupted.store(true, ordering: .relaxed) }
                signal(SIGTERM) { _ in LineReader.interrupted.store(true, ordering: .relaxed) }
            }
            var failure: (any Error)?
            for file in files.isEmpty ? ["-"] : files {
                do {
                    let reader = try LineReader(path: file, follow: follow)
                    let bar = progress ? ProgressBar(label: file == "-" ? "stdin" : (file as NSString).lastPathComponent, total: reader.fileSize) : nil
                    try ingestor.ingest(reader, source: file, progress: bar)
                } catch {
                    failure = error
                    break
                }
            }
            let summary = try ingestor.finish()
            IngestCommand.printSummary(summary, deadLetter: dead)
            if let failure { throw failure }
        }
    }

    static func printSummary(_ s: IngestSummary, deadLetter: DeadLetterFile?) {
        Output.print(String(format: "ingested %d events (%d rejected) in %.2f s: %.0f events/s; %d inserts, %d retries, commit latency max %.3f s",
                            s.accepted, s.rejected, s.seconds, s.eventsPerSecond, s.writer.inserts, s.writer.retries, s.writer.maxCommitLatency))
        for (table, n) in s.writer.rowsWritten.sorted(by: { $0.key < $1.key }) { Output.print("  \(table): \(n)") }
        if s.rejected > 0 {
            Output.print("rejected events were written to \(deadLetter?.path ?? "-"):")
            for (reason, n) in s.reasons.sorted(by: { $0.value > $1.value }).prefix(10) { Output.print("  \(n) × \(reason)") }
        }
    }
}
