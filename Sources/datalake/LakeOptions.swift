import ArgumentParser
import CHNative
import Datalake

/// Which data lake database to use (tests and side-by-side installs use their own).
struct LakeOptions: ParsableArguments {
    @Option(help: "The data lake database.")
    var warehouse: String = Datalake.database
    @Option(help: "Cluster name: sharded tables (T_local + Distributed), DDL sent to every node.")
    var cluster: String?
    @Flag(help: "With --cluster: replicas with Keeper (Replicated* engines, DDL ON CLUSTER); schema print only.")
    var replicated = false

    var schema: SchemaConfiguration { SchemaConfiguration(database: warehouse, cluster: cluster, replicated: replicated) }
    /// A sharded cluster whose DDL our code sends to every node.
    var isShardedCluster: Bool { cluster != nil && !replicated }
}

/// Runs `body`, turning data lake and ClickHouse errors into a message and exit code 1.
func reportingErrors<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        Output.error("datalake: \(error)")
        throw ExitCode(1)
    }
}
