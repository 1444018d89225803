#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The four kinds of ODBC handles.
enum HandleKind: Int16 {
    case environment = 1
    case connection = 2
    case statement = 3
    case descriptor = 4
}

/// A recursive mutex guarding a handle family (a connection with its statements and
/// descriptors, or an environment). Entry points hold it for the whole call.
final class HandleLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        var attr = pthread_mutexattr_t()
        pthread_mutexattr_init(&attr)
        pthread_mutexattr_settype(&attr, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(mutex, &attr)
        pthread_mutexattr_destroy(&attr)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Takes the lock only if it is free (used by `SQLCancel`, which must not wait).
    func tryLock() -> Bool { pthread_mutex_trylock(mutex) == 0 }

    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// Base of every handle object: its kind, its diagnostics and the lock of its family.
class ODBCHandle: @unchecked Sendable {
    let kind: HandleKind
    let lock: HandleLock
    /// Diagnostic records of the last call on this handle (touched only under `lock`).
    @exclusivity(unchecked) var diagnostics = Diagnostics()

    init(kind: HandleKind, lock: HandleLock) {
        self.kind = kind
        self.lock = lock
    }

    /// The opaque value handed to the driver manager.
    var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// Every live handle, by address. A pointer not in the registry is not ours (or was freed)
/// and is answered with `SQL_INVALID_HANDLE` without ever being dereferenced.
enum HandleRegistry {
    /// The live handles, plus the last one found: fetch loops look up the same statement
    /// millions of times.
    struct State {
        var handles: [UInt: ODBCHandle] = [:]
        var lastKey: UInt = 0
        var last: ODBCHandle?

        mutating func find(_ key: UInt) -> ODBCHandle? {
            if key == lastKey, let last { return last }
            guard let h = handles[key] else { return nil }
            lastKey = key
            last = h
            return h
        }
    }

    private static let live = Mutex<State>(State())

    static func register(_ handle: ODBCHandle) {
        let key = UInt(bitPattern: handle.pointer)
        live.withLock { $0.handles[key] = handle }
    }

    static func unregister(_ handle: ODBCHandle) {
        let key = UInt(bitPattern: handle.pointer)
        live.withLock {
            _ = $0.handles.removeValue(forKey: key)
            if $0.lastKey == key {
                $0.lastKey = 0
                $0.last = nil
            }
        }
    }

    /// The live handle at `pointer` if it is of `kind`.
    static func lookup(_ pointer: UnsafeMutableRawPointer?, kind: HandleKind) -> ODBCHandle? {
        guard let pointer else { return nil }
        let key = UInt(bitPattern: pointer)
        let found = live.withLock { $0.find(key) }
        guard let found, found.kind == kind else { return nil }
        return found
    }

    /// The live handle at `pointer`, whatever its kind.
    static func lookupAny(_ pointer: UnsafeMutableRawPointer?) -> ODBCHandle? {
        guard let pointer else { return nil }
        let key = UInt(bitPattern: pointer)
        return live.withLock { $0.find(key) }
    }
}

/// An environment handle.
final class EnvironmentHandle: ODBCHandle, @unchecked Sendable {
    var odbcVersion: Int32 = K.SQL_OV_ODBC3
    var outputNTS: Int32 = 1
    var connections: [ConnectionHandle] = []

    init() { super.init(kind: .environment, lock: HandleLock()) }
}
