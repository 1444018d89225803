import CHNative

/// Credentials on a sharded cluster of embedded nodes (``EmbeddedCluster``): every node gets
/// the same users file — grants on the views, the `Distributed` tables and the shard-local
/// tables, the row policy on the shard-local tables (``AccessPolicy/filteredTables(_:)``) — and
/// the same registry rows, so a credential works through any node and a revoked one fails on
/// every node. The embedded server reads users only at start-up, so the nodes are restarted
/// one after the other (each shard is away for a few seconds).
///
/// Every node must answer before anything is written; a node that fails part-way is named, and
/// `datalake credentials sync` (or the next generate/revoke) completes it.
///
/// Quotas: each node counts the queries that come in through it, so each node's quota is its
/// share of the policy's budget (``AccessPolicy/perNodeShare(of:)``); the budget holds for the
/// cluster whichever nodes a credential uses.
public struct ClusterCredentialBackend: CredentialBackend {
    /// The nodes.
    public let cluster: EmbeddedCluster
    /// The sharded schema.
    public let schema: SchemaConfiguration
    /// What credentials may do.
    public let policy: AccessPolicy

    public var name: String { "users-xml on \(cluster.shards) nodes" }

    /// A backend for `cluster`'s nodes and `schema`.
    public init(cluster: EmbeddedCluster, schema: SchemaConfiguration, policy: AccessPolicy = AccessPolicy()) {
        self.cluster = cluster
        self.schema = schema
        self.policy = policy
    }

    public func provision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        try apply(credential, active: active, admin: admin)
    }

    public func deprovision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        try apply(credential, active: active, admin: admin)
    }

    /// Records `changed` in every node's registry and writes `active` to every node's users file.
    func apply(_ changed: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        let nodes = cluster.nodes
        let (connections, unreachable) = ClusterConnections.open(nodes, base: admin)
        defer { for (_, c) in connections { c.close() } }
        if !unreachable.isEmpty { throw ClusterError.nodesUnreachable(unreachable) }
        let registry = CredentialRegistry(config: schema)
        for (node, conn) in connections {
            try ClusterError.on(node) { try registry.record(changed, on: conn) }
        }
        try write(active)
    }

    /// Writes `active` to every node's users file and restarts the nodes one by one.
    public func write(_ active: [Credential]) throws {
        for (node, server) in zip(cluster.nodes, cluster.servers()) {
            try ClusterError.on(node) {
                try UsersXMLBackend.embedded(directory: server.directory, policy: policy.perNodeShare(of: cluster.shards), schema: schema).write(active)
            }
        }
    }
}
