import ArgumentParser

@main
struct DatalakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datalake",
        abstract: "A ClickHouse data lake: query it, run its embedded server, ingest events, manage credentials.",
        subcommands: [QueryCommand.self, ServerCommand.self, ClusterCommand.self, SchemaCommand.self, OrgCommand.self, CredentialsCommand.self, IngestCommand.self, GenerateCommand.self, ReportCommand.self, DemoCommand.self, ServeCommand.self, ODBCCommand.self])
}
