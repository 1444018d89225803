import ArgumentParser
import CHNative
import Datalake

/// Which data lake database to use (tests and side-by-side installs use their own).
struct LakeOptions: ParsableArguments {
    @Option(help: "The data lake database.")
    var warehouse: String = Datalake.database
    @Option(help: "Cluster name: DDL runs ON CLUSTER with Replicated*/Distributed tables (schema and org commands).")
    var cluster: String?

    var schema: SchemaConfiguration { SchemaConfiguration(database: warehouse, cluster: cluster) }
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
