import Dispatch

/// Runs a connection's blocking socket work on its own serial dispatch queue, so async
/// callers never block Swift's cooperative thread pool with I/O.
final class IOExecutor: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the I/O queue and resumes the caller with its result.
    func run<R: Sendable>(_ body: @escaping @Sendable () throws -> R) async throws -> R {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<R, any Error>) in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}

/// Moves a non-`Sendable` value between the caller and its connection's I/O queue, where it is
/// only ever touched by one thread at a time.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
}
