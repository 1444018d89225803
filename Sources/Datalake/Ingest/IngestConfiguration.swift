import CHNative

/// How events are batched and written.
public struct IngestConfiguration: Sendable {
    /// The server to write to.
    public var connection: ConnectionConfiguration
    /// The data lake database.
    public var schema: SchemaConfiguration
    /// The most rows one batch collects; at this many, producers block until the writer takes
    /// them (back-pressure).
    public var maxBatchRows: Int = 50_000
    /// The writer takes the collected rows once the oldest has waited this long (seconds) and
    /// the previous insert is done, so events are queryable within a second.
    public var maxLatency: Double = 0.3
    /// How long a failing insert is retried (seconds) before its batch fails.
    public var retryFor: Double = 600
    /// What a failed batch does to the writer. `false` (reading files): the ingestion stops
    /// with the error. `true` (a long-running server): the batch's events are reported failed
    /// to whoever waits for them, and the writer goes on with the next batch, so a server that
    /// was away longer than ``retryFor`` is written to again once it is back.
    public var keepsGoingAfterAFailedBatch = false
    /// Longest pause between retries (seconds).
    public var maxBackoff: Double = 2
    /// Appended to each dataset's table name on insert: `_local` when writing straight to the
    /// shard-local tables of a cluster node.
    public var tableSuffix = ""
    /// Opens each connection the writer inserts through: a CHNative ``Connection`` (tests of
    /// the batching and retry logic give one that needs no server).
    public var openConnection: InsertConnectionOpener = { try Connection(configuration: $0) }

    /// A configuration writing to `connection` in `schema`'s database.
    public init(connection: ConnectionConfiguration, schema: SchemaConfiguration = SchemaConfiguration()) {
        self.connection = connection
        self.schema = schema
    }
}

/// Counters of an ingestion.
public struct IngestStats: Sendable, Equatable {
    /// Rows written per table.
    public var rowsWritten: [String: Int] = [:]
    /// Inserts sent (one per table per batch).
    public var inserts = 0
    /// Batches committed.
    public var batches = 0
    /// Insert attempts that failed and were retried.
    public var retries = 0
    /// Batches that failed after their retries (only when the writer keeps going after one).
    public var failedBatches = 0
    /// Longest time from a row entering a batch to its batch being committed (seconds).
    public var maxCommitLatency: Double = 0
    /// Sum of the commit latency of each batch's oldest row (for the average).
    public var totalCommitLatency: Double = 0

    /// Rows written over all tables.
    public var totalRows: Int { rowsWritten.values.reduce(0, +) }
}
