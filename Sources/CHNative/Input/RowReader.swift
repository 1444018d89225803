/// Reads text input in chunks and hands out one row at a time, with the line it starts on.
/// Memory holds the rows not yet handed out and at most one row past the chunk read; a row
/// longer than the limit is refused instead of read whole.
final class RowReader {
    /// Fills a buffer with input bytes; returns how many (0 at the end of the input).
    typealias Read = (UnsafeMutableRawBufferPointer) throws -> Int

    private let read: Read
    private var scanner: any RowScanner
    private(set) var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    let chunkSize: Int
    let maximumRowBytes: Int
    /// The line of the byte at `start` (1-based).
    private(set) var line = 1
    /// Bytes handed out as rows (and skipped between them).
    private(set) var consumed = 0

    init(scanner: any RowScanner, chunkSize: Int = 1 << 20, maximumRowBytes: Int, read: @escaping Read) {
        self.read = read
        self.scanner = scanner
        self.chunkSize = max(chunkSize, 16)
        self.maximumRowBytes = max(maximumRowBytes, 16)
        buffer = [UInt8](repeating: 0, count: self.chunkSize)
    }

    /// A row found: where its bytes are in ``buffer`` and the line it starts on.
    struct Row {
        var bytes: Range<Int>
        /// The line the row starts on.
        var line: Int
        /// The line the row ends on (later than ``line`` when it holds newlines).
        var lastLine: Int
    }

    /// The next row, or nil at the end of the input. The row's bytes stay valid until the
    /// next call.
    func next() throws -> Row? {
        while true {
            let found = try buffer.withUnsafeBytes { all in
                try scanner.scan(UnsafeRawBufferPointer(rebasing: all[start..<end]), atEnd: atEnd)
            }
            if let found {
                let rowStart = start + found.content.lowerBound, rowEnd = start + found.content.upperBound
                let rowLine = line + found.newlinesBefore
                let lastLine = rowLine + found.newlinesInside
                line = lastLine + found.newlinesAfter
                consumed += found.next
                start += found.next
                return Row(bytes: rowStart..<rowEnd, line: rowLine, lastLine: lastLine)
            }
            if atEnd { return nil }
            guard end - start <= maximumRowBytes else {
                throw ValueProblem("a row longer than \(maximumRowBytes >= 1 << 20 ? "\(maximumRowBytes >> 20) MiB" : "\(maximumRowBytes) bytes") (the limit of one row)")
            }
            try fill()
        }
    }

    /// The line where the next row starts (past the blank space and JSON separators before
    /// it), for an error in a row not handed out.
    var pendingLine: Int {
        buffer.withUnsafeBytes { b in
            var i = start
            while i < end, [0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]")].contains(b[i]) { i += 1 }
            return line + newlines(start..<i)
        }
    }

    /// Moves the unread bytes to the front (growing the buffer only for a row longer than a
    /// chunk) and reads one more chunk.
    private func fill() throws {
        if start > 0 {
            buffer.withUnsafeMutableBytes { b in
                guard let base = b.baseAddress else { return }
                (base).copyMemory(from: base + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if buffer.count - end < chunkSize { buffer.append(contentsOf: repeatElement(0, count: chunkSize - (buffer.count - end))) }
        let n = try buffer.withUnsafeMutableBytes { b in
            try read(UnsafeMutableRawBufferPointer(rebasing: b[end..<(end + chunkSize)]))
        }
        if n <= 0 { atEnd = true } else { end += n }
    }

    private func newlines(_ range: Range<Int>) -> Int {
        buffer.withUnsafeBytes { b in
            var n = 0
            for i in range where b[i] == 0x0A { n += 1 }
            return n
        }
    }
}
