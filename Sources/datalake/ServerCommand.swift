import ArgumentParser
import Datalake

struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the embedded ClickHouse 26.9 server (PyPI chdb-core) on loopback.",
        subcommands: [Start.self, Stop.self, Status.self])

    struct Options: ParsableArguments {
        @Option(help: "Native protocol port.")
        var port: Int = 9000
        @Option(help: "Data directory (default: $DATALAKE_HOME/server or ~/.datalake/server).")
        var data: String?

        var server: EmbeddedServer { EmbeddedServer(directory: data ?? EmbeddedServer.defaultDirectory, port: port) }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the server in the background.")
        @OptionGroup var options: Options
        func run() throws {
            let server = options.server
            do {
                let started = try server.start()
                Output.print("\(started ? "started" : "already running"): ClickHouse on 127.0.0.1:\(server.recordedPort ?? server.port) (data: \(server.directory))")
            } catch {
                Output.error("datalake: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the server.")
        @OptionGroup var options: Options
        func run() throws {
            Output.print(options.server.stop() ? "stopped" : "not running")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tell whether the server runs and answers.")
        @OptionGroup var options: Options
        func run() throws {
            let server = options.server
            let port = server.recordedPort ?? server.port
            if let pid = server.runningPID, server.isAnswering(port: port) {
                Output.print("running: ClickHouse on 127.0.0.1:\(port) (pid \(pid), data: \(server.directory))")
            } else {
                Output.print("not running")
                throw ExitCode(3)
            }
        }
    }
}
