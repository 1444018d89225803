import CHODBCShim
/// The fuzz entry point of the connection-string parser (`chodbc-fuzz`, scripts/fuzz.sh
/// odbc-connstr; the kept corpus is replayed by `ConnectionStringFuzzReplayTests`). Nothing
/// else calls it.
///
/// The input is the text an application passes to `SQLDriverConnect` (UTF-8, invalid sequences
/// repaired). It is parsed and resolved like a connection; a string that resolves must give a
/// configuration, and the completed string the driver hands back must parse and resolve again
/// to the same server, database, user, password and TLS choice. Only ``ODBCError`` may be thrown.
package enum ConnectionStringFuzzing {
    package static func run(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let settings: ConnectionSettings
        do {
            settings = try ConnectionSettings.resolve(pairs: ConnectionString.parse(text))
        } catch let error as ODBCError {
            return "rejected: \(error.sqlState) \(error.message)"
        } catch {
            fatalError("the connection-string parser threw a non-ODBCError: \(error)")
        }
        _ = settings.configuration(loginTimeout: nil)
        let output = settings.outputString()
        let again: ConnectionSettings
        do {
            again = try ConnectionSettings.resolve(pairs: ConnectionString.parse(output))
        } catch {
            fatalError("completed connection string \(output.debugDescription) of \(text.debugDescription) does not resolve: \(error)")
        }
        let before = [settings.host, "\(settings.port ?? 0)", settings.database, settings.user, settings.password, "\(settings.secure ?? false)"]
        let after = [again.host, "\(again.port ?? 0)", again.database, again.user, again.password, "\(again.secure ?? false)"]
        guard before == after else {
            fatalError("completed connection string \(output.debugDescription) of \(text.debugDescription) resolves to \(after), not \(before)")
        }
        return "resolved: \(output)"
    }
}
