import CHNative

/// Computes the shard of an organisation exactly as a `Distributed` table sharded by
/// `cityHash64(org_id)` over equally weighted shards does: `cityHash64(org_id) % shards`,
/// counted from 0 in the order of `<remote_servers>` (`system.clusters.shard_num - 1`).
public struct ShardRouter: Sendable, Hashable {
    /// Number of shards (at least 1).
    public let shardCount: Int

    /// A router over `shardCount` shards of weight 1.
    public init(shardCount: Int) throws {
        guard shardCount >= 1 else { throw DatalakeError.invalidInput("a cluster needs at least one shard, not \(shardCount)") }
        self.shardCount = shardCount
    }

    /// The 0-based shard holding `orgID`'s rows.
    public func shard(of orgID: String) -> Int {
        Int(CityHash64.hash(orgID) % UInt64(shardCount))
    }
}
