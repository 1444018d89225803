import ArgumentParser
import CHNative
import Datalake

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Create or migrate the data lake schema.",
        subcommands: [Apply.self, Print.self])

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply missing migrations (idempotent).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var lake: LakeOptions

        func run() throws {
            try reportingErrors {
                if lake.isShardedCluster { return try ClusterSchemaCommands.apply(connection: try connection.configuration(), lake: lake) }
                let conn = try Connection(configuration: try connection.configuration())
                defer { conn.close() }
                let result = try SchemaManager(config: lake.schema).apply(on: conn)
                if result.applied.isEmpty {
                    Output.print("schema of \(lake.warehouse) is current (no migration to apply)")
                } else {
                    Output.print("applied migrations \(result.applied.map(String.init).joined(separator: ", ")) to \(lake.warehouse)")
                }
                if !result.refreshedOrgs.isEmpty {
                    Output.print("re-created views of \(result.refreshedOrgs.map(\.rawValue).joined(separator: ", "))")
                }
                for v in result.changedSinceApplied {
                    Output.error("warning: migration \(v) changed after it was applied; its statements were not re-run")
                }
            }
        }
    }

    struct Print: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the schema's SQL, for one server or a cluster (ON CLUSTER, Replicated*, Distributed).")
        @OptionGroup var lake: LakeOptions
        @Option(name: .customLong("org"), help: "Also emit the views of this organisation (repeatable).")
        var orgs: [String] = []

        func run() throws {
            try reportingErrors {
                let config = lake.schema
                let ids = try orgs.map { try OrgID($0) }
                for s in SchemaManager(config: config).script(orgs: ids) { Output.print(s + ";\n") }
            }
        }
    }
}
