import Foundation

/// Several embedded ClickHouse 26.9 servers (``EmbeddedServer``) on loopback forming cluster
/// `lake`: node *i* (1-based) listens on `port + i − 1` and is shard *i* of one replica.
///
/// The layout (shards, first port) is kept in `cluster.conf` of the directory, so `status` and
/// `stop` need only the directory, and a directory made for N shards is never started with
/// another count (its rows are placed by `cityHash64(org_id) % N`). Every node is an
/// ``EmbeddedServer`` with its own identity, so nothing else on a port is ever taken for a
/// node, reused or stopped.
public struct EmbeddedCluster: Sendable {
    /// The cluster's name in `<remote_servers>`.
    public static let clusterName = "lake"
    /// The most shards `start` accepts (each node is a whole server process).
    public static let maxShards = 16

    /// Directory holding `cluster.conf`, `cluster.secret` and `node1` … `nodeN`.
    public let directory: String
    /// Number of shards (= nodes).
    public let shards: Int
    /// Native port of node 1; node *i* uses `port + i − 1`.
    public let port: Int

    /// The default directory: `$DATALAKE_HOME/cluster` or `~/.datalake/cluster`.
    public static var defaultDirectory: String {
        if let home = ProcessInfo.processInfo.environment["DATALAKE_HOME"] { return home + "/cluster" }
        return NSHomeDirectory() + "/.datalake/cluster"
    }

    /// A cluster of `shards` nodes from `port` in `directory`; checks the counts and ports.
    public init(directory: String, shards: Int, port: Int) throws {
        guard (1...Self.maxShards).contains(shards) else {
            throw DatalakeError.invalidInput("--shards must be between 1 and \(Self.maxShards), not \(shards)")
        }
        guard port >= 1024, port + 2 * shards - 1 <= 65535 else {
            throw DatalakeError.invalidInput("--port \(port) with \(shards) shards needs ports \(port)…\(port + 2 * shards - 1) within 1024…65535")
        }
        self.directory = (directory as NSString).standardizingPath
        self.shards = shards
        self.port = port
    }

    /// The cluster recorded in `directory` by an earlier `start`; `nil` when there is none.
    public static func recorded(in directory: String) throws -> EmbeddedCluster? {
        let dir = (directory as NSString).standardizingPath
        guard let text = try? String(contentsOfFile: dir + "/cluster.conf", encoding: .utf8) else { return nil }
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Int(kv[1].trimmingCharacters(in: .whitespaces)) {
                values[kv[0].trimmingCharacters(in: .whitespaces)] = v
            }
        }
        guard let shards = values["shards"], let port = values["port"] else {
            throw DatalakeError.invalidInput("\(dir)/cluster.conf is damaged (expected shards= and port=)")
        }
        return try EmbeddedCluster(directory: dir, shards: shards, port: port)
    }

    /// The native ports of the nodes, node 1 first.
    public var ports: [Int] { (0..<shards).map { port + $0 } }

    /// The nodes as servers (their HTTP ports, reserved but never opened, follow the native ones).
    public func servers(secret: String = "") -> [EmbeddedServer] {
        (0..<shards).map { i in
            EmbeddedServer(directory: directory + "/node\(i + 1)", port: port + i, httpPort: port + shards + i,
                           extraConfig: ClusterConfigFiles.nodeConfig(cluster: Self.clusterName, ports: ports, secret: secret))
        }
    }

    /// The nodes as `system.clusters` will list them.
    public var nodes: [ClusterNode] {
        ports.enumerated().map { ClusterNode(shard: $0.offset + 1, host: "127.0.0.1", port: $0.element) }
    }

    var confFile: String { directory + "/cluster.conf" }
    var secretFile: String { directory + "/cluster.secret" }

    /// Starts every node that is not running and waits until all answer. Refuses, starting
    /// nothing, when the directory holds another layout or a port is taken by anything but
    /// this cluster's own node; if a node fails to start, the nodes this call started are
    /// stopped again. Returns how many nodes it started.
    @discardableResult
    public func start(timeout: Double = 90) throws -> Int {
        if let existing = try Self.recorded(in: directory), existing.shards != shards || existing.port != port {
            throw DatalakeError.invalidInput(
                "\(directory) holds a cluster of \(existing.shards) shards from port \(existing.port); its rows are placed for that layout: start it with --shards \(existing.shards) --port \(existing.port), or use another --data")
        }
        let current = servers()
        var toStart: [Int] = []
        for (i, server) in current.enumerated() {
            if server.runningPID != nil, server.isAnswering() {
                if isConfiguredAsMember(server) { continue }
                // Our own node, restarted by something that did not know the cluster: bring it back as a member.
                server.stop()
                for _ in 0..<50 where !PortProbe.isFree(server.port) { Thread.sleep(forTimeInterval: 0.1) }
            }
            for p in [server.port, server.httpPort] where !PortProbe.isFree(p) {
                throw DatalakeError.serverFailed("port \(p) (node \(i + 1)) is in use by another process; choose another --port (nothing was started)")
            }
            toStart.append(i)
        }
        guard !toStart.isEmpty else { return 0 }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let secret = try loadOrCreateSecret()
        let configured = servers(secret: secret)
        for server in configured where !FileManager.default.fileExists(atPath: server.usersFile) {
            try FileManager.default.createDirectory(atPath: server.directory, withIntermediateDirectories: true)
            // Queries naming one organisation (`org_id = …`, the sharding key) go to its shard only.
            try EmbeddedServerFiles.defaultUsers(defaultProfile: "<optimize_skip_unused_shards>1</optimize_skip_unused_shards>")
                .write(toFile: server.usersFile, atomically: true, encoding: .utf8)
        }
        var started: [EmbeddedServer] = []
        var failing = 0
        do {
            for i in toStart {
                failing = i + 1
                try configured[i].start(timeout: timeout)
                started.append(configured[i])
            }
        } catch {
            for s in started { s.stop() }
            throw DatalakeError.serverFailed("node \(failing) did not start (the nodes this command started were stopped again): \(error)")
        }
        try "shards=\(shards)\nport=\(port)\n".write(toFile: confFile, atomically: true, encoding: .utf8)
        return started.count
    }

    /// Whether `server`'s `config.xml` names this cluster with every node's port.
    func isConfiguredAsMember(_ server: EmbeddedServer) -> Bool {
        guard let config = try? String(contentsOfFile: server.directory + "/config.xml", encoding: .utf8) else { return false }
        return config.contains("<remote_servers>") && config.contains("<\(Self.clusterName)>")
            && ports.allSatisfy { config.contains("<port>\($0)</port>") }
    }

    /// Stops the nodes this directory started; returns how many were running.
    @discardableResult
    public func stop() -> Int {
        servers().reduce(0) { $0 + ($1.stop() ? 1 : 0) }
    }

    /// Stops one node (1-based) — for tests and outage drills.
    @discardableResult
    public func stop(node: Int) -> Bool {
        guard (1...shards).contains(node) else { return false }
        return servers()[node - 1].stop()
    }

    /// Starts one node (1-based) again.
    public func start(node: Int, timeout: Double = 90) throws {
        guard (1...shards).contains(node) else { throw DatalakeError.invalidInput("no node \(node) in a cluster of \(shards)") }
        try servers(secret: try loadOrCreateSecret())[node - 1].start(timeout: timeout)
    }

    /// One node's state.
    public struct NodeStatus: Sendable {
        /// The node.
        public let node: ClusterNode
        /// Its server's pid when it runs and answers as itself.
        public let pid: Int32?
        /// Its data directory.
        public let directory: String
    }

    /// The state of every node.
    public func status() -> [NodeStatus] {
        zip(nodes, servers()).map { node, server in
            let pid = server.runningPID.flatMap { server.isAnswering() ? $0 : nil }
            return NodeStatus(node: node, pid: pid, directory: server.directory)
        }
    }

    /// The inter-server secret, made at the first start and kept (mode 0600).
    func loadOrCreateSecret() throws -> String {
        if let s = try? String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty {
            return s
        }
        let secret = try Secrets.newPassword()
        guard FileManager.default.createFile(atPath: secretFile, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DatalakeError.serverFailed("cannot write \(secretFile)")
        }
        return secret
    }
}
