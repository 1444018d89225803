/// The `config.xml` elements that make embedded servers the nodes of one cluster.
enum ClusterConfigFiles {
    /// `<remote_servers>` with cluster `name`: one shard per port on 127.0.0.1, one replica each,
    /// with the inter-server `secret` (so a `Distributed` query runs on the other shards as the
    /// user who sent it, under that user's grants and row policies); plus `system.query_log`,
    /// which shows which shards a query reached.
    static func nodeConfig(cluster name: String, ports: [Int], secret: String) -> String {
        let shards = ports.map { port in
            "<shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>\(port)</port></replica></shard>"
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
