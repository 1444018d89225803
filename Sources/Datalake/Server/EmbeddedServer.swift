import CHNative
import Foundation

/// Runs ClickHouse 26.9 from PyPI `chdb-core` as a real native-protocol server on loopback,
/// in the background, with a persistent data directory.
public struct EmbeddedServer: Sendable {
    /// Directory with `config.xml`, `users.xml`, the launcher, the pid file, the log and `data/`.
    public let directory: String
    /// Native protocol port.
    public let port: Int
    /// HTTP port (the listener is not started; the port is reserved in the config).
    public let httpPort: Int
    /// More `config.xml` elements (e.g. a cluster node's `<remote_servers>` and `<query_log>`),
    /// written inside `<clickhouse>` at every start.
    public let extraConfig: String
    /// The address the server listens on (loopback; another one for a node in a network namespace).
    public var listenHost = "127.0.0.1"
    /// Words put before the launcher's command, e.g. `["ip", "netns", "exec", "NAME"]` to run the
    /// server in a network namespace of its own (outage tests).
    public var launchPrefix: [String] = []

    /// Describes a server in `directory` on `port`.
    public init(directory: String, port: Int = 9000, httpPort: Int? = nil, extraConfig: String = "") {
        self.directory = (directory as NSString).standardizingPath
        self.port = port
        self.httpPort = httpPort ?? port + 1
        self.extraConfig = extraConfig
    }

    /// The default data directory: `$DATALAKE_HOME` or `~/.datalake/server`.
    public static var defaultDirectory: String {
        if let home = ProcessInfo.processInfo.environment["DATALAKE_HOME"] { return home + "/server" }
        return NSHomeDirectory() + "/.datalake/server"
    }

    var pidFile: String { directory + "/server.pid" }
    var portFile: String { directory + "/server.port" }
    var logFile: String { directory + "/server.log" }
    var identityFile: String { directory + "/server.identity" }
    /// The users file the server reads at start-up.
    public var usersFile: String { directory + "/users.xml" }

    /// The pid of the running server, if its pid file (written by the launcher itself) names a
    /// live process. An exited process that nobody has reaped yet (a zombie) is not running.
    public var runningPID: Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              Self.isAlive(pid) else { return nil }
        return pid
    }

    /// Whether `pid` names a process that has not exited.
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 && !isZombie(pid)
    }

    /// Whether `/proc` shows `pid` as exited but not reaped.
    static func isZombie(_ pid: Int32) -> Bool { processState("/proc/\(pid)/stat") == "Z" }

    /// The state letter (`R`, `S`, `T`, `Z`, ...) in a `/proc/.../stat` file of a process or
    /// thread; `nil` when it cannot be read (the process is gone).
    static func processState(_ statFile: String) -> Character? {
        guard let stat = try? String(contentsOfFile: statFile, encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[close...].dropFirst().trimmingCharacters(in: .whitespaces).first
    }

    /// The display name this directory's server announces in its Hello: a random token made at
    /// the first start and kept, so a probe can tell this server from any other on the port.
    public var displayName: String? {
        (try? String(contentsOfFile: identityFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The port recorded by the last start (the server may have been started with another one).
    public var recordedPort: Int? {
        (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether this directory's server answers a native Ping on `port` (checked by the display
    /// name in its Hello). With `anyServer`, whether any ClickHouse answers there.
    public func isAnswering(port: Int? = nil, anyServer: Bool = false) -> Bool {
        var timeouts = Timeouts()
        timeouts.connect = 2
        timeouts.read = 5
        guard let c = try? Connection(configuration: ConnectionConfiguration(host: listenHost, port: port ?? self.port, timeouts: timeouts)) else { return false }
        defer { c.close() }
        guard anyServer || (displayName.map { c.serverInfo.displayName == $0 } ?? false) else { return false }
        return (try? c.ping()) != nil
    }

    /// Starts the server unless it already runs; waits until it answers (up to `timeout` s).
    /// Returns `false` when it was already running.
    @discardableResult
    public func start(timeout: Double = 90) throws -> Bool {
        if runningPID != nil, isAnswering(port: recordedPort ?? port) { return false }
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        if !fm.fileExists(atPath: usersFile) {
            try EmbeddedServerFiles.defaultUsers().write(toFile: usersFile, atomically: true, encoding: .utf8)
        }
        let identity: String
        if let known = displayName, !known.isEmpty {
            identity = known
        } else {
            identity = "datalake-" + UUID().uuidString.lowercased()
            try (identity + "\n").write(toFile: identityFile, atomically: true, encoding: .utf8)
        }
        try EmbeddedServerFiles.config(tcpPort: port, httpPort: httpPort, dataDirectory: directory + "/data",
                                       usersFile: usersFile, displayName: identity, extra: try persistentExtraConfig(),
                                       listenHost: listenHost)
            .write(toFile: directory + "/config.xml", atomically: true, encoding: .utf8)
        try EmbeddedServerFiles.launcher.write(toFile: directory + "/launcher.py", atomically: true, encoding: .utf8)
        if isAnswering(anyServer: true) {
            throw DatalakeError.serverFailed("port \(port) is already served by another ClickHouse; choose another with --port")
        }
        let python = ProcessInfo.processInfo.environment["DATALAKE_PYTHON"] ?? "python3"
        try? FileManager.default.removeItem(atPath: pidFile)
        // The launcher writes its own pid (after leaving this session), so the pid file names
        // the server process itself whatever the shell and `nohup` do.
        let prefix = launchPrefix.map { shellQuote($0) + " " }.joined()
        let script = "cd \(shellQuote(directory)) && (nohup \(prefix)\(shellQuote(python)) launcher.py > server.log 2>&1 < /dev/null &)"
        try runShell(script)
        var launched: Int32?
        for _ in 0..<200 {
            launched = runningPID
            if launched != nil { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let pid = launched else {
            throw DatalakeError.serverFailed("could not start the launcher:\n\(logTail())")
        }
        try "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isAnswering() { return true }
            if !Self.isAlive(pid) {
                throw DatalakeError.serverFailed("the embedded server exited during start-up:\n\(logTail())")
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        stop()
        throw DatalakeError.serverFailed("the embedded server did not answer on port \(port) within \(Int(timeout)) s:\n\(logTail())")
    }

    var extraConfigFile: String { directory + "/config.extra.xml" }

    /// ``extraConfig``, kept in the directory (mode 0600: it may hold the cluster's secret) so
    /// that whoever restarts this directory's server later — e.g. to apply a changed users
    /// file — starts it with the same configuration; when empty, the kept one.
    func persistentExtraConfig() throws -> String {
        guard !extraConfig.isEmpty else {
            return (try? String(contentsOfFile: extraConfigFile, encoding: .utf8)) ?? ""
        }
        guard FileManager.default.createFile(atPath: extraConfigFile, contents: Data(extraConfig.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DatalakeError.serverFailed("cannot write \(extraConfigFile)")
        }
        return extraConfig
    }

    /// Stops the server (SIGTERM to its process group, then SIGKILL). Returns whether one was running.
    @discardableResult
    public func stop() -> Bool {
        guard let pid = runningPID else {
            try? FileManager.default.removeItem(atPath: pidFile)
            return false
        }
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        for _ in 0..<20 where Self.isAlive(pid) { Thread.sleep(forTimeInterval: 0.1) }
        if Self.isAlive(pid) {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            for _ in 0..<20 where Self.isAlive(pid) { Thread.sleep(forTimeInterval: 0.1) }
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        return true
    }

    /// Restarts the server (to apply a changed users file).
    public func restart(timeout: Double = 90) throws {
        stop()
        try start(timeout: timeout)
    }

    /// The last lines of the server log.
    public func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

func shellQuote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Runs `/bin/sh -c script` with standard streams on `/dev/null` (so background children
/// hold no pipe of ours) and waits for the shell itself to exit.
func runShell(_ script: String) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in 0...2 {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    Spawn.prepare(&actions, &attributes)
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
    defer { for p in argv { free(p) } }
    let rc = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
    guard rc == 0 else { throw DatalakeError.serverFailed("cannot run /bin/sh: \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
}

/// Errors of the data lake layer.
public enum DatalakeError: Error, CustomStringConvertible, Sendable {
    case serverFailed(String)
    case invalidInput(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .serverFailed(let m): return "server: \(m)"
        case .invalidInput(let m): return m
        case .notFound(let m): return m
        }
    }
}
