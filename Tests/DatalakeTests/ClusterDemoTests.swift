import CHNative
import Foundation
import Testing
@testable import Datalake
@testable import DatalakeDemo

extension ClusterTests {
    /// The cluster demo loads three organisations over the shards; Raven's three reports and
    /// view counts are exactly the single-node demo's for the same seed.
    @Test func demoOnTheClusterEqualsSingleNode() throws {
        let scale = 0.05
        try ClusterLake.with(orgs: []) { lake in
            var runner = ClusterDemoRunner(cluster: lake.cluster.cluster)
            runner.scale = scale
            runner.database = lake.database
            var output: [String] = []
            try runner.run { output.append($0) }
            let shards = Set(try ClusterDemoRunner.organisations.map { try lake.cluster.node(of: $0.id) })
            #expect(shards.count >= 2, "the demo organisations share one shard")

            try TestLake.with(orgs: ["raven"]) { single in
                var lines: [String] = []
                _ = try DemoGenerator(scale: scale).generate { lines.append($0) }
                #expect(try single.ingest(lines).isEmpty)
                let entry = try lake.cluster.connect(node: 1)
                defer { entry.close() }
                let raven = try OrgID("raven")
                for (clustered, alone) in zip(try Self.reports("raven", lake.schema), try Self.reports("raven", single.schema)) {
                    let a = try clustered.run(on: entry)
                    let b = try alone.run(on: single.conn)
                    #expect(!b.rows.isEmpty)
                    #expect(a.columns == b.columns && a.rows == b.rows, "\(clustered.name) differs")
                    #expect(a.formatted() == b.formatted())
                }
                for suffix in OrgViews.suffixes {
                    let onCluster = try lake.count(OrgViews(org: raven, config: lake.schema).qualifiedName(suffix), node: 1)
                    let onOne = try single.count(try single.view("raven", suffix))
                    #expect(onCluster == onOne, "\(suffix): cluster \(onCluster), single node \(onOne)")
                }
            }
            print("cluster demo: " + output.filter { $0.contains("rows on node") || $0.contains("events accepted") }.joined(separator: " | "))
        }
    }
}
