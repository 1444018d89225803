import CHNative

/// Where and how the data lake schema is created.
public struct SchemaConfiguration: Sendable, Hashable {
    /// The database holding every table and view (`datawarehouse` by default; tests use their own).
    public var database: String
    /// The cluster name for the clustered variant (`ON CLUSTER`, `Replicated*`, `Distributed`);
    /// `nil` for a single server.
    public var cluster: String?

    /// Creates a configuration for `database`, optionally on `cluster`.
    public init(database: String = Datalake.database, cluster: String? = nil) {
        self.database = database
        self.cluster = cluster
    }

    /// `database.name`, quoted.
    public func qualified(_ name: String) -> String {
        SQLIdentifier.quote(database) + "." + SQLIdentifier.quote(name)
    }

    /// ` ON CLUSTER name` or the empty string.
    var onCluster: String {
        cluster.map { " ON CLUSTER " + SQLIdentifier.quote($0) } ?? ""
    }
}
