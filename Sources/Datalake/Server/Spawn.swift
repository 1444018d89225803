#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every program we start with `posix_spawn` gets: no descriptor of ours beyond its
/// standard streams (a client's socket or a pipe of whoever started `datalake` would otherwise
/// stay open as long as a background server lives), an empty signal mask and default
/// dispositions for the signals that stop or reap it (threads of the Swift runtime block some,
/// and a server started with them blocked would not stop on SIGTERM).
package enum Spawn {
    /// Adds the above to `actions` and `attributes` (both initialised by the caller); with
    /// `newProcessGroup` the child leads a process group of its own.
    package static func prepare(_ actions: inout posix_spawn_file_actions_t, _ attributes: inout posix_spawnattr_t,
                                newProcessGroup: Bool = false) {
        closeInheritedDescriptors(&actions)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }

    /// Adds "close every descriptor from 3 on" to `actions` (glibc 2.34+, looked up at run time
    /// because Swift's Glibc module does not declare it; elsewhere a no-op).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
}
