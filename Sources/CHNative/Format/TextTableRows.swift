import Foundation

/// `Vertical`: for each row `Row N:`, a rule of `─` as wide, then one `name: value` line per
/// column (names padded to the widest); rows apart by a blank line; totals and extremes as
/// `Totals:`, `Min:` and `Max:` rows.
struct VerticalRows: RowFormatWriter {
    static let null = Array("ᴺᵁᴸᴸ".utf8)
    let text: ValueText
    var labels: [[UInt8]] = []
    var rowNumber = 0
    /// Pretty formats falling back to Vertical draw named tuples as JSON.
    let namedTuplesAsJSON: Bool

    init(settings: FormatSettings, namedTuplesAsJSON: Bool = false) {
        text = ValueText(settings: settings)
        self.namedTuplesAsJSON = namedTuplesAsJSON
    }

    var printsTotalsAndExtremes: Bool { true }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {
        let widest = names.map(DisplayWidth.of).max() ?? 0
        labels = names.map { name in
            Array(name.utf8) + [0x3A] + [UInt8](repeating: 0x20, count: widest - DisplayWidth.of(name) + 1)
        }
    }

    private func record(_ title: String, rule: String? = nil, _ cells: [CellWriter], _ row: Int, to out: inout TextOutput) {
        out.append(title)
        out.append(0x0A)
        for _ in 0..<DisplayWidth.of(rule ?? title) { out.append(contentsOf: [0xE2, 0x94, 0x80]) }
        out.append(0x0A)
        for (i, cell) in cells.enumerated() {
            out.append(contentsOf: labels[i])
            cell(row, &out)
            out.append(0x0A)
        }
    }

    /// Cell writers, with the large-number tip after numbers.
    private func cells(_ block: Block) -> [CellWriter] {
        let threshold = text.settings.largeNumberTipThreshold
        return block.columns.map { column in
            let cell = (namedTuplesAsJSON ? PrettyRows.namedTupleWriter(column, text) : nil) ?? text.writer(column, .text(null: Self.null))
            guard column.type.isNumber, threshold > 0 else { return cell }
            return { row, out in
                let start = out.bytes.count
                cell(row, &out)
                if let tip = ReadableNumber.tip(out.bytes[start...], threshold: threshold) { out.append(contentsOf: tip) }
            }
        }
    }

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        let cells = cells(block)
        for row in 0..<block.rowCount {
            if rowNumber > 0 { out.append(0x0A) }
            rowNumber += 1
            // The rule is as wide as the next row's title (the server's quirk: `Row 9:` gets 7).
            record("Row \(rowNumber):", rule: "Row \(rowNumber + 1):", cells, row, to: &out)
        }
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {
        let totals = end.totals.flatMap { $0.rowCount > 0 ? $0 : nil }
        let extremes = end.extremes.flatMap { $0.rowCount >= 2 ? $0 : nil }
        if totals != nil || extremes != nil { out.append(0x0A) }
        if let totals {
            out.append(0x0A)
            record("Totals:", cells(totals), 0, to: &out)
        }
        if let extremes {
            let cells = cells(extremes)
            out.append(0x0A)
            record("Min:", cells, 0, to: &out)
            out.append(0x0A)
            record("Max:", cells, 1, to: &out)
        }
    }
}

/// `Markdown`: `| a | b |`, an alignment row (`-:` for numbers and dates, `:-` otherwise), then
/// one line per row with values escaped as `TabSeparated` escapes them; no totals or extremes
/// (the server prints none either).
struct MarkdownRows: RowFormatWriter {
    let text: ValueText

    init(settings: FormatSettings) { text = ValueText(settings: settings) }

    var printsTotalsAndExtremes: Bool { false }

    mutating func start(names: [String], types: [CHType], to out: inout TextOutput) {
        out.append("| ")
        out.append(names.joined(separator: " | "))
        out.append(" |\n|")
        for type in types { out.append(type.alignsRight ? "-:|" : ":-|") }
        out.append(0x0A)
    }

    mutating func rows(_ block: Block, to out: inout TextOutput) {
        let cells = cellWriters(block, text, .escaped)
        for row in 0..<block.rowCount {
            out.append(0x7C)
            for cell in cells {
                out.append(0x20)
                cell(row, &out)
                out.append(0x20)
                out.append(0x7C)
            }
            out.append(0x0A)
        }
    }

    mutating func end(_ end: ResultEnd, to out: inout TextOutput) {}
}

/// Columns of terminal cells a text takes: one per code point, none for combining marks.
enum DisplayWidth {
    static func of(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            switch u.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return n
            default: return n + (u.properties.isEmojiPresentation || isWide(u.value) ? 2 : 1)
            }
        }
    }

    /// East Asian wide and fullwidth ranges.
    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}

extension CHType {
    /// Whether a tuple is anywhere in the type.
    var containsTuple: Bool {
        switch self {
        case .tuple, .nested: return true
        case .nullable(let t), .lowCardinality(let t), .array(let t): return t.containsTuple
        case .map(let k, let v): return k.containsTuple || v.containsTuple
        case .variant(let ts): return ts.contains { $0.containsTuple }
        default: return false
        }
    }

    /// Whether a tuple with named elements is anywhere in the type.
    var containsNamedTuple: Bool {
        switch self {
        case .tuple(let es): return es.contains { $0.name != nil || $0.type.containsNamedTuple }
        case .nested: return true
        case .nullable(let t), .lowCardinality(let t), .array(let t): return t.containsNamedTuple
        case .map(let k, let v): return k.containsNamedTuple || v.containsNamedTuple
        case .variant(let ts): return ts.contains { $0.containsNamedTuple }
        default: return false
        }
    }

    /// Integers, floats and decimals (under Nullable or LowCardinality too).
    var isNumber: Bool { unwrapped.family.isNumber }

    /// Numbers, decimals, dates and times, intervals: right-aligned in the Pretty and Markdown formats.
    var alignsRight: Bool { unwrapped.family.alignsRight }
}

/// The ` -- 1.23 million` tip the server appends to large numbers in the Vertical and Pretty
/// formats (`output_format_pretty_single_large_number_tip_threshold`).
enum ReadableNumber {
    static let units = ["", " thousand", " million", " billion", " trillion", " quadrillion", " quintillion", " sextillion",
                        " septillion", " octillion", " nonillion", " decillion", " undecillion", " duodecillion", " tredecillion",
                        " quattuordecillion", " quindecillion", " sexdecillion", " septendecillion", " octodecillion",
                        " novemdecillion", " vigintillion"]

    /// The tip for the number written as `text`, or nil: none at or below `threshold` (0: never),
    /// none for NaN or infinities, and none between 1e17 and 2^64 (where 64-bit hashes and ids
    /// live, as the server decides).
    static func tip(_ text: ArraySlice<UInt8>, threshold: UInt64) -> [UInt8]? {
        guard threshold > 0, let v = Double(String(decoding: text, as: UTF8.self)), v.isFinite else { return nil }
        let a = abs(v)
        guard a > Double(threshold), !(a > 1e17 && a <= 18446744073709551616.0) else { return nil }
        var size = v
        var i = 0
        while i + 1 < units.count && abs(size) >= 1000 {
            size /= 1000
            i += 1
        }
        return Array((" -- " + fixed2(size) + units[i]).utf8)
    }

    /// `size` with two decimals, halves rounded away from zero (double-conversion's ToFixed);
    /// the shortest round-trip text from 1e60 up, where ToFixed gives up.
    static func fixed2(_ size: Double) -> String {
        if abs(size) >= 1e60 {
            var out = TextOutput()
            NumberFormatting.append(size, to: &out)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        let eighths = size * 8
        if abs(size) < 1e12 && eighths == eighths.rounded() {
            // A multiple of 1/8: exact in thousandths, so round the tie by hand.
            let thousandths = Int64(eighths) * 125
            let hundredths = (thousandths + (thousandths < 0 ? -5 : 5)) / 10
            let sign = hundredths < 0 ? "-" : ""
            let m = hundredths.magnitude
            let cents = m % 100
            return "\(sign)\(m / 100).\(cents < 10 ? "0" : "")\(cents)"
        }
        return String(format: "%.2f", size)
    }
}
