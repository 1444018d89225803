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

/// What to wait for after adding events: the sequence numbers they took in each writer (one
/// per shard; 0 where nothing was added).
public struct CommitTicket: Sendable, Hashable {
    /// The last sequence number of the added events per writer.
    public var sequences: [UInt64]
    /// The first sequence number of the added events per writer (1 when not known: then a
    /// failure of any earlier batch also fails the ticket).
    public var firstSequences: [UInt64]

    /// A ticket with these last sequence numbers.
    public init(sequences: [UInt64]) {
        self.sequences = sequences
        firstSequences = sequences.map { $0 > 0 ? 1 : 0 }
    }

    /// A ticket with the first and last sequence numbers per writer.
    public init(first: [UInt64], last: [UInt64]) {
        sequences = last
        firstSequences = first
    }
}

extension BatchWriter: EventSink {
    /// ``add(contentsOf:)-(C)`` with a ticket.
    public func add(contentsOf records: [EventRecord]) throws -> CommitTicket {
        let seq: UInt64 = try add(contentsOf: records[...])
        return CommitTicket(first: [records.isEmpty ? seq : seq - UInt64(records.count) + 1], last: [seq])
    }

    /// ``waitUntilCommitted(_:from:timeout:)`` for a ticket of this writer.
    public func waitUntilCommitted(_ ticket: CommitTicket, timeout: Double) throws {
        try waitUntilCommitted(ticket.sequences.max() ?? 0, from: ticket.firstSequences.min() ?? 1, timeout: timeout)
    }
}
