import CHNative
import Dispatch
import Foundation

/// A live progress line on stderr (a terminal) for a query running longer than half a second:
/// rows and bytes read, rows per second, elapsed seconds; cleared before output is printed.
final class ProgressLine {
    let started: DispatchTime
    private var shown = false

    init(started: DispatchTime) { self.started = started }

    func update(_ p: CHNative.Progress) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard seconds >= 0.5 else { return }
        let rate = seconds > 0 ? Double(p.rows) / seconds : 0
        let total = p.totalRowsToRead > 0 ? String(format: " of %llu (%.0f%%)", p.totalRowsToRead, 100 * Double(p.rows) / Double(p.totalRowsToRead)) : ""
        let text = "\r\u{1B}[K→ Progress: \(p.rows) rows\(total), "
            + String(format: "%.2f MB (%.0f rows/s.), %.1f sec.", Double(p.bytes) / 1e6, rate, seconds)
        Output.write(Array(text.utf8), to: 2)
        shown = true
    }

    func clear() {
        guard shown else { return }
        Output.write(Array("\r\u{1B}[K".utf8), to: 2)
        shown = false
    }
}
