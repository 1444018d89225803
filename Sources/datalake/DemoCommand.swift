import ArgumentParser
import Datalake
import DatalakeDemo

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the embedded ClickHouse, load the demo organisation \"Raven Energy GmbH\", run the reports.")

    @OptionGroup var server: ServerCommand.Options
    @Option(help: "Volume of the demo organisation (1 = about 40,000 events over two years).")
    var scale: Double = 1
    @Option(help: "Where to write the HTML report (default: DATA/report.html).")
    var html: String?
    @Flag(inversion: .prefixedNo, help: "Show a progress bar on a terminal.")
    var progress = true
    @Option(help: "Run the demo on a cluster of this many embedded shards (node 1 on --port; Raven plus two more organisations).")
    var shards: Int?

    func run() throws {
        guard scale > 0, scale <= 1000 else { throw ValidationError("--scale must be in (0, 1000]") }
        if let shards { return try ClusterDemo.run(shards: shards, port: server.port, data: server.data, scale: scale) }
        try reportingErrors {
            var runner = DemoRunner(server: server.server)
            runner.scale = scale
            runner.htmlPath = html
            runner.progress = progress
            runner.odbcNote = ODBCDriverRegistration.registerForDemo()
            try runner.run { Output.print($0) }
        }
    }
}
