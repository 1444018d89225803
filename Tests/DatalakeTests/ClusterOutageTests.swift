import CHNative
import Foundation
import Testing
import TestSupport
@testable import Datalake

/// A network namespace joined to this one by a veth pair; `cut()` drops its traffic silently
/// (its end of the link goes down while this side keeps a permanent neighbour entry, so
/// packets vanish instead of being refused), like a real outage.
final class NetnsLab: @unchecked Sendable {
    let name: String
    let hostVeth: String
    let nsVeth: String
    let hostAddress: String
    let nsAddress: String
    let subnet: String

    /// Whether `ip netns` works here (root, iproute2).
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/sbin/ip") else { return false }
        let probe = "dlp\(UInt16.random(in: 0...UInt16.max))"
        guard (try? NetnsLab.ip(["netns", "add", probe])) != nil else { return false }
        _ = try? NetnsLab.ip(["netns", "del", probe])
        return true
    }()

    init() throws {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        name = "dl\(tag)"
        hostVeth = "dlh\(tag)"
        nsVeth = "dln\(tag)"
        let a = Int.random(in: 100...250), b = Int.random(in: 1...250)
        subnet = "10.\(a).\(b).0/24"
        hostAddress = "10.\(a).\(b).1"
        nsAddress = "10.\(a).\(b).2"
        try Self.ip(["netns", "add", name])
        try Self.ip(["link", "add", hostVeth, "type", "veth", "peer", "name", nsVeth])
        try Self.ip(["link", "set", nsVeth, "netns", name])
        try Self.ip(["addr", "add", hostAddress + "/24", "dev", hostVeth])
        try Self.ip(["link", "set", hostVeth, "up"])
        try Self.ip(["netns", "exec", name, "ip", "addr", "add", nsAddress + "/24", "dev", nsVeth])
        try Self.ip(["netns", "exec", name, "ip", "link", "set", nsVeth, "up"])
        try Self.ip(["netns", "exec", name, "ip", "link", "set", "lo", "up"])
        let mac = try String(contentsOfFile: "/sys/class/net/\(hostVeth)/address", encoding: .utf8)  // only to check the link exists
        _ = mac
        let nsMac = try Self.ip(["netns", "exec", name, "cat", "/sys/class/net/\(nsVeth)/address"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try Self.ip(["neigh", "replace", nsAddress, "lladdr", nsMac, "dev", hostVeth, "nud", "permanent"])
    }

    /// Drops every packet between the namespace and this side from now on.
    func cut() throws { try Self.ip(["netns", "exec", name, "ip", "link", "set", nsVeth, "down"]) }

    /// Brings the link back.
    func restore() throws { try Self.ip(["netns", "exec", name, "ip", "link", "set", nsVeth, "up"]) }

    func remove() {
        _ = try? Self.ip(["link", "del", hostVeth])
        _ = try? Self.ip(["netns", "del", name])
    }

    @discardableResult
    static func ip(_ args: [String]) throws -> String {
        let r = try ChildProcess.run(FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip", args, timeout: 60)
        let text = r.stdoutText + r.stderrText
        guard r.status == 0 else { throw DatalakeError.serverFailed("ip \(args.joined(separator: " ")): \(text)") }
        return text
    }
}

// In the serialized cluster suite, so it never competes with the other cluster tests for the CPU.
extension ClusterTests {
    /// Node 3 in a network namespace of its own, cut off so its packets are dropped: queries and
    /// ingestion of its organisation end with an error naming it within the timeouts, the
    /// others are unaffected, and everything recovers when the link returns. Needs root.
    @Test(.enabled(if: NetnsLab.available)) func droppedLinkEndsWithAClearErrorAndRecovers() throws {
        let lab = try NetnsLab()
        defer { lab.remove() }
        let base = try TestCluster.freePortRange(6)
        let nodes: [(host: String, port: Int)] = [("127.0.0.1", base), ("127.0.0.1", base + 1), (lab.nsAddress, base + 2)]
        let dir = NSTemporaryDirectory() + "datalake-outage-\(UInt32.random(in: 0...UInt32.max))"
        let extra = ClusterConfigFiles.nodeConfig(cluster: "lake", nodes: nodes, secret: "outage-test-secret")
        var servers: [EmbeddedServer] = []
        for (i, node) in nodes.enumerated() {
            var s = EmbeddedServer(directory: dir + "/node\(i + 1)", port: node.port, httpPort: base + 3 + i, extraConfig: extra)
            s.listenHost = node.host
            if i == 2 {
                s.launchPrefix = ["ip", "netns", "exec", lab.name]
                try FileManager.default.createDirectory(atPath: s.directory, withIntermediateDirectories: true)
                try EmbeddedServerFiles.defaultUsers(defaultProfile: "<optimize_skip_unused_shards>1</optimize_skip_unused_shards>")
                    .replacingOccurrences(of: "<ip>127.0.0.1</ip>", with: "<ip>127.0.0.1</ip><ip>\(lab.subnet)</ip>")
                    .write(toFile: s.usersFile, atomically: true, encoding: .utf8)
            }
            servers.append(s)
        }
        defer {
            for s in servers { s.stop() }
            try? FileManager.default.removeItem(atPath: dir)
        }
        for s in servers { try s.start() }

        var timeouts = Timeouts()
        timeouts.connect = 2
        timeouts.read = 5
        timeouts.write = 5
        let entry = ConnectionConfiguration(host: "127.0.0.1", port: base, compression: .lz4, timeouts: timeouts)
        let manager = ClusterSchemaManager(database: "datawarehouse", cluster: "lake", connection: entry)
        try manager.apply()
        let ids = try orgs(onShards: [0, 1, 2])
        for o in ids { _ = try manager.addOrganisation(try OrgID(o), name: o) }
        let topology = try manager.topology()
        #expect(topology.nodes[2].host == lab.nsAddress)

        /// The sorting keys of the entity operations in `lines` (what the view shows once each).
        func entityKeys(_ lines: [String]) -> Set<String> {
            var keys: Set<String> = []
            for line in lines {
                if case .success(.entityOperation(let e)) = EventValidator().validate(line: Array(line.utf8)) {
                    keys.insert("\(e.schema)|\(e.entityID)|\(e.timestamp)|\(e.activityID)")
                }
            }
            return keys
        }
        func ingest(_ org: String, seed: UInt64, retryFor: Double) throws -> (ShardedBatchWriter, CommitTicket, Set<String>) {
            var config = IngestConfiguration(connection: entry, schema: manager.config)
            config.maxLatency = 0.05
            config.retryFor = retryFor
            let sink = try ShardedBatchWriter(config: config, topology: topology)
            let (lines, expected) = try demoEvents(org: org, scale: 0.01, seed: seed)
            let ingestor = Ingestor(sink: sink, validator: EventValidator(knownOrgs: Set(ids)), deadLetters: nil)
            let (_, ticket) = try ingestor.ingest(lines: lines.map { ArraySlice(Array($0.utf8)) }, source: org)
            _ = expected
            return (sink, ticket, entityKeys(lines))
        }
        func viewCount(_ org: String, _ suffix: String = "entity_operations_final") throws -> Int {
            let conn = try Connection(configuration: entry)
            defer { conn.close() }
            return Int(try ResultTable.query("SELECT count() FROM \(OrgViews(org: try OrgID(org), config: manager.config).qualifiedName(suffix))", on: conn).rows[0][0]) ?? -1
        }

        var expected: [String: Int] = [:]
        var firstIDs: [String: Set<String>] = [:]
        for (i, org) in ids.enumerated() {
            let (sink, ticket, e) = try ingest(org, seed: UInt64(300 + i), retryFor: 30)
            try sink.waitUntilCommitted(ticket, timeout: 60)
            _ = try sink.finish()
            expected[org] = e.count
            firstIDs[org] = e
        }
        for org in ids { #expect(try viewCount(org) == expected[org]) }

        try lab.cut()
        // Queries of the cut-off node's organisation end with an error naming it, in bounded time.
        var started = Date()
        let queryError = #expect(throws: (any Error).self) { _ = try viewCount(ids[2]) }
        let queryFailedAfter = Date().timeIntervalSince(started)
        #expect(String(describing: queryError).contains(lab.nsAddress), "\(String(describing: queryError))")
        #expect(queryFailedAfter < 30)
        // The other organisations are unaffected.
        started = Date()
        for org in ids.prefix(2) { #expect(try viewCount(org) == expected[org]) }
        let othersTook = Date().timeIntervalSince(started)
        // Ingestion: the live shards commit; the cut-off shard's events end with its node named.
        let (liveSink, liveTicket, _) = try ingest(ids[0], seed: 400, retryFor: 8)
        try liveSink.waitUntilCommitted(liveTicket, timeout: 20)
        _ = try liveSink.finish()
        started = Date()
        let (cutSink, cutTicket, cutExpected) = try ingest(ids[2], seed: 401, retryFor: 4)
        let ingestError = #expect(throws: (any Error).self) { try cutSink.waitUntilCommitted(cutTicket, timeout: 120) }
        let ingestFailedAfter = Date().timeIntervalSince(started)
        _ = try? cutSink.finish()
        #expect(String(describing: ingestError).contains("\(lab.nsAddress):\(base + 2) (shard 3)"), "\(String(describing: ingestError))")
        #expect(ingestFailedAfter < 4 + 2 * (timeouts.connect + timeouts.read) + 5)

        try lab.restore()
        var back = false
        for _ in 0..<40 where !back {
            back = (try? viewCount(ids[2])) == expected[ids[2]]
            if !back { Thread.sleep(forTimeInterval: 0.5) }
        }
        #expect(back, "the node's organisation did not come back with the link")
        // Sending the refused events again stores them once.
        let (again, againTicket, _) = try ingest(ids[2], seed: 401, retryFor: 30)
        try again.waitUntilCommitted(againTicket, timeout: 60)
        _ = try again.finish()
        let union = (firstIDs[ids[2]] ?? []).union(cutExpected).count
        let visible = try viewCount(ids[2])
        #expect(visible == union, "visible \(visible), first \(firstIDs[ids[2]]?.count ?? -1), cut batch \(cutExpected.count), union \(union)")
        print(String(format: "cluster outage (netns, packets dropped): query of the cut-off shard failed after %.1f s naming %@, other shards answered in %.2f s, its ingestion failed after %.1f s naming the node; after the link returned its views and a re-sent batch were exact",
                     queryFailedAfter, lab.nsAddress, othersTook, ingestFailedAfter))
    }
}
