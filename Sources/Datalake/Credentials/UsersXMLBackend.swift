import CHNative
import Foundation

/// Provisions credentials as a users XML file, for servers configured by files: the embedded
/// server (which reads users only at start-up, so it is restarted) and file-configured servers
/// (which re-read `users.d/` by themselves).
///
/// The file holds the settings profile, the quota and one user per active credential with its
/// password's SHA-256, its grants and its row filters. It is re-written whole on every change.
public struct UsersXMLBackend: CredentialBackend {
    /// How the server learns about a changed file.
    public enum Reload: Sendable, Hashable {
        /// The server re-reads its users files by itself (ClickHouse server with `users.d/`).
        case serverWatchesFiles
        /// Restart the embedded server in this directory if it is running.
        case restartEmbedded(directory: String)
    }

    /// The file written, e.g. `<server>/users.d/datalake-credentials.xml`.
    public let file: String
    /// How the change is applied.
    public let reload: Reload
    /// What credentials may do.
    public let policy: AccessPolicy
    /// The warehouse database.
    public let schema: SchemaConfiguration

    public var name: String { "users-xml" }

    /// A backend writing `file`.
    public init(file: String, reload: Reload, policy: AccessPolicy = AccessPolicy(), schema: SchemaConfiguration) {
        self.file = file
        self.reload = reload
        self.policy = policy
        self.schema = schema
    }

    /// The backend of the embedded server in `directory`: `users.d/datalake-credentials.xml`, restarted to apply.
    public static func embedded(directory: String, policy: AccessPolicy = AccessPolicy(), schema: SchemaConfiguration) -> UsersXMLBackend {
        UsersXMLBackend(file: directory + "/users.d/datalake-credentials.xml",
                        reload: .restartEmbedded(directory: directory), policy: policy, schema: schema)
    }

    public func provision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        try write(active)
    }

    public func deprovision(_ credential: Credential, active: [Credential], admin: ConnectionConfiguration) throws {
        try write(active)
    }

    /// Writes the file for `active` atomically (mode 0600) and applies it.
    public func write(_ active: [Credential]) throws {
        let url = URL(fileURLWithPath: file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temp = file + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: Data(render(active).utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DatalakeError.serverFailed("cannot write \(temp)")
        }
        guard rename(temp, file) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw DatalakeError.serverFailed("cannot replace \(file): \(reason)")
        }
        try apply()
    }

    func apply() throws {
        switch reload {
        case .serverWatchesFiles:
            return
        case .restartEmbedded(let directory):
            let probe = EmbeddedServer(directory: directory)
            guard probe.runningPID != nil else { return }
            let server = EmbeddedServer(directory: directory, port: probe.recordedPort ?? probe.port)
            try server.restart()
        }
    }

    /// The XML text for `active`.
    public func render(_ active: [Credential]) -> String {
        let x = Markup.escape
        var s = "<clickhouse>\n"
        s += "    <!-- Written by `datalake credentials`; re-written whole on every change. Passwords appear only as SHA-256. -->\n"
        s += "    <profiles>\n        <\(AccessPolicy.profileName)>\n"
        for setting in policy.profileSettings { s += "            <\(setting.name)>\(x(setting.value))</\(setting.name)>\n" }
        s += "            <constraints>\n"
        for setting in policy.profileSettings {
            switch setting.constraint {
            case .const: s += "                <\(setting.name)><const/></\(setting.name)>\n"
            case .max(let m): s += "                <\(setting.name)><max>\(x(m))</max></\(setting.name)>\n"
            }
        }
        s += "            </constraints>\n        </\(AccessPolicy.profileName)>\n    </profiles>\n"
        s += "    <quotas>\n        <\(AccessPolicy.quotaName)>\n            <interval>\n"
        s += "                <duration>3600</duration>\n"
        s += "                <queries>\(policy.queriesPerHour)</queries>\n"
        s += "                <result_rows>\(policy.resultRowsPerHour)</result_rows>\n"
        s += "                <execution_time>\(policy.executionSecondsPerHour)</execution_time>\n"
        s += "            </interval>\n        </\(AccessPolicy.quotaName)>\n    </quotas>\n"
        s += "    <users>\n"
        for c in active {
            // User names passed `Credential.validateUsername`-compatible generation: valid XML names.
            s += "        <\(c.username)>\n"
            s += "            <password_sha256_hex>\(x(c.passwordSHA256))</password_sha256_hex>\n"
            s += "            <networks><ip>::/0</ip></networks>\n"
            s += "            <default_database>\(x(schema.database))</default_database>\n"
            s += "            <profile>\(AccessPolicy.profileName)</profile>\n"
            s += "            <quota>\(AccessPolicy.quotaName)</quota>\n"
            s += "            <grants>\n"
            for p in SQLCredentialStatements(schema: schema, policy: policy).privileges(for: c) {
                s += "                <query>\(x("GRANT " + p))</query>\n"
            }
            s += "            </grants>\n"
            s += "            <databases>\n                <\(schema.database)>\n"
            for t in AccessPolicy.filteredTables(schema) {
                s += "                    <\(t)><filter>\(x(AccessPolicy.rowFilter(of: c.org)))</filter></\(t)>\n"
            }
            s += "                </\(schema.database)>\n            </databases>\n"
            s += "        </\(c.username)>\n"
        }
        s += "    </users>\n</clickhouse>\n"
        return s
    }
}
