@testable import CHODBCShim

/// The SQLSTATE `body` fails with, or `nil` when it does not fail (another error: its text).
func sqlState<T>(of body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let e as ODBCError {
        return e.sqlState
    } catch {
        return "\(error)"
    }
}
