import CHNative

/// Opens one connection per node.
enum ClusterConnections {
    /// Connections to the nodes that answer, in node order, and the others with the reason.
    static func open(_ nodes: [ClusterNode], base: ConnectionConfiguration) -> (open: [(ClusterNode, Connection)], unreachable: [(ClusterNode, String)]) {
        var open: [(ClusterNode, Connection)] = []
        var unreachable: [(ClusterNode, String)] = []
        for node in nodes {
            do {
                open.append((node, try Connection(configuration: node.configuration(from: base))))
            } catch {
                unreachable.append((node, String(describing: error)))
            }
        }
        return (open, unreachable)
    }
}
