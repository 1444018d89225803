import CHNative
import Foundation

/// Collects validated events into per-table batches and writes them with native inserts on a
/// background thread.
///
/// - A batch is sealed at ``IngestConfiguration/maxBatchRows`` rows or when its oldest row is
///   ``IngestConfiguration/maxLatency`` seconds old (a ticker thread enforces the bound even when
///   no more events arrive).
/// - At most ``IngestConfiguration/maxQueuedBatches`` sealed batches wait; then ``add(_:)`` blocks
///   (back-pressure reaches the reader or the HTTP client).
/// - A failed insert is retried with a fresh connection and growing pauses while the failure is
///   transient (server restart, network, overload), for up to ``IngestConfiguration/retryFor``
///   seconds. Each insert carries an `insert_deduplication_token` derived from its rows, and the
///   tables are `ReplacingMergeTree`s keyed by event id, so a retried insert never shows twice.
public final class BatchWriter: @unchecked Sendable {
    /// The configuration in use.
    public let config: IngestConfiguration

    private let cond = NSCondition()
    private var current: [Dataset: RowBuffer] = [:]
    private var currentCount = 0
    private var currentStarted: Date?
    private var queue: [Batch] = []
    private var acceptedSeq: UInt64 = 0
    private var committedSeq: UInt64 = 0
    private var closed = false
    private var failure: (any Error)?
    private var stats = IngestStats()
    private var threadsRunning = 0
    private var connection: Connection?

    struct Batch {
        var buffers: [RowBuffer]
        var lastSeq: UInt64
        var oldest: Date
    }

    /// Starts the writer and ticker threads.
    public init(config: IngestConfiguration) {
        self.config = config
        threadsRunning = 2
        let writer = Thread { [self] in self.writerLoop() }
        writer.name = "datalake-writer"
        writer.start()
        let ticker = Thread { [self] in self.tickerLoop() }
        ticker.name = "datalake-ticker"
        ticker.start()
    }

    /// Adds one event; blocks while the queue is full. Returns the event's sequence number
    /// for ``waitUntilCommitted(_:timeout:)``. Throws the writer's failure, if any.
    @discardableResult
    public func add(_ record: EventRecord) throws -> UInt64 {
        try add(contentsOf: CollectionOfOne(record))
    }

    /// Adds events in order; see ``add(_:)``.
    @discardableResult
    public func add<C: Collection>(contentsOf records: C) throws -> UInt64 where C.Element == EventRecord {
        cond.lock()
        defer { cond.unlock() }
        for r in records {
            if let failure { throw failure }
            guard !closed else { throw DatalakeError.invalidInput("the batch writer is closed") }
            if currentStarted == nil { currentStarted = Date() }
            current[r.dataset, default: RowBuffer(dataset: r.dataset)].append(r)
            currentCount += 1
            acceptedSeq += 1
            if currentCount >= config.maxBatchRows { try sealLocked(blocking: true) }
        }
        return acceptedSeq
    }

    /// Blocks until every event up to `seq` is committed; throws on writer failure or timeout.
    public func waitUntilCommitted(_ seq: UInt64, timeout: Double = 600) throws {
        let deadline = Date().addingTimeInterval(timeout)
        cond.lock()
        defer { cond.unlock() }
        while committedSeq < seq {
            if let failure { throw failure }
            guard cond.wait(until: deadline) || committedSeq >= seq else {
                throw DatalakeError.serverFailed("events not committed within \(Int(timeout)) s")
            }
        }
    }

    /// Seals the current batch and waits until everything is written.
    public func flush() throws {
        cond.lock()
        let seq = acceptedSeq
        if currentCount > 0 { try? sealLocked(blocking: true) }
        cond.unlock()
        try waitUntilCommitted(seq)
    }

    /// Writes what is left, stops the threads and returns the counters.
    @discardableResult
    public func finish() throws -> IngestStats {
        let flushError: (any Error)?
        do { try flush(); flushError = nil } catch { flushError = error }
        cond.lock()
        closed = true
        cond.broadcast()
        while threadsRunning > 0 { cond.wait() }
        let result = stats
        connection?.close()
        connection = nil
        cond.unlock()
        if let flushError { throw flushError }
        return result
    }

    /// The counters so far.
    public var currentStats: IngestStats {
        cond.lock()
        defer { cond.unlock() }
        return stats
    }

    // MARK: Threads

    /// Moves the current rows into the queue. With `blocking`, waits for room.
    private func sealLocked(blocking: Bool) throws {
        guard currentCount > 0, let started = currentStarted else { return }
        while queue.count >= config.maxQueuedBatches {
            if let failure { throw failure }
            guard blocking else { return }
            cond.wait()
        }
        let order = Dataset.allCases
        queue.append(Batch(buffers: order.compactMap { current[$0] }, lastSeq: acceptedSeq, oldest: started))
        current = [:]
        currentCount = 0
        currentStarted = nil
        cond.broadcast()
    }

    private func tickerLoop() {
        cond.lock()
        while !closed {
            if let started = currentStarted, Date().timeIntervalSince(started) >= config.maxLatency {
                try? sealLocked(blocking: false)
            }
            let wake = (currentStarted?.addingTimeInterval(config.maxLatency) ?? Date().addingTimeInterval(0.05))
            _ = cond.wait(until: max(wake, Date().addingTimeInterval(0.005)))
        }
        threadsRunning -= 1
        cond.broadcast()
        cond.unlock()
    }

    private func writerLoop() {
        cond.lock()
        while true {
            while queue.isEmpty && !closed { cond.wait() }
            guard let batch = queue.first, failure == nil else { break }
            cond.unlock()
            var retries = 0
            var inserts = 0
            var rows: [String: Int] = [:]
            var error: (any Error)?
            do {
                for buffer in batch.buffers where !buffer.isEmpty {
                    retries += try insertWithRetry(buffer)
                    inserts += 1
                    rows[buffer.dataset.table, default: 0] += buffer.count
                }
            } catch let e {
                error = e
            }
            cond.lock()
            stats.retries += retries
            if let error {
                failure = error
                cond.broadcast()
                break
            }
            queue.removeFirst()
            committedSeq = batch.lastSeq
            stats.batches += 1
            stats.inserts += inserts
            for (t, n) in rows { stats.rowsWritten[t, default: 0] += n }
            let latency = Date().timeIntervalSince(batch.oldest)
            stats.maxCommitLatency = max(stats.maxCommitLatency, latency)
            stats.totalCommitLatency += latency
            cond.broadcast()
        }
        threadsRunning -= 1
        cond.broadcast()
        cond.unlock()
    }

    /// Inserts one table's rows, retrying transient failures; returns the number of retries.
    private func insertWithRetry(_ buffer: RowBuffer) throws -> Int {
        let block = try buffer.block()
        let settings = ["insert_deduplication_token": buffer.deduplicationToken]
        let started = Date()
        var retries = 0
        var pause = 0.05
        while true {
            do {
                let conn = try openConnection()
                try conn.insert(into: buffer.dataset.table, database: config.schema.database, blocks: [block], settings: settings)
                return retries
            } catch {
                if connection?.isUsable != true {
                    connection?.close()
                    connection = nil
                }
                guard RetryPolicy.isTransient(error), Date().timeIntervalSince(started) < config.retryFor else { throw error }
                retries += 1
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, config.maxBackoff)
            }
        }
    }

    private func openConnection() throws -> Connection {
        if let c = connection, c.isUsable { return c }
        let c = try Connection(configuration: config.connection)
        connection = c
        return c
    }
}
