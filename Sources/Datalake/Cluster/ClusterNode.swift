import CHNative

/// One node of a cluster as `system.clusters` lists it: one replica of one shard.
public struct ClusterNode: Sendable, Hashable, CustomStringConvertible {
    /// 1-based shard number (`shard_num`).
    public let shard: Int
    /// 1-based replica number within the shard (`replica_num`).
    public let replica: Int
    /// Host as configured.
    public let host: String
    /// Native protocol port.
    public let port: Int

    /// A node.
    public init(shard: Int, replica: Int = 1, host: String, port: Int) {
        self.shard = shard
        self.replica = replica
        self.host = host
        self.port = port
    }

    /// `host:port (shard N)`, as error messages name a node.
    public var description: String { "\(host):\(port) (shard \(shard))" }

    /// `base` pointed at this node.
    public func configuration(from base: ConnectionConfiguration) -> ConnectionConfiguration {
        var c = base
        c.host = host
        c.port = port
        c.fallbackAddresses = []
        return c
    }
}
