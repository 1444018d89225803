import CHNative
import Testing
@testable import Datalake

/// CityHash64 v1.0.2 and the shard router without a server: values ClickHouse 26.9's
/// `cityHash64` returned for prefixes of one text, one per length branch of the algorithm.
@Suite("Cluster routing (offline)")
struct ClusterRoutingUnitTests {
    static let text = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 30)
    static let expected: [(Int, UInt64)] = [
        (0, 11160318154034397263), (1, 5570910369516329963), (2, 1543931613479180149), (3, 9456065179546978676),
        (4, 7426151758103449081), (7, 12915914661088991145), (8, 8261970815632334399), (9, 15693689613497209625),
        (15, 14516595473119768720), (16, 3887581654433788716), (17, 17248679875317671279), (31, 2921807510953238776),
        (32, 14343997730508542907), (33, 4305124436332828171), (63, 9478221205505823002), (64, 6345870380579539972),
        (65, 15207162842133252839), (100, 16200338760021650923), (127, 845328721272364622), (128, 4133939211706148414),
        (129, 6396544403935356846), (255, 14285102243790657414), (256, 11396546545990856018), (1000, 3670868610708815251),
    ]

    @Test func cityHash64MatchesTheServer() {
        for (length, hash) in Self.expected {
            #expect(CityHash64.hash(String(Self.text.prefix(length))) == hash, "length \(length)")
        }
    }

    @Test func routerIsTheHashModuloTheShardCount() throws {
        let router = try ShardRouter(shardCount: 3)
        for (length, hash) in Self.expected {
            #expect(router.shard(of: String(Self.text.prefix(length))) == Int(hash % 3))
        }
        #expect(router.shard(of: "raven") == 1 && router.shard(of: "nordwind") == 0 && router.shard(of: "kilowatt") == 2)
        #expect(throws: DatalakeError.self) { try ShardRouter(shardCount: 0) }
    }

    @Test func badClusterLayoutsAreRefused() throws {
        #expect(throws: DatalakeError.self) { try EmbeddedCluster(directory: "/tmp/x", shards: 0, port: 9100) }
        #expect(throws: DatalakeError.self) { try EmbeddedCluster(directory: "/tmp/x", shards: 17, port: 9100) }
        #expect(throws: DatalakeError.self) { try EmbeddedCluster(directory: "/tmp/x", shards: 3, port: 65534) }
        #expect(throws: DatalakeError.self) { try EmbeddedCluster(directory: "/tmp/x", shards: 3, port: 80) }
        let ok = try EmbeddedCluster(directory: "/tmp/x", shards: 3, port: 9100)
        #expect(ok.ports == [9100, 9101, 9102])
    }
}
