import CHNative
import Foundation

/// The result of an ingestion.
public struct IngestSummary: Sendable {
    /// Lines read (blank lines excluded).
    public var lines = 0
    /// Events accepted and written.
    public var accepted = 0
    /// Events rejected (see the dead-letter file).
    public var rejected = 0
    /// Rejection reasons with their counts.
    public var reasons: [String: Int] = [:]
    /// Writer counters.
    public var writer = IngestStats()
    /// Wall-clock seconds.
    public var seconds: Double = 0

    /// Accepted events per second.
    public var eventsPerSecond: Double { seconds > 0 ? Double(accepted) / seconds : 0 }
}

/// Reads NDJSON sources, validates each line, sends valid events to a ``BatchWriter`` and
/// invalid ones to a ``DeadLetterFile``; one bad line never stops the others.
public final class Ingestor: @unchecked Sendable {
    /// The validator.
    public let validator: EventValidator
    /// Where valid events go (a ``BatchWriter``, or one per shard of a cluster).
    public let sink: any EventSink
    /// Where rejected lines go (none: only counted and reported).
    public let deadLetters: DeadLetterFile?
    private var summary = IngestSummary()
    private let started = Date()
    private let lock = NSLock()

    /// An ingestor writing through a new ``BatchWriter`` for `config`.
    public init(config: IngestConfiguration, validator: EventValidator, deadLetters: DeadLetterFile?) {
        self.validator = validator
        self.deadLetters = deadLetters
        sink = BatchWriter(config: config)
    }

    /// An ingestor writing to `sink` (e.g. one writer per shard of a cluster).
    public init(sink: any EventSink, validator: EventValidator, deadLetters: DeadLetterFile?) {
        self.validator = validator
        self.deadLetters = deadLetters
        self.sink = sink
    }

    /// Reads `reader` to its end (or, in follow mode, until it is stopped).
    public func ingest(_ reader: LineReader, source: String, progress: ProgressBar? = nil) throws {
        var pending: [EventRecord] = []
        pending.reserveCapacity(1024)
        var lines = 0
        let handOver = {
            guard !pending.isEmpty || lines > 0 else { return }
            try self.submit(pending, lines: lines)
            pending.removeAll(keepingCapacity: true)
            lines = 0
        }
        while let line = try reader.nextLine(beforeRead: handOver) {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            lines += 1
            switch validator.validate(line: line) {
            case .success(let r): pending.append(r)
            case .failure(let r): reject(r, source: source, line: reader.lineNumber, raw: line)
            }
            if pending.count >= 1024 {
                try handOver()
                progress?.update(bytes: reader.bytesRead, events: accepted, rejected: rejected)
            }
        }
        try handOver()
        progress?.finish(bytes: reader.bytesRead, events: accepted, rejected: rejected)
    }

    /// Validates and submits lines received another way (HTTP); returns the rejections by
    /// 1-based line number and the ticket to wait for (``EventSink/waitUntilCommitted(_:timeout:)``).
    public func ingest(lines: [ArraySlice<UInt8>], source: String, validator custom: EventValidator? = nil) throws -> (rejections: [(Int, String)], seq: CommitTicket) {
        let validator = custom ?? self.validator
        var records: [EventRecord] = []
        var rejections: [(Int, String)] = []
        var count = 0
        for (i, line) in lines.enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            count += 1
            switch validator.validate(line: line) {
            case .success(let r): records.append(r)
            case .failure(let r):
                rejections.append((i + 1, r.reason))
                reject(r, source: source, line: i + 1, raw: line)
            }
        }
        let seq = try submit(records, lines: count)
        return (rejections, seq)
    }

    @discardableResult
    private func submit(_ records: [EventRecord], lines: Int) throws -> CommitTicket {
        let seq = try sink.add(contentsOf: records)
        lock.lock()
        summary.accepted += records.count
        summary.lines += lines
        lock.unlock()
        return seq
    }

    private func reject(_ r: Rejection, source: String, line: Int, raw: some Collection<UInt8>) {
        deadLetters?.write(source: source, line: line, reason: r.reason, event: raw)
        lock.lock()
        summary.rejected += 1
        let key = r.reason.count > 80 ? String(r.reason.prefix(80)) + "…" : r.reason
        if summary.reasons.count < 100 || summary.reasons[key] != nil { summary.reasons[key, default: 0] += 1 }
        lock.unlock()
    }

    private var accepted: Int { lock.lock(); defer { lock.unlock() }; return summary.accepted }
    private var rejected: Int { lock.lock(); defer { lock.unlock() }; return summary.rejected }

    /// Writes what is left and returns the summary.
    public func finish() throws -> IngestSummary {
        let stats = try sink.finish()
        lock.lock()
        defer { lock.unlock() }
        summary.writer = stats
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
