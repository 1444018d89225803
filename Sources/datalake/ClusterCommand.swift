import ArgumentParser
import CHNative
import Datalake
import DatalakeDemo

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run a sharded ClickHouse cluster ('lake') of embedded 26.9 servers on loopback.",
        discussion: """
        Node i listens on --port + i - 1 and is shard i (one replica each). Then:
          datalake schema apply --cluster lake --port P
          datalake org add ORG --cluster lake --port P
          datalake ingest --cluster lake --port P FILE
        """,
        subcommands: [Start.self, Stop.self, Status.self, Demo.self])

    struct Options: ParsableArguments {
        @Option(help: "Data directory (default: $DATALAKE_HOME/cluster or ~/.datalake/cluster).")
        var data: String?

        var directory: String { data ?? EmbeddedCluster.defaultDirectory }

        func recorded() throws -> EmbeddedCluster? { try EmbeddedCluster.recorded(in: directory) }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the nodes in the background.")
        @OptionGroup var options: Options
        @Option(help: "Number of shards (nodes), 1 to \(EmbeddedCluster.maxShards).")
        var shards: Int = 3
        @Option(help: "Native port of node 1; node i uses port + i - 1.")
        var port: Int = 9100

        func run() throws {
            try reportingErrors {
                let cluster = try EmbeddedCluster(directory: options.directory, shards: shards, port: port)
                let started = try cluster.start()
                Output.print(started == 0 ? "already running:" : "started \(started) of \(shards) nodes:")
                for s in cluster.status() { Output.print("  node \(s.node) pid \(s.pid.map(String.init) ?? "-") data \(s.directory)") }
                Output.print("cluster '\(EmbeddedCluster.clusterName)': datalake schema apply --cluster \(EmbeddedCluster.clusterName) --port \(port)")
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the nodes.")
        @OptionGroup var options: Options
        func run() throws {
            try reportingErrors {
                guard let cluster = try options.recorded() else {
                    Output.print("no cluster in \(options.directory)")
                    return
                }
                Output.print("stopped \(cluster.stop()) of \(cluster.shards) nodes")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tell which nodes run and answer (exit 3 unless all do).")
        @OptionGroup var options: Options
        func run() throws {
            let cluster = try reportingErrors { try options.recorded() }
            guard let cluster else {
                Output.print("no cluster in \(options.directory)")
                throw ExitCode(3)
            }
            let states = cluster.status()
            for s in states { Output.print("node \(s.node): \(s.pid.map { "running (pid \($0))" } ?? "not running")") }
            if states.contains(where: { $0.pid == nil }) { throw ExitCode(3) }
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The demo on a cluster: Raven Energy GmbH plus two more organisations over the shards (same as `datalake demo --shards N`).")
        @OptionGroup var options: Options
        @Option(help: "Number of shards (nodes), 1 to \(EmbeddedCluster.maxShards).")
        var shards: Int = 3
        @Option(help: "Native port of node 1; node i uses port + i - 1.")
        var port: Int = 9100
        @Option(help: "Volume of each organisation (1 = about 40,000 events).")
        var scale: Double = 1

        func run() throws {
            try ClusterDemo.run(shards: shards, port: port, data: options.data, scale: scale)
        }
    }
}

/// `datalake demo --shards N` and `datalake cluster demo`.
enum ClusterDemo {
    static func run(shards: Int, port: Int, data: String?, scale: Double) throws {
        guard scale > 0, scale <= 1000 else { throw ValidationError("--scale must be in (0, 1000]") }
        try reportingErrors {
            var runner = ClusterDemoRunner(cluster: try EmbeddedCluster(directory: data ?? EmbeddedCluster.defaultDirectory, shards: shards, port: port))
            runner.scale = scale
            try runner.run { Output.print($0) }
        }
    }
}

/// `schema apply` and `org add` on a sharded cluster (DDL sent to every node).
enum ClusterSchemaCommands {
    static func apply(connection: ConnectionConfiguration, lake: LakeOptions) throws {
        let manager = ClusterSchemaManager(database: lake.warehouse, cluster: lake.cluster ?? "", connection: connection)
        for r in try manager.apply() {
            let what = r.result.applied.isEmpty ? "current" : "applied migrations \(r.result.applied.map(String.init).joined(separator: ", "))"
            Output.print("node \(r.node): \(what)")
            for v in r.result.changedSinceApplied {
                Output.error("warning: node \(r.node): migration \(v) changed after it was applied; its statements were not re-run")
            }
        }
    }

    static func addOrganisation(_ org: OrgID, name: String, connection: ConnectionConfiguration, lake: LakeOptions) throws {
        let manager = ClusterSchemaManager(database: lake.warehouse, cluster: lake.cluster ?? "", connection: connection)
        let topology = try manager.addOrganisation(org, name: name)
        Output.print("organisation \(org) registered on \(topology.nodes.count) nodes; its rows live on node \(try topology.node(of: org.rawValue))")
    }
}

/// `ingest` and `serve` with `--cluster`: each event goes to its organisation's shard.
enum ClusterIngest {
    /// An ingestor routing events to the shards of the cluster named by `lake`, or the
    /// single-server one without `--cluster`.
    static func ingestor(config: IngestConfiguration, lake: LakeOptions, validator: EventValidator, deadLetters: DeadLetterFile?) throws -> Ingestor {
        guard lake.isShardedCluster, let name = lake.cluster else {
            return Ingestor(config: config, validator: validator, deadLetters: deadLetters)
        }
        let conn = try Connection(configuration: config.connection)
        let topology = try ClusterTopology.discover(name, on: conn)
        conn.close()
        let sink = try ShardedBatchWriter(config: config, topology: topology)
        return Ingestor(sink: sink, validator: validator, deadLetters: deadLetters)
    }
}
