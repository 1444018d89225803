/// Cell writers for fixed-width values (numbers, Bool, dates and times, UUID, IPs, enums,
/// decimals) in a ``ValueMode``, following ``FormatSettings``.
struct FixedWidthText {
    let settings: FormatSettings
    let mode: ValueMode
    /// False inside arrays, tuples and maps (where Bool is always `true`/`false`).
    let top: Bool
    let defaultTimezone: String?

    /// The quote around dates, UUIDs, IPs… in this mode (0: none).
    private var quote: UInt8 {
        switch mode {
        case .quoted: return 0x27
        case .csv, .json: return 0x22
        default: return 0
        }
    }

    func writer(_ c: any RawFixedWidthColumn) -> CellWriter {
        let type = c.type
        let quote = self.quote
        func quoted(_ body: @escaping (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void) -> CellWriter {
            return { row, out in
                if quote != 0 { out.append(quote) }
                c.withRawBytes { body($0, row, &out) }
                if quote != 0 { out.append(quote) }
            }
        }
        func plain(_ body: @escaping (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void) -> CellWriter {
            return { row, out in c.withRawBytes { body($0, row, &out) } }
        }
        let quote64 = mode == .json && settings.jsonQuote64BitIntegers
        switch type {
        case .uint8: return plain { b, r, out in NumberFormatting.append(UInt64(load(b, r, UInt8.self)), to: &out) }
        case .uint16: return plain { b, r, out in NumberFormatting.append(UInt64(load(b, r, UInt16.self)), to: &out) }
        case .uint32: return plain { b, r, out in NumberFormatting.append(UInt64(load(b, r, UInt32.self)), to: &out) }
        case .int8: return plain { b, r, out in NumberFormatting.append(Int64(load(b, r, Int8.self)), to: &out) }
        case .int16: return plain { b, r, out in NumberFormatting.append(Int64(load(b, r, Int16.self)), to: &out) }
        case .int32: return plain { b, r, out in NumberFormatting.append(Int64(load(b, r, Int32.self)), to: &out) }
        case .uint64, .int64, .interval, .int128, .uint128, .int256, .uint256:
            let body: (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void = { b, r, out in
                FixedWidthFormatting.writeText(type: type, bytes: b, row: r, defaultTimezone: nil, to: &out, style: .tabSeparated)
            }
            return quote64 ? quotedBy(0x22, c, body) : plain(body)
        case .float32, .bfloat16:
            return plain { b, r, out in
                let v = type == .float32 ? load(b, r, Float.self) : Float(bitPattern: UInt32(load(b, r, UInt16.self)) << 16)
                writeFloat(Double(v), finite: v.isFinite, to: &out) { NumberFormatting.append(v, to: &$0) }
            }
        case .float64:
            let quoteFloats = mode == .json && settings.jsonQuote64BitFloats
            return plain { b, r, out in
                let v = load(b, r, Double.self)
                if quoteFloats {
                    // Quoted whatever the value: non-finite ones as "null" unless quote_denormals.
                    out.append(0x22)
                    if v.isFinite || settings.jsonQuoteDenormals { NumberFormatting.append(v, to: &out) } else { out.append("null") }
                    out.append(0x22)
                } else {
                    writeFloat(v, finite: v.isFinite, to: &out) { NumberFormatting.append(v, to: &$0) }
                }
            }
        case .bool:
            let custom = top && (mode == .escaped || mode == .raw || mode == .csv || isText)
            let (yes, no) = custom ? (settings.boolTrue, settings.boolFalse) : (Array("true".utf8), Array("false".utf8))
            return plain { b, r, out in out.append(contentsOf: load(b, r, UInt8.self) != 0 ? yes : no) }
        case .date: return quoted { b, r, out in CivilTime.appendDate(days: Int64(load(b, r, UInt16.self)), to: &out) }
        case .date32: return quoted { b, r, out in CivilTime.appendDate(days: Int64(load(b, r, Int32.self)), to: &out) }
        case .dateTime(let tz):
            let zone = tz ?? defaultTimezone
            let output = settings.dateTimeOutput
            return quoted { b, r, out in DateTimeText.append(ticks: Int64(load(b, r, UInt32.self)), precision: 0, timezone: zone, output: output, to: &out) }
        case .dateTime64(let p, let tz):
            let zone = tz ?? defaultTimezone
            let output = settings.dateTimeOutput
            return quoted { b, r, out in DateTimeText.append(ticks: load(b, r, Int64.self), precision: p, timezone: zone, output: output, to: &out) }
        case .time, .time64, .uuid, .ipv4, .ipv6:
            return quoted { b, r, out in FixedWidthFormatting.writeText(type: type, bytes: b, row: r, defaultTimezone: nil, to: &out, style: .tabSeparated) }
        case .enum8(let cases), .enum16(let cases):
            let names = Dictionary(cases.map { ($0.value, Array($0.name.utf8)) }, uniquingKeysWith: { a, _ in a })
            let s = ValueText(settings: settings).stringWriter(mode)
            let narrow = type.fixedWidth == 1
            return plain { b, r, out in
                let v = narrow ? Int(load(b, r, Int8.self)) : Int(load(b, r, Int16.self))
                let name = names[v] ?? Array(String(v).utf8)
                name.withUnsafeBytes { s($0, &out) }
            }
        case .decimal(_, let scale):
            let trailingZeros = settings.decimalTrailingZeros
            let body: (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void = { b, r, out in
                let width = type.fixedWidth ?? 8
                let (neg, digits): (Bool, [UInt8])
                switch width {
                case 4:
                    let v = Int64(load(b, r, Int32.self))
                    (neg, digits) = (v < 0, Array(String(v.magnitude).utf8))
                case 8:
                    let v = load(b, r, Int64.self)
                    (neg, digits) = (v < 0, Array(String(v.magnitude).utf8))
                default:
                    (neg, digits) = WideIntegerText.digits(UnsafeRawBufferPointer(rebasing: b[(r * width)..<(r * width + width)]), signed: true)
                }
                if trailingZeros {
                    ScaledDecimalText.appendKeepingZeros(negative: neg, digits: digits, scale: scale, to: &out)
                } else {
                    WideIntegerText.appendDecimal(negative: neg, digits: digits, scale: scale, to: &out)
                }
            }
            return mode == .json && settings.jsonQuoteDecimals ? quotedBy(0x22, c, body) : plain(body)
        default:
            return plain { b, r, out in FixedWidthFormatting.writeText(type: type, bytes: b, row: r, defaultTimezone: defaultTimezone, to: &out, style: .tabSeparated) }
        }
    }

    private var isText: Bool {
        if case .text = mode { return true }
        return false
    }

    /// Non-finite floats are `null` in JSON (or quoted with `output_format_json_quote_denormals`).
    private func writeFloat(_ v: Double, finite: Bool, to out: inout TextOutput, _ append: (inout TextOutput) -> Void) {
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

    private func quotedBy(_ q: UInt8, _ c: any RawFixedWidthColumn,
                          _ body: @escaping (UnsafeRawBufferPointer, Int, inout TextOutput) -> Void) -> CellWriter {
        return { row, out in
            out.append(q)
            c.withRawBytes { body($0, row, &out) }
            out.append(q)
        }
    }

    @inline(__always)
    private func load<T: BitwiseCopyable>(_ b: UnsafeRawBufferPointer, _ row: Int, _: T.Type) -> T {
        b.loadUnaligned(fromByteOffset: row * MemoryLayout<T>.size, as: T.self)
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
