import Foundation

/// Writes each event straight into the shard-local tables (`T_local`) of the node that owns its
/// organisation — the shard `Distributed(…, cityHash64(org_id))` would pick (``ShardRouter``) —
/// through one ``BatchWriter`` per shard.
///
/// The shards are independent: a dead node's batches are retried (for
/// ``IngestConfiguration/retryFor`` seconds) while the other shards' events keep being
/// committed. Back-pressure is bounded per shard: at ``IngestConfiguration/maxBatchRows`` rows
/// waiting for a dead shard, whoever adds more of its events blocks (an HTTP request, or the
/// reader of a file — which then also holds back the events behind it). Every insert carries
/// its deduplication token and the tables deduplicate, so a retried batch never shows twice.
public final class ShardedBatchWriter: EventSink, @unchecked Sendable {
    /// The cluster's nodes, one writer each.
    public let topology: ClusterTopology
    private let router: ShardRouter
    private let lanes: [BatchWriter]

    /// One writer per node of `topology`; `config` gives the user, timeouts and batching.
    public init(config: IngestConfiguration, topology: ClusterTopology) throws {
        self.topology = topology
        router = try topology.router()
        lanes = topology.nodes.map { node in
            var c = config
            c.connection = node.configuration(from: config.connection)
            c.tableSuffix = "_local"
            return BatchWriter(config: c)
        }
    }

    /// Adds events to their shards' writers; blocks while a shard's next batch is full.
    public func add(contentsOf records: [EventRecord]) throws -> CommitTicket {
        var perShard = Array(repeating: [EventRecord](), count: lanes.count)
        for r in records { perShard[router.shard(of: r.orgID)].append(r) }
        var first = Array(repeating: UInt64(0), count: lanes.count)
        var last = first
        for (shard, rows) in perShard.enumerated() where !rows.isEmpty {
            last[shard] = try named(shard) { try lanes[shard].add(contentsOf: rows[...]) }
            first[shard] = last[shard] - UInt64(rows.count) + 1
        }
        return CommitTicket(first: first, last: last)
    }

    /// Waits until the events of `ticket` are committed on every shard they went to.
    public func waitUntilCommitted(_ ticket: CommitTicket, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        for (shard, seq) in ticket.sequences.enumerated() where seq > 0 && shard < lanes.count {
            let first = shard < ticket.firstSequences.count ? max(1, ticket.firstSequences[shard]) : 1
            try named(shard) { try lanes[shard].waitUntilCommitted(seq, from: first, timeout: max(0.001, deadline.timeIntervalSinceNow)) }
        }
    }

    /// Writes what is left on every shard and stops the writers; the counters are summed.
    /// Throws the first shard's failure (naming its node) after finishing the others.
    public func finish() throws -> IngestStats {
        var total = IngestStats()
        var failure: (any Error)?
        for shard in lanes.indices {
            do {
                let s = try named(shard) { try lanes[shard].finish() }
                for (table, n) in s.rowsWritten { total.rowsWritten[table, default: 0] += n }
                total.inserts += s.inserts
                total.batches += s.batches
                total.retries += s.retries
                total.failedBatches += s.failedBatches
                total.maxCommitLatency = max(total.maxCommitLatency, s.maxCommitLatency)
                total.totalCommitLatency += s.totalCommitLatency
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return total
    }

    /// The counters of each shard's writer so far, shard 1 first.
    public var statsPerShard: [IngestStats] { lanes.map(\.currentStats) }

    private func named<R>(_ shard: Int, _ body: () throws -> R) throws -> R {
        try ClusterError.on(topology.nodes[shard], body)
    }
}
