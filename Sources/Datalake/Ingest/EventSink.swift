/// Where an ``Ingestor`` hands its validated events: one ``BatchWriter``, or one per shard of a
/// cluster (`ShardedBatchWriter`).
public protocol EventSink: AnyObject, Sendable {
    /// Adds events in order (blocking while the batch they go to is full) and returns the
    /// ticket to wait for their commit with.
    func add(contentsOf records: [EventRecord]) throws -> CommitTicket
    /// Blocks until every event of `ticket` is committed; throws on failure or timeout.
    func waitUntilCommitted(_ ticket: CommitTicket, timeout: Double) throws
    /// Writes what is left, stops the writers and returns the counters.
    func finish() throws -> IngestStats
}

/// What to wait for after adding events: the sequence number reached in each writer (one per
/// shard; 0 where nothing was added).
public struct CommitTicket: Sendable, Hashable {
    /// The last sequence number of the added events per writer.
    public var sequences: [UInt64]

    /// A ticket with these sequence numbers.
    public init(sequences: [UInt64]) {
        self.sequences = sequences
    }
}

extension BatchWriter: EventSink {
    /// ``add(contentsOf:)-(C)`` with a ticket.
    public func add(contentsOf records: [EventRecord]) throws -> CommitTicket {
        let seq: UInt64 = try add(contentsOf: records[...])
        return CommitTicket(sequences: [seq])
    }

    /// ``waitUntilCommitted(_:timeout:)-(UInt64,_)`` for a ticket of this writer.
    public func waitUntilCommitted(_ ticket: CommitTicket, timeout: Double) throws {
        try waitUntilCommitted(ticket.sequences.max() ?? 0, timeout: timeout)
    }
}
