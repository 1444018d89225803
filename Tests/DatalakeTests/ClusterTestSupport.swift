import CHNative
import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

/// A real 3-node cluster of embedded ClickHouse 26.9 servers, started once for the cluster
/// tests on free loopback ports and stopped when the test process exits.
final class TestCluster: @unchecked Sendable {
    static let shards = 3
    let cluster: EmbeddedCluster
    let directory: String

    /// The cluster of this test process (started at first use).
    static let shared: Result<TestCluster, any Error> = Result {
        let cluster = try TestCluster()
        atexit { TestCluster.stopAtExit() }
        return cluster
    }

    private static let stopLock = NSLock()

    private static func stopAtExit() {
        stopLock.lock()
        defer { stopLock.unlock() }
        if case .success(let c) = shared {
            c.cluster.stop()
            try? FileManager.default.removeItem(atPath: c.directory)
        }
    }

    private init() throws {
        directory = NSTemporaryDirectory() + "datalake-cluster-\(UInt32.random(in: 0...UInt32.max))"
        cluster = try EmbeddedCluster(directory: directory, shards: Self.shards, port: try Self.freePortRange(2 * Self.shards))
        try cluster.start()
    }

    /// The first of `count` consecutive free ports.
    static func freePortRange(_ count: Int) throws -> Int {
        for _ in 0..<200 {
            let base = Int.random(in: 20_000...50_000)
            if (base..<base + count).allSatisfy(PortProbe.isFree) { return base }
        }
        throw DatalakeError.serverFailed("no \(count) consecutive free ports")
    }

    /// How to reach node `node` (1-based).
    func configuration(node: Int) -> ConnectionConfiguration {
        var timeouts = Timeouts()
        timeouts.connect = 3
        timeouts.read = 60
        return ConnectionConfiguration(host: "127.0.0.1", port: cluster.port + node - 1, compression: .lz4, timeouts: timeouts)
    }

    func connect(node: Int) throws -> Connection { try Connection(configuration: configuration(node: node)) }

    /// The port of the node holding `org`.
    func port(of org: String) throws -> Int { cluster.port + (try ShardRouter(shardCount: Self.shards).shard(of: org)) }

    /// The 1-based node holding `org`.
    func node(of org: String) throws -> Int { try ShardRouter(shardCount: Self.shards).shard(of: org) + 1 }

    /// Kills node `node` at once (SIGKILL to its process group, as a crash would).
    func kill(node: Int) {
        let server = cluster.servers()[node - 1]
        if let pid = server.runningPID {
            Glibc.kill(-pid, SIGKILL)
            Glibc.kill(pid, SIGKILL)
            for _ in 0..<50 where EmbeddedServer.isAlive(pid) { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    /// Restarts node `node` if it is down.
    func revive(node: Int) throws { try cluster.start(node: node) }
}

/// A data lake in a database of its own on the test cluster, dropped on every node afterwards.
final class ClusterLake: @unchecked Sendable {
    let cluster: TestCluster
    let database = "datawarehouse_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)

    init(orgs: [String]) throws {
        cluster = try TestCluster.shared.get()
        for n in 1...TestCluster.shards { try cluster.revive(node: n) }
        try manager.apply()
        for o in orgs { _ = try manager.addOrganisation(try OrgID(o), name: o) }
    }

    var manager: ClusterSchemaManager {
        ClusterSchemaManager(database: database, cluster: EmbeddedCluster.clusterName, connection: cluster.configuration(node: 1))
    }

    var schema: SchemaConfiguration { manager.config }

    static func with<R>(orgs: [String], _ body: (ClusterLake) throws -> R) throws -> R {
        let lake = try ClusterLake(orgs: orgs)
        defer { lake.drop() }
        return try body(lake)
    }

    func drop() {
        for n in 1...TestCluster.shards {
            try? cluster.revive(node: n)
            if let c = try? cluster.connect(node: n) {
                _ = try? c.execute("DROP DATABASE IF EXISTS \(SQLIdentifier.quote(database)) SYNC")
                c.close()
            }
        }
    }

    func topology() throws -> ClusterTopology { try manager.topology() }

    func ingestConfiguration() -> IngestConfiguration {
        var c = IngestConfiguration(connection: cluster.configuration(node: 1), schema: schema)
        c.maxLatency = 0.05
        return c
    }

    /// `SELECT count()` of `from` on node `node`.
    func count(_ from: String, node: Int = 1) throws -> Int {
        let c = try cluster.connect(node: node)
        defer { c.close() }
        return Int(try ResultTable.query("SELECT count() FROM \(from)", on: c).rows.first?.first ?? "") ?? -1
    }
}

/// Organisation ids that land on the given shards (0-based), chosen by the router.
func orgs(onShards shards: [Int], prefix: String = "org") throws -> [String] {
    let router = try ShardRouter(shardCount: TestCluster.shards)
    var out: [String] = []
    var i = 0
    for s in shards {
        while router.shard(of: "\(prefix)\(i)") != s { i += 1 }
        out.append("\(prefix)\(i)")
        i += 1
    }
    return out
}

/// Demo events of `org` (the generator's Raven organisation renamed, another seed per org) and
/// the distinct logical ids each dataset must show once.
func demoEvents(org: String, scale: Double, seed: UInt64) throws -> (lines: [String], expected: [Dataset: Set<String>]) {
    var lines: [String] = []
    try DemoGenerator(scale: scale, seed: seed).generate { lines.append($0.replacingOccurrences(of: #""org_id":"raven""#, with: #""org_id":"\#(org)""#)) }
    let validator = EventValidator()
    var expected: [Dataset: Set<String>] = [:]
    for line in lines {
        guard case .success(let r) = validator.validate(line: Array(line.utf8)) else { continue }
        let key: String
        switch r {
        case .entityOperation(let e): key = e.activityID
        case .workflowExecution(let w): key = w.executionID
        case .journeySession(let s), .portalSession(let s): key = s.id
        case .journeyEvent(let e), .portalEvent(let e): key = e.id
        }
        expected[r.dataset, default: []].insert(key)
    }
    return (lines, expected)
}

/// The `_final` view that shows each row of a dataset once.
let finalViewOf: [Dataset: String] = [
    .entityOperations: "entity_operations_final", .workflowExecutions: "workflow_executions_final",
    .journeySessions: "journey_sessions_final", .journeyEvents: "journey_events_final",
    .portalSessions: "portal_sessions_final", .portalEvents: "portal_events_final",
]
