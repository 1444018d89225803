import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error (only when it is a terminal, or when forced).
public final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int64?
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast

    /// A bar for `total` bytes (or an open-ended counter when `nil`).
    public init(label: String, total: Int64?, force: Bool = false) {
        self.label = label
        self.total = total
        enabled = force || isatty(2) == 1
    }

    /// Redraws at most ten times a second.
    public func update(bytes: Int64, events: Int, rejected: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        draw(bytes: bytes, events: events, rejected: rejected, final: false)
    }

    /// Draws the final state and ends the line.
    public func finish(bytes: Int64, events: Int, rejected: Int) {
        guard enabled else { return }
        draw(bytes: bytes, events: events, rejected: rejected, final: true)
    }

    private func draw(bytes: Int64, events: Int, rejected: Int, final: Bool) {
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Int(Double(events) / elapsed)
        var line = "\r\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(bytes) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            line += String(format: "%3.0f%% ", fraction * 100)
        }
        line += "\(events) events, \(rejected) rejected, \(rate)/s"
        line += final ? "\n" : "\u{1B}[K"
        let bytesOut = Array(line.utf8)
        bytesOut.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
