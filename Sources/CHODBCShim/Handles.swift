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

    func lock() { pthread_mutex_lock(mutex) }

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
///
/// Fetch loops look up the same statement millions of times, so the last handle found is
/// published in a lock-free cache read with a sequence counter (a seqlock): a reader takes no
/// lock, and a writer (register, unregister, a cache miss) bumps the counter under the mutex
/// so a reader that raced it retries through the mutex. Freed handles stay referenced in a
/// small ring for a while, so a reader that passed the check just before another thread freed
/// the handle (an application bug) still touches live memory.
enum HandleRegistry {
    struct State {
        var handles: [UInt: ODBCHandle] = [:]
        /// The last freed handles, kept alive (see above).
        var graveyard: [ODBCHandle?] = Array(repeating: nil, count: 64)
        var graveIndex = 0
    }

    private static let live = Mutex<State>(State())
    /// Even when the cache is stable, odd while a writer changes it.
    private static let sequence = Atomic<UInt>(0)
    private static let cachedKey = Atomic<UInt>(0)
    private static let cachedObject = Atomic<UInt>(0)

    /// Publishes `handle` (or clears the cache); called with `live` held.
    private static func publish(_ key: UInt, _ handle: ODBCHandle?) {
        sequence.add(1, ordering: .acquiringAndReleasing)
        cachedKey.store(key, ordering: .releasing)
        cachedObject.store(handle.map { UInt(bitPattern: Unmanaged.passUnretained($0).toOpaque()) } ?? 0, ordering: .releasing)
        sequence.add(1, ordering: .acquiringAndReleasing)
    }

    static func register(_ handle: ODBCHandle) {
        let key = UInt(bitPattern: handle.pointer)
        live.withLock { $0.handles[key] = handle }
    }

    static func unregister(_ handle: ODBCHandle) {
        let key = UInt(bitPattern: handle.pointer)
        live.withLock { state in
            guard let h = state.handles.removeValue(forKey: key) else { return }
            if cachedKey.load(ordering: .acquiring) == key { publish(0, nil) }
            state.graveyard[state.graveIndex] = h
            state.graveIndex = (state.graveIndex + 1) % state.graveyard.count
        }
    }

    /// The cached handle when it is the one at `key`, read without a lock.
    @inline(__always)
    private static func cached(_ key: UInt) -> ODBCHandle? {
        let before = sequence.load(ordering: .acquiring)
        guard before & 1 == 0, cachedKey.load(ordering: .acquiring) == key else { return nil }
        let bits = cachedObject.load(ordering: .acquiring)
        guard sequence.load(ordering: .acquiring) == before, let raw = UnsafeRawPointer(bitPattern: bits) else { return nil }
        return Unmanaged<ODBCHandle>.fromOpaque(raw).takeUnretainedValue()
    }

    /// The cached statement at `pointer`, unretained, for the per-row fast paths; nil on a
    /// cache miss (the caller then takes the general path, which fills the cache). Valid for
    /// the call: a freed handle stays referenced by the graveyard ring.
    @inline(__always)
    static func cachedStatement(_ pointer: UnsafeMutableRawPointer?) -> Unmanaged<StatementHandle>? {
        guard let pointer else { return nil }
        let key = UInt(bitPattern: pointer)
        let before = sequence.load(ordering: .acquiring)
        guard before & 1 == 0, cachedKey.load(ordering: .acquiring) == key else { return nil }
        let bits = cachedObject.load(ordering: .acquiring)
        guard sequence.load(ordering: .acquiring) == before, let raw = UnsafeRawPointer(bitPattern: bits) else { return nil }
        let handle = Unmanaged<ODBCHandle>.fromOpaque(raw)
        guard handle._withUnsafeGuaranteedRef({ $0.kind == .statement }) else { return nil }
        return Unmanaged<StatementHandle>.fromOpaque(raw)
    }

    private static func find(_ key: UInt) -> ODBCHandle? {
        if let h = cached(key) { return h }
        return live.withLock { state -> ODBCHandle? in
            guard let h = state.handles[key] else { return nil }
            publish(key, h)
            return h
        }
    }

    /// The live handle at `pointer` if it is of `kind`.
    static func lookup(_ pointer: UnsafeMutableRawPointer?, kind: HandleKind) -> ODBCHandle? {
        guard let pointer else { return nil }
        guard let found = find(UInt(bitPattern: pointer)), found.kind == kind else { return nil }
        return found
    }

    /// The live handle at `pointer`, whatever its kind.
    static func lookupAny(_ pointer: UnsafeMutableRawPointer?) -> ODBCHandle? {
        guard let pointer else { return nil }
        return find(UInt(bitPattern: pointer))
    }
}

/// An environment handle.
final class EnvironmentHandle: ODBCHandle, @unchecked Sendable {
    var odbcVersion: Int32 = K.SQL_OV_ODBC3
    var outputNTS: Int32 = 1
    var connections: [ConnectionHandle] = []

    init() { super.init(kind: .environment, lock: HandleLock()) }
}
