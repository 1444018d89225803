/// The `config.xml` elements that make embedded servers the nodes of one cluster.
enum ClusterConfigFiles {
    /// `<remote_servers>` with cluster `name`: one shard per port on 127.0.0.1, one replica each,
    /// with the inter-server `secret` (so a `Distributed` query runs on the other shards as the
    /// user who sent it, under that user's grants and row policies); plus `system.query_log`,
    /// which shows which shards a query reached.
    static func nodeConfig(cluster name: String, ports: [Int], secret: String) -> String {
        nodeConfig(cluster: name, nodes: ports.map { ("127.0.0.1", $0) }, secret: secret)
    }

    /// The same for nodes at any addresses (`host`, native `port`), shard order.
    static func nodeConfig(cluster name: String, nodes: [(host: String, port: Int)], secret: String) -> String {
        let shards = nodes.map { node in
            "<shard><internal_replication>true</internal_replication><replica><host>\(Markup.escape(node.host))</host><port>\(node.port)</port></replica></shard>"
        }.joined(separator: "\n        ")
        return """
            <remote_servers>
                <\(name)>
                    <secret>\(Markup.escape(secret))</secret>
                    \(shards)
                </\(name)>
            </remote_servers>
            <query_log>
                <database>system</database>
                <table>query_log</table>
                <flush_interval_milliseconds>1000</flush_interval_milliseconds>
            </query_log>

        """
    }
}
