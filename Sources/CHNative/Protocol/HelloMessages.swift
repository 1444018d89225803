/// The client's Hello: who it is and which revision it speaks; the first packet on every
/// connection.
package struct ClientHello: Equatable, Sendable {
    package var clientName: String
    package var versionMajor: UInt64
    package var versionMinor: UInt64
    package var revision: UInt64
    package var database: String
    package var user: String
    package var password: String

    package init(clientName: String, versionMajor: UInt64 = ClientInfoWriter.versionMajor,
                 versionMinor: UInt64 = ClientInfoWriter.versionMinor, revision: UInt64 = ProtocolRevision.current,
                 database: String, user: String, password: String) {
        self.clientName = clientName
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.revision = revision
        self.database = database
        self.user = user
        self.password = password
    }

    package func encode(to w: WriteBuffer) {
        w.writeVarUInt(ClientPacket.hello.rawValue)
        w.writeString(clientName)
        w.writeVarUInt(versionMajor)
        w.writeVarUInt(versionMinor)
        w.writeVarUInt(revision)
        w.writeString(database)
        w.writeString(user)
        w.writeString(password)
    }
}

/// The server's Hello (after its packet type): name, version, revision and, by revision, the
/// timezone, display name, patch version, password rules and the inter-server nonce.
package struct ServerHello: Equatable, Sendable {
    package var name: String
    package var versionMajor: UInt64
    package var versionMinor: UInt64
    /// The server's own revision.
    package var revision: UInt64
    /// The revision both sides speak.
    package var negotiatedRevision: UInt64
    package var timezone = ""
    package var displayName = ""
    package var versionPatch: UInt64
    /// `(pattern, message)` password complexity rules (revision 54461 on).
    package var passwordRules: [(String, String)] = []

    package static func == (a: ServerHello, b: ServerHello) -> Bool {
        a.info == b.info && a.passwordRules.elementsEqual(b.passwordRules) { $0 == $1 }
    }

    /// Decodes the body of a Hello packet from a server, for a client speaking `clientRevision`.
    package static func decode(from r: ReadBuffer, clientRevision: UInt64 = ProtocolRevision.current) throws -> ServerHello {
        let name = try r.readString()
        let major = try r.readVarUInt()
        let minor = try r.readVarUInt()
        let serverRevision = try r.readVarUInt()
        let revision = min(serverRevision, clientRevision)
        var hello = ServerHello(name: name, versionMajor: major, versionMinor: minor, revision: serverRevision,
                                negotiatedRevision: revision, versionPatch: serverRevision)
        if revision >= ProtocolRevision.withServerTimezone { hello.timezone = try r.readString() }
        if revision >= ProtocolRevision.withServerDisplayName { hello.displayName = try r.readString() }
        if revision >= ProtocolRevision.withVersionPatch { hello.versionPatch = try r.readVarUInt() }
        if revision >= ProtocolRevision.withPasswordComplexityRules {
            let rules = try r.readLength(limit: 10_000, what: "password rule count")
            for _ in 0..<rules { hello.passwordRules.append((try r.readString(), try r.readString())) }
        }
        if revision >= ProtocolRevision.withInterserverSecretV2 { _ = try r.readLE(UInt64.self) }
        return hello
    }

    /// What a ``Connection`` reports about the server.
    package var info: ServerInfo {
        ServerInfo(name: name, versionMajor: versionMajor, versionMinor: versionMinor, versionPatch: versionPatch,
                   revision: revision, negotiatedRevision: negotiatedRevision, timezone: timezone, displayName: displayName)
    }
}

/// The client's Query packet (after its type varint): query id, client info, settings, the
/// inter-server secret (empty), stage, whether blocks are compressed, the text and its
/// parameters — the fields present depend on the negotiated revision. The empty Data packet
/// that ends external tables follows it on the wire.
package struct QueryMessage {
    package var queryID: String
    package var clientName: String
    package var quotaKey: String
    package var settings: [String: String]
    package var stage: QueryStage = .complete
    package var compressed: Bool
    package var sql: String
    package var parameters: [String: String]

    package init(queryID: String, clientName: String, quotaKey: String, settings: [String: String], compressed: Bool,
                 sql: String, parameters: [String: String]) {
        self.queryID = queryID
        self.clientName = clientName
        self.quotaKey = quotaKey
        self.settings = settings
        self.compressed = compressed
        self.sql = sql
        self.parameters = parameters
    }

    package func encode(to output: WriteBuffer, revision: UInt64) {
        output.writeVarUInt(ClientPacket.query.rawValue)
        output.writeString(queryID)
        if revision >= ProtocolRevision.withClientInfo {
            ClientInfoWriter(clientName: clientName, quotaKey: quotaKey, queryID: queryID).write(to: output, revision: revision)
        }
        SettingsWriter.writeSettings(settings, to: output, revision: revision)
        if revision >= ProtocolRevision.withInterserverSecret { output.writeString("") }
        output.writeVarUInt(stage.rawValue)
        output.writeVarUInt(compressed ? 1 : 0)
        output.writeString(sql)
        if revision >= ProtocolRevision.withParameters { SettingsWriter.writeParameters(parameters, to: output) }
    }
}
