import Datalake
import Foundation

/// Generates the demo organisation "Raven Energy GmbH" as NDJSON events for the ingestion path:
/// two years of entity operations (contacts, accounts, opportunities, orders, products),
/// workflow execution snapshots, journey sessions and events, and portal sessions and events.
///
/// The output depends only on `scale` and `seed`: the same arguments give the same bytes.
public struct DemoGenerator: Sendable {
    /// Volume multiplier: 1 gives about 60 journey sessions a month growing to 120.
    public var scale: Double
    /// The random seed.
    public var seed: UInt64

    /// A generator for `scale` (0.1 makes the committed sample).
    public init(scale: Double = 1, seed: UInt64 = 20_240_101) {
        self.scale = scale
        self.seed = seed
    }

    /// Generates every event and passes each NDJSON line (without newline) to `sink`, in time order.
    /// Returns the number of events per dataset.
    @discardableResult
    public func generate(_ sink: (String) throws -> Void) throws -> [Dataset: Int] {
        var story = DemoStory(rng: SeededRandom(seed: seed))
        story.run(scale: scale)
        let events = story.events.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }
        var counts: [Dataset: Int] = [:]
        for e in events {
            guard let text = JSONText.encode(e.object.value) else { throw DatalakeError.invalidInput("demo event cannot be encoded") }
            try sink(text)
            counts[e.dataset, default: 0] += 1
        }
        return counts
    }

    /// Writes the events to `path` (one per line) and returns the counts per dataset.
    @discardableResult
    public func write(toFile path: String) throws -> [Dataset: Int] {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw DatalakeError.invalidInput("cannot write \(path)")
        }
        defer { try? h.close() }
        var pending = Data()
        let counts = try generate { line in
            pending.append(contentsOf: line.utf8)
            pending.append(0x0A)
            if pending.count >= 1 << 20 {
                h.write(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        h.write(pending)
        return counts
    }
}

/// A JSON object held for sorting (only used inside the generator).
struct JSONObject: @unchecked Sendable {
    let value: [String: Any]
}

/// One generated event.
struct DemoEvent {
    let time: Int64
    let seq: Int
    let dataset: Dataset
    let object: JSONObject
}
