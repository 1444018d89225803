/// Cell writers for fixed-width values (numbers, Bool, dates and times, UUID, IPs, enums,
/// decimals) in a ``ValueMode``, following ``FormatSettings``: each type's family makes the
/// writer (`Types/Families/`) with the helpers here.
struct FixedWidthText {
    let settings: FormatSettings
    let mode: ValueMode
    /// False inside arrays, tuples and maps (where Bool is always `true`/`false`).
    let top: Bool
    let defaultTimezone: String?

    /// The quote around dates, UUIDs, IPs… in this mode (0: none).
    var quote: UInt8 {
        switch mode {
        case .quoted: return 0x27
        case .csv, .json: return 0x22
        default: return 0
        }
    }

    func writer(_ c: any RawFixedWidthColumn) -> CellWriter {
        let type = c.type
        let family = type.family
        if let writer = family.cellWriter(c, self) { return writer }
        let zone = defaultTimezone
        return plain(c) { b, r, out in family.writeText(type, b, row: r, defaultTimezone: zone, to: &out, style: .tabSeparated) }
    }

    /// Writes `body`'s text in this mode's quotes.
    func quoted(_ c: any RawFixedWidthColumn, _ body: @escaping (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void) -> CellWriter {
        let quote = self.quote
        return { row, out in
            if quote != 0 { out.append(quote) }
            c.withRawBytes { body($0, row, &out) }
            if quote != 0 { out.append(quote) }
        }
    }

    /// Writes `body`'s text as it is.
    func plain(_ c: any RawFixedWidthColumn, _ body: @escaping (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void) -> CellWriter {
        return { row, out in c.withRawBytes { body($0, row, &out) } }
    }

    /// Writes `body`'s text between `q`s.
    func quotedBy(_ q: UInt8, _ c: any RawFixedWidthColumn,
                  _ body: @escaping (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void) -> CellWriter {
        return { row, out in
            out.append(q)
            c.withRawBytes { body($0, row, &out) }
            out.append(q)
        }
    }

    /// The Pretty, Vertical and Markdown formats.
    var isText: Bool {
        if case .text = mode { return true }
        return false
    }

    /// Non-finite floats are `null` in JSON (or quoted with `output_format_json_quote_denormals`).
    func writeFloat(_ v: Double, finite: Bool, to out: inout TextOutput, _ append: (inout TextOutput) -> Void) {
        if mode == .json && !finite {
            if settings.jsonQuoteDenormals {
                out.append(0x22); append(&out); out.append(0x22)
            } else {
                out.append("null")
            }
        } else {
            append(&out)
        }
    }
}

/// Date-times in the three `date_time_output_format`s.
enum DateTimeText {
    /// A DateTime (`precision` 0) or DateTime64 value of `ticks` (units of 10^-precision s).
    static func append(ticks: Int64, precision: Int, timezone: String?, output: FormatSettings.DateTimeOutput, to out: inout TextOutput) {
        switch output {
        case .simple:
            if precision == 0 {
                CivilTime.appendDateTime(seconds: ticks, timezone: timezone, to: &out)
            } else {
                CivilTime.appendDateTime64(ticks: ticks, precision: precision, timezone: timezone, to: &out)
            }
        case .iso:
            if precision == 0 {
                CivilTime.appendDateTime(seconds: ticks, timezone: nil, to: &out)
            } else {
                CivilTime.appendDateTime64(ticks: ticks, precision: precision, timezone: nil, to: &out)
            }
            if let space = out.bytes.lastIndex(of: 0x20) { out.bytes[space] = UInt8(ascii: "T") }
            out.append(UInt8(ascii: "Z"))
        case .unixTimestamp:
            let digits = Array(String(ticks.magnitude).utf8)
            ScaledDecimalText.appendKeepingZeros(negative: ticks < 0, digits: digits, scale: precision, to: &out)
        }
    }
}

/// Decimal text keeping every digit of the scale (`output_format_decimal_trailing_zeros`).
enum ScaledDecimalText {
    static func appendKeepingZeros(negative: Bool, digits: [UInt8], scale: Int, to out: inout TextOutput) {
        var d = digits
        if d.count <= scale { d = [UInt8](repeating: 0x30, count: scale - d.count + 1) + d }
        if negative && d.contains(where: { $0 != 0x30 }) { out.append(0x2D) }
        out.append(contentsOf: d[..<(d.count - scale)])
        if scale > 0 {
            out.append(0x2E)
            out.append(contentsOf: d[(d.count - scale)...])
        }
    }
}
