import CHNative
import Synchronization

/// One native-protocol connection of an ODBC connection, and the statement whose open
/// cursor is reading from it (a ClickHouse connection runs one query at a time).
final class Session {
    let connection: Connection
    /// The statement reading from it (its identity only: no reference, so statements keep
    /// plain reference counting on the hot path).
    var owner: ObjectIdentifier?

    init(connection: Connection) { self.connection = connection }
}

/// A connection handle: settings, attributes and the native connections behind it.
///
/// The first native connection is opened by `SQLConnect`/`SQLDriverConnect`. When a
/// statement executes while another statement of the same ODBC connection still has an open
/// cursor, a second native connection is opened for it instead of cutting the first cursor off.
final class ConnectionHandle: ODBCHandle, @unchecked Sendable {
    unowned let environment: EnvironmentHandle
    var settings: ConnectionSettings?
    var sessions: [Session] = []
    var statements: [StatementHandle] = []
    var explicitDescriptors: [DescriptorHandle] = []
    var autocommit: Int = Int(K.SQL_AUTOCOMMIT_ON)
    var accessMode: Int = Int(K.SQL_MODE_READ_WRITE)
    var loginTimeout: Double?
    var connectionTimeout: Int = 0
    var metadataID = false
    var txnIsolation: Int = 0
    var packetSize: Int = 0
    /// The application connected through a `W` call: text is reported as SQL_WVARCHAR.
    var wide = false
    var currentDatabase = ""

    init(environment: EnvironmentHandle) {
        self.environment = environment
        super.init(kind: .connection, lock: HandleLock())
    }

    var isConnected: Bool { settings != nil && !sessions.isEmpty }

    var typeOptions: TypeOptions {
        TypeOptions(wide: wide, stringMaxLength: settings?.stringMaxLength, hugeIntAsString: settings?.hugeIntAsString ?? false)
    }

    var serverInfo: ServerInfo? { sessions.first?.connection.serverInfo }

    /// Opens the first native connection. ClickHouse settings given with the connection are
    /// resolved and checked here: keys that may name a setting are looked up in the server's
    /// `system.settings`, and the server must accept every setting (name and value) before the
    /// connection counts as open, so a wrong one fails now instead of every later query.
    func connect(_ requested: ConnectionSettings) throws {
        guard sessions.isEmpty else { throw ODBCError("08002", "connection name in use: the connection is already open") }
        var settings = requested
        func open() throws -> Connection {
            var configuration = settings.configuration(loginTimeout: loginTimeout)
            if !currentDatabase.isEmpty && settings.database.isEmpty { configuration.database = currentDatabase }
            do {
                return try Connection(configuration: configuration)
            } catch {
                throw ODBCError.from(error, connecting: true)
            }
        }
        var connection = try open()
        if !settings.settingCandidates.isEmpty || !settings.serverSettings.isEmpty {
            do {
                let given = settings.serverSettings.count
                let names = settings.settingNamesToCheck.map { ParameterMarkers.quote(Array($0.utf8)) }
                var known: [String] = []
                for block in try connection.queryAll("SELECT name FROM system.settings WHERE lower(name) IN (\(names.joined(separator: ", ")))") {
                    guard let column = block.columns.first else { continue }
                    let cursor = ColumnCursor(column)
                    for row in 0..<block.rowCount {
                        if let r = cursor.resolve(row) { known.append(String(decoding: cursor.text(r), as: UTF8.self)) }
                    }
                }
                try settings.adopt(serverSettingNames: known)
                if settings.serverSettings.count > given {
                    connection.close()
                    connection = try open()
                }
                // The server checks the values (and whether this user may change them).
                if !settings.serverSettings.isEmpty { _ = try connection.queryAll("SELECT 1") }
            } catch {
                connection.close()
                let e = ODBCError.from(error, connecting: true)
                let list = settings.serverSettings.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
                throw ODBCError("HY024", "the ClickHouse settings of the connection string (\(list)) were refused: \(e.message)", native: e.nativeError)
            }
        }
        self.settings = settings
        currentDatabase = connection.configuration.database
        sessions = [Session(connection: connection)]
        if currentDatabase.isEmpty {
            // The server names the user's default database; a failure here fails the connect.
            guard let name = try scalar("SELECT currentDatabase()", session: sessions[0]) else {
                throw ODBCError("HY000", "the server did not name the current database")
            }
            currentDatabase = name
        }
    }

    /// A native connection free for `statement` (opening another one if all are busy).
    func lease(for statement: StatementHandle) throws -> Session {
        guard let settings else { throw ODBCError("08003", "connection not open") }
        if sessions.count > 1 { sessions.removeAll { !$0.connection.isUsable && $0.owner == nil } }
        if let mine = sessions.first(where: { $0.owner == ObjectIdentifier(statement) && $0.connection.isUsable }) { return mine }
        if let free = sessions.first(where: { $0.owner == nil && $0.connection.isUsable }) {
            free.owner = ObjectIdentifier(statement)
            return free
        }
        var configuration = settings.configuration(loginTimeout: loginTimeout)
        configuration.database = currentDatabase
        do {
            let session = Session(connection: try Connection(configuration: configuration))
            session.owner = ObjectIdentifier(statement)
            sessions.append(session)
            return session
        } catch {
            throw ODBCError.from(error)
        }
    }

    func release(_ session: Session?) {
        session?.owner = nil
        // Keep at most two idle native connections.
        let idle = sessions.filter { $0.owner == nil }
        if idle.count > 2 {
            for extra in idle.dropFirst(2) {
                extra.connection.close()
                sessions.removeAll { $0 === extra }
            }
        }
    }

    /// Runs `sql` on a free session and returns the first column of the first row as text.
    func scalar(_ sql: String, session: Session? = nil) throws -> String? {
        let s: Session
        if let session { s = session } else {
            guard let free = sessions.first(where: { $0.owner == nil && $0.connection.isUsable }) ?? sessions.first else {
                throw ODBCError("08003", "connection not open")
            }
            s = free
        }
        let result = try s.connection.query(sql)
        var answer: String?
        while let block = try result.next() {
            if answer == nil, block.rowCount > 0, let column = block.columns.first {
                let cursor = ColumnCursor(column)
                if let r = cursor.resolve(0) { answer = String(decoding: cursor.text(r), as: UTF8.self) }
            }
        }
        return answer
    }

    /// Switches the default database of every native connection (`SQL_ATTR_CURRENT_CATALOG`).
    func use(database: String) throws {
        for s in sessions where s.connection.isUsable {
            do {
                try s.connection.execute("USE " + SQLIdentifier.quote(database))
            } catch {
                throw ODBCError.from(error)
            }
        }
        currentDatabase = database
    }

    func disconnect() {
        for s in sessions { s.connection.close() }
        sessions = []
        settings = nil
    }

    /// Whether the first native connection is broken (`SQL_ATTR_CONNECTION_DEAD`).
    var isDead: Bool { !(sessions.first?.connection.isUsable ?? false) }
}
