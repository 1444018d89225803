import ArgumentParser
import CHNative
import Datalake

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Register organisations and create their views.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an organisation and create its {org}_*_final views.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions
        @Option(help: "Display name of the organisation.")
        var name: String?
        @Argument(help: "Organisation id (1-64 characters of A-Z a-z 0-9 _ -).")
        var org: String

        func run() throws {
            try reportingErrors {
                let id = try OrgID(org)
                if lake.isShardedCluster { return try ClusterSchemaCommands.addOrganisation(id, name: name ?? org, connection: try connection.configuration(), lake: lake) }
                let conn = try Connection(configuration: try connection.configuration())
                defer { conn.close() }
                try SchemaManager(config: lake.schema).addOrganisation(id, name: name ?? org, on: conn)
                let views = OrgViews(org: id, config: lake.schema)
                Output.print("organisation \(id) ready; views:")
                for s in OrgViews.suffixes { Output.print("  \(views.qualifiedName(s))") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered organisations.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions

        func run() throws {
            try reportingErrors {
                let conn = try Connection(configuration: try connection.configuration())
                defer { conn.close() }
                for (id, name) in try SchemaManager(config: lake.schema).organisations(on: conn) {
                    Output.print("\(id)\t\(name)")
                }
            }
        }
    }
}
