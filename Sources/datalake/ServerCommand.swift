import ArgumentParser
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "server", abstract: "Run the embedded ClickHouse server.")
}
