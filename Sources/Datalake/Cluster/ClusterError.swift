/// Failures that concern particular nodes of a cluster; every message names the nodes.
public enum ClusterError: Error, CustomStringConvertible, Sendable {
    /// These nodes could not be reached (each with the reason).
    case nodesUnreachable([(ClusterNode, String)])
    /// The nodes' schemas differ.
    case nodesDisagree(String)
    /// A node answered with an error.
    case nodeFailed(ClusterNode, String)

    public var description: String {
        switch self {
        case .nodesUnreachable(let nodes):
            return nodes.map { "node \($0.0) is unreachable: \($0.1)" }.joined(separator: "; ")
                + " — run the command again when \(nodes.count == 1 ? "it is" : "they are") back"
        case .nodesDisagree(let message):
            return message
        case .nodeFailed(let node, let message):
            return "on node \(node): \(message)"
        }
    }

    /// Runs `body`, naming `node` in any error it throws.
    static func on<R>(_ node: ClusterNode, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as ClusterError {
            throw error
        } catch {
            throw ClusterError.nodeFailed(node, String(describing: error))
        }
    }
}
