import CHNative
import Foundation

/// Collects validated events into per-table batches and writes them with native inserts on a
/// background thread ("group commit").
///
/// - The writer thread takes everything collected so far as one batch as soon as it is free and
///   the oldest row has waited ``IngestConfiguration/maxLatency`` seconds (or the rows reached
///   ``IngestConfiguration/maxBatchRows``, or a flush asks for them). While an insert runs, the
///   next batch grows, so under load batches get larger (fewer parts for the server to write
///   and merge) and when the input is slow an event waits at most `maxLatency` plus one insert.
/// - At ``IngestConfiguration/maxBatchRows`` collected rows, ``add(contentsOf:)`` blocks until
///   the writer takes them (back-pressure reaches the reader or the HTTP client).
/// - A failed insert is retried with a fresh connection and growing pauses while the failure is
///   transient (server restart, network, overload), for up to ``IngestConfiguration/retryFor``
///   seconds. Each insert carries an `insert_deduplication_token` derived from its rows, and the
///   tables are `ReplacingMergeTree`s keyed by event id, so a retried insert never shows twice.
/// - A batch that still fails stops the writer (reading files), or — with
///   ``IngestConfiguration/keepsGoingAfterAFailedBatch`` (`datalake serve`) — fails only its own
///   events: whoever waits for them gets the error, and the next batches are written as usual.
public final class BatchWriter: @unchecked Sendable {
    /// The configuration in use.
    public let config: IngestConfiguration

    private let cond = NSCondition()
    /// The rows collected for the next batch, one buffer per dataset (``Dataset/index``).
    private var current: [RowBuffer] = Dataset.allCases.map { RowBuffer(dataset: $0) }
    private var currentCount = 0
    private var currentStarted: Date?
    private var flushRequested = false
    private var acceptedSeq: UInt64 = 0
    /// Every event up to this one is committed — or, when the writer keeps going after a failed
    /// batch, committed or in ``failedRanges``.
    private var committedSeq: UInt64 = 0
    /// The failed batches of a writer that keeps going: their sequence numbers and error (the
    /// most recent ``failedRangesKept``; older outcomes are forgotten through ``forgottenThrough``).
    private var failedRanges: [(range: ClosedRange<UInt64>, error: any Error)] = []
    private var forgottenThrough: UInt64 = 0
    private static let failedRangesKept = 1024
    private var closed = false
    private var failure: (any Error)?
    private var stats = IngestStats()
    private var threadRunning = false
    /// One inserter (and connection) per dataset (``Dataset/index``).
    private let inserters: [TableInserter]

    /// Starts the writer thread.
    public init(config: IngestConfiguration) {
        self.config = config
        inserters = Dataset.allCases.map { _ in TableInserter(config: config) }
        threadRunning = true
        let writer = Thread { [self] in self.writerLoop() }
        writer.name = "datalake-writer"
        writer.start()
    }

    /// Adds one event; blocks while the next batch is full. Returns the event's sequence number
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
            while currentCount >= config.maxBatchRows, failure == nil, !closed { cond.wait() }
            if let failure { throw failure }
            guard !closed else { throw DatalakeError.invalidInput("the batch writer is closed") }
            current[r.dataset.index].append(r)
            currentCount += 1
            acceptedSeq += 1
            if currentStarted == nil {
                currentStarted = Date()
                cond.broadcast()
            } else if currentCount >= config.maxBatchRows {
                cond.broadcast()
            }
        }
        return acceptedSeq
    }

    /// Blocks until the events `first...seq` are committed; throws on writer failure, on a
    /// failed batch that held one of them, or on timeout.
    public func waitUntilCommitted(_ seq: UInt64, from first: UInt64 = 1, timeout: Double = 600) throws {
        let deadline = Date().addingTimeInterval(timeout)
        cond.lock()
        defer { cond.unlock() }
        while committedSeq < seq {
            if let failure { throw failure }
            guard cond.wait(until: deadline) || committedSeq >= seq else {
                throw DatalakeError.serverFailed("events not committed within \(Int(timeout)) s")
            }
        }
        guard seq > 0, first <= seq else { return }
        if first <= forgottenThrough {
            throw DatalakeError.serverFailed("the outcome of events \(first)...\(seq) is no longer known (more than \(Self.failedRangesKept) batches failed since)")
        }
        if let failed = failedRanges.last(where: { $0.range.overlaps(first...seq) }) { throw failed.error }
    }

    /// Asks for the rows collected so far to be written now and waits until they are.
    public func flush() throws {
        cond.lock()
        let first = committedSeq + 1
        let seq = acceptedSeq
        if currentCount > 0 {
            flushRequested = true
            cond.broadcast()
        }
        cond.unlock()
        try waitUntilCommitted(seq, from: first)
    }

    /// Writes what is left, stops the thread and returns the counters.
    @discardableResult
    public func finish() throws -> IngestStats {
        let flushError: (any Error)?
        do { try flush(); flushError = nil } catch { flushError = error }
        cond.lock()
        closed = true
        cond.broadcast()
        while threadRunning { cond.wait() }
        let result = stats
        cond.unlock()
        for inserter in inserters { inserter.close() }
        if let flushError { throw flushError }
        return result
    }

    /// The counters so far.
    public var currentStats: IngestStats {
        cond.lock()
        defer { cond.unlock() }
        return stats
    }

    // MARK: The writer thread

    private struct Batch {
        var buffers: [RowBuffer]
        var lastSeq: UInt64
        var oldest: Date
    }

    /// Waits (holding the lock) until the collected rows are due, then takes them; `nil` when
    /// the writer should stop.
    private func nextBatchLocked() -> Batch? {
        while true {
            if failure != nil { return nil }
            if let started = currentStarted {
                let due = started.addingTimeInterval(config.maxLatency)
                if currentCount >= config.maxBatchRows || flushRequested || closed || Date() >= due { break }
                _ = cond.wait(until: due)
            } else {
                if closed { return nil }
                flushRequested = false
                cond.wait()
            }
        }
        let batch = Batch(buffers: current.filter { !$0.isEmpty }, lastSeq: acceptedSeq, oldest: currentStarted ?? Date())
        current = Dataset.allCases.map { RowBuffer(dataset: $0) }
        currentCount = 0
        currentStarted = nil
        flushRequested = false
        cond.broadcast()
        return batch
    }

    private func writerLoop() {
        cond.lock()
        while let batch = nextBatchLocked() {
            cond.unlock()
            let outcomes = insertAll(batch.buffers)
            cond.lock()
            var error: (any Error)?
            for (buffer, outcome) in zip(batch.buffers, outcomes) {
                switch outcome {
                case .success(let retries): stats.retries += retries
                case .failure(let e):
                    // Only the inserter that failed just now: another one's count is stale.
                    stats.retries += inserters[buffer.dataset.index].retriesOfLastFailure
                    error = error ?? e
                case nil: break
                }
            }
            if let error, config.keepsGoingAfterAFailedBatch {
                failedRanges.append((committedSeq + 1...batch.lastSeq, error))
                if failedRanges.count > Self.failedRangesKept {
                    forgottenThrough = failedRanges.removeFirst().range.upperBound
                }
                committedSeq = batch.lastSeq
                stats.failedBatches += 1
                cond.broadcast()
                continue
            }
            if let error {
                failure = error
                cond.broadcast()
                break
            }
            committedSeq = batch.lastSeq
            stats.batches += 1
            stats.inserts += batch.buffers.count
            for b in batch.buffers { stats.rowsWritten[b.dataset.table, default: 0] += b.count }
            let latency = Date().timeIntervalSince(batch.oldest)
            stats.maxCommitLatency = max(stats.maxCommitLatency, latency)
            stats.totalCommitLatency += latency
            cond.broadcast()
        }
        threadRunning = false
        cond.broadcast()
        cond.unlock()
    }
}

extension BatchWriter {
    /// Inserts the tables of one batch in parallel (the server works on several parts at
    /// once, which shortens the time to commit); one outcome per buffer: its retries or error.
    private func insertAll(_ buffers: [RowBuffer]) -> [Result<Int, any Error>?] {
        let outcomes = Outcomes(count: buffers.count)
        DispatchQueue.concurrentPerform(iterations: buffers.count) { k in
            let buffer = buffers[k]
            outcomes.set(k, Result { try inserters[buffer.dataset.index].insert(buffer) })
        }
        return outcomes.all
    }
}

/// Results filled in by parallel tasks.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<Int, any Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ r: Result<Int, any Error>) {
        lock.lock()
        values[k] = r
        lock.unlock()
    }

    var all: [Result<Int, any Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
