import CHNative

/// Which failures of an insert are worth retrying.
enum RetryPolicy {
    /// Server error codes that describe a temporary condition (overload, restart, network, Keeper).
    static let transientServerCodes: Set<Int32> = [
        3, 159, 164, 202, 203, 209, 210, 241, 242, 252, 285, 319, 394, 425, 999,
    ]

    /// Whether `error` may go away when the same insert is sent again later.
    static func isTransient(_ error: any Error) -> Bool {
        guard let ch = error as? ClickHouseError else { return false }
        if let code = ch.serverCode { return transientServerCodes.contains(code) }
        switch ch {
        case .invalidInput, .unsupportedType: return false
        default: return true
        }
    }
}
