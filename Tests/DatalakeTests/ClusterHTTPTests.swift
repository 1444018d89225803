import CHNative
import Foundation
import Testing
@testable import Datalake

/// The answer of a POST made on another thread.
final class PostResult: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Int, String)?
    func set(_ v: (Int, String)) { lock.lock(); value = v; lock.unlock() }
    var get: (Int, String)? { lock.lock(); defer { lock.unlock() }; return value }
}

extension ClusterTests {
    /// `serve --cluster`: HTTP batches are acknowledged once committed on their organisation's
    /// shard; with one node down, other organisations' requests are answered at once and the
    /// dead shard's request is answered (200) once the node is back — each event stored once.
    @Test func httpIngestionRoutesAndWaitsOnlyForTheDeadShard() throws {
        let ids = try orgs(onShards: [0, 1, 2])
        try ClusterLake.with(orgs: ids) { lake in
            var config = lake.ingestConfiguration()
            config.retryFor = 120
            let ingestor = Ingestor(sink: try ShardedBatchWriter(config: config, topology: try lake.topology()),
                                    validator: EventValidator(knownOrgs: Set(ids)), deadLetters: nil)
            let service = IngestService(ingestor: ingestor, token: "t", connection: lake.cluster.configuration(node: 1))
            let server = HTTPServer(port: 0) { service.handle($0) }
            try server.start()
            defer {
                server.stop()
                _ = try? ingestor.finish()
            }
            let http = HTTPTests()
            func batch(_ org: String, _ prefix: String) -> String {
                (0..<20).map { Event.session("\(prefix)-\($0)", org: org, start: "2024-05-01T10:00:00Z") }.joined(separator: "\n")
            }
            for org in ids { #expect(try http.post(server.port, batch(org, "a"), token: "t").0 == 200) }

            let dead = try lake.cluster.node(of: ids[1])
            lake.cluster.kill(node: dead)
            defer { try? lake.cluster.revive(node: dead) }
            let waiting = PostResult()
            let port = server.port
            let body = batch(ids[1], "b")
            let poster = Thread { waiting.set((try? http.post(port, body, token: "t")) ?? (0, "")) }
            poster.start()
            var started = Date()
            for org in [ids[0], ids[2]] { #expect(try http.post(server.port, batch(org, "b"), token: "t").0 == 200) }
            let liveAnswered = Date().timeIntervalSince(started)
            Thread.sleep(forTimeInterval: 2)
            #expect(waiting.get == nil, "the dead shard's request was answered while its node was down")
            started = Date()
            try lake.cluster.revive(node: dead)
            for _ in 0..<600 where waiting.get == nil { Thread.sleep(forTimeInterval: 0.1) }
            #expect(waiting.get?.0 == 200, "\(String(describing: waiting.get))")
            let deadAnswered = Date().timeIntervalSince(started)
            for org in ids {
                #expect(try lake.count(OrgViews(org: try OrgID(org), config: lake.schema).qualifiedName("journey_sessions_final")) == 40, "\(org)")
            }
            print(String(format: "cluster HTTP: with node %d down, the other organisations' batches were acknowledged in %.2f s; the dead shard's batch %.1f s after its node was started again", dead, liveAnswered, deadAnswered))
        }
    }
}
