/// The common frame of every exported function: find the handle in the registry (unknown or
/// null → `SQL_INVALID_HANDLE`), lock its family, clear its diagnostics, run the body and turn
/// thrown errors into diagnostic records and `SQL_ERROR`.
enum Entry {
    static func run<H: ODBCHandle>(_ pointer: UnsafeMutableRawPointer?, _ kind: HandleKind, as: H.Type,
                                   keepDiagnostics: Bool = false, _ body: (H) throws -> Int16) -> Int16 {
        guard let found = HandleRegistry.lookup(pointer, kind: kind) else { return K.SQL_INVALID_HANDLE }
        // The registry checked the kind, and each kind is exactly one class.
        let handle = unsafeDowncast(found, to: H.self)
        return handle.lock.withLock {
            if !keepDiagnostics && !handle.diagnostics.records.isEmpty { handle.diagnostics.clear() }
            var rc: Int16
            do {
                rc = try body(handle)
                if rc == K.SQL_SUCCESS && !handle.diagnostics.records.isEmpty { rc = K.SQL_SUCCESS_WITH_INFO }
            } catch let e as ODBCError {
                handle.diagnostics.add(e)
                rc = K.SQL_ERROR
            } catch {
                handle.diagnostics.add(ODBCError.from(error))
                rc = K.SQL_ERROR
            }
            if handle.diagnostics.returnCode != rc { handle.diagnostics.returnCode = rc }
            return rc
        }
    }

    static func environment(_ p: UnsafeMutableRawPointer?, _ body: (EnvironmentHandle) throws -> Int16) -> Int16 {
        run(p, .environment, as: EnvironmentHandle.self, body)
    }

    static func connection(_ p: UnsafeMutableRawPointer?, _ body: (ConnectionHandle) throws -> Int16) -> Int16 {
        run(p, .connection, as: ConnectionHandle.self, body)
    }

    static func statement(_ p: UnsafeMutableRawPointer?, _ body: (StatementHandle) throws -> Int16) -> Int16 {
        run(p, .statement, as: StatementHandle.self, body)
    }

    static func descriptor(_ p: UnsafeMutableRawPointer?, _ body: (DescriptorHandle) throws -> Int16) -> Int16 {
        run(p, .descriptor, as: DescriptorHandle.self, body)
    }

    /// Dispatches on an ODBC handle type code (`SQL_HANDLE_ENV` ...).
    static func any(_ type: Int16, _ p: UnsafeMutableRawPointer?, keepDiagnostics: Bool = false,
                    _ body: (ODBCHandle) throws -> Int16) -> Int16 {
        guard let kind = HandleKind(rawValue: type) else { return K.SQL_INVALID_HANDLE }
        return run(p, kind, as: ODBCHandle.self, keepDiagnostics: keepDiagnostics, body)
    }

    /// Reads an input string of an ANSI (`wide == false`) or `W` entry point.
    static func text(_ p: UnsafeMutableRawPointer?, _ length: Int, wide: Bool, _ what: String) throws -> String? {
        guard let p else { return nil }
        if wide { return try TextIO.wide(p.assumingMemoryBound(to: UInt16.self), length, what) }
        return try TextIO.ansi(p.assumingMemoryBound(to: UInt8.self), length, what)
    }
}
