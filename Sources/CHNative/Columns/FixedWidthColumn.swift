/// A column of fixed-width values stored contiguously: integers, floats, Bool, dates and
/// times, UUID, IPs, enums, decimals and FixedString-free 128/256-bit integers.
///
/// `Element` is the Swift storage type (e.g. `UInt64` for `UInt64`, `UInt32` for `DateTime`,
/// `Int64` for `DateTime64`, `UInt128` for `UUID`); its size must equal the type's width.
public struct FixedWidthColumn<Element: BitwiseCopyable & Sendable>: Column {
    public let type: CHType
    /// The values, in row order, exactly as they are on the wire (little-endian).
    public var values: [Element]
    /// Timezone used to render `DateTime`/`DateTime64` values whose type names none
    /// (the server's or session's timezone).
    public var defaultTimezone: String?

    /// Creates a column; throws when `Element` does not have the width of `type`.
    public init(type: CHType, values: [Element], defaultTimezone: String? = nil) throws {
        guard let width = type.fixedWidth, width == MemoryLayout<Element>.stride, type.isPlainFixedWidth else {
            throw ClickHouseError.invalidInput("a column of \(Element.self) cannot hold \(type.name)")
        }
        self.type = type
        self.values = values
        self.defaultTimezone = defaultTimezone
    }

    init(uncheckedType type: CHType, values: [Element], defaultTimezone: String?) {
        self.type = type
        self.values = values
        self.defaultTimezone = defaultTimezone
    }

    public var count: Int { values.count }

    public func value(at row: Int) -> CHValue {
        values.withUnsafeBytes { FixedWidthFormatting.value(type: type, bytes: $0, row: row, defaultTimezone: defaultTimezone) }
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        values.withUnsafeBytes { FixedWidthFormatting.writeText(type: type, bytes: $0, row: row, defaultTimezone: defaultTimezone, to: &out, style: style) }
    }
}

/// Fixed-width storage viewed as raw bytes, whatever the element type.
protocol RawFixedWidthColumn: Column {
    var elementSize: Int { get }
    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension FixedWidthColumn: RawFixedWidthColumn {
    var elementSize: Int { MemoryLayout<Element>.stride }
    func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try values.withUnsafeBytes(body)
    }
}

extension CHType {
    /// Types stored in a ``FixedWidthColumn``.
    var isPlainFixedWidth: Bool {
        switch self {
        case .fixedString, .nothing: return false
        default: return fixedWidth != nil
        }
    }
}

/// Boxing and text rendering of fixed-width values straight from their bytes.
enum FixedWidthFormatting {
    @inline(__always)
    static func load<T: BitwiseCopyable>(_ bytes: UnsafeRawBufferPointer, _ row: Int, _: T.Type) -> T {
        bytes.loadUnaligned(fromByteOffset: row * MemoryLayout<T>.size, as: T.self)
    }

    static func value(type: CHType, bytes b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        switch type {
        case .uint8: return .uint(UInt64(load(b, row, UInt8.self)))
        case .uint16: return .uint(UInt64(load(b, row, UInt16.self)))
        case .uint32: return .uint(UInt64(load(b, row, UInt32.self)))
        case .uint64: return .uint(load(b, row, UInt64.self))
        case .int8: return .int(Int64(load(b, row, Int8.self)))
        case .int16: return .int(Int64(load(b, row, Int16.self)))
        case .int32: return .int(Int64(load(b, row, Int32.self)))
        case .int64: return .int(load(b, row, Int64.self))
        case .int128: return .int128(load(b, row, Int128.self))
        case .uint128: return .uint128(load(b, row, UInt128.self))
        case .int256, .uint256:
            var out = TextOutput()
            writeText(type: type, bytes: b, row: row, defaultTimezone: nil, to: &out, style: .tabSeparated)
            return .bigInteger(String(decoding: out.bytes, as: UTF8.self))
        case .float32: return .float(Double(load(b, row, Float.self)))
        case .float64: return .float(load(b, row, Double.self))
        case .bfloat16: return .float(Double(Float(bitPattern: UInt32(load(b, row, UInt16.self)) << 16)))
        case .bool: return .bool(load(b, row, UInt8.self) != 0)
        case .date: return .date(Int32(load(b, row, UInt16.self)))
        case .date32: return .date(load(b, row, Int32.self))
        case .dateTime(let tz): return .dateTime(Int64(load(b, row, UInt32.self)), timezone: tz ?? defaultTimezone)
        case .dateTime64(let p, let tz): return .dateTime64(load(b, row, Int64.self), precision: p, timezone: tz ?? defaultTimezone)
        case .uuid: return .uuid(load(b, row, UInt128.self))
        case .ipv4: return .ipv4(load(b, row, UInt32.self))
        case .ipv6: return .ipv6([UInt8](UnsafeRawBufferPointer(rebasing: b[(row * 16)..<(row * 16 + 16)])))
        case .enum8(let cases):
            let v = Int(load(b, row, Int8.self))
            return .enumValue(name: cases.first { $0.value == v }?.name ?? String(v), value: v)
        case .enum16(let cases):
            let v = Int(load(b, row, Int16.self))
            return .enumValue(name: cases.first { $0.value == v }?.name ?? String(v), value: v)
        case .decimal:
            var out = TextOutput()
            writeText(type: type, bytes: b, row: row, defaultTimezone: nil, to: &out, style: .tabSeparated)
            return .decimal(String(decoding: out.bytes, as: UTF8.self))
        case .time: return .time(Int64(load(b, row, Int32.self)), precision: 0)
        case .time64(let p): return .time(load(b, row, Int64.self), precision: p)
        case .interval(let unit): return .interval(load(b, row, Int64.self), unit: unit)
        default: return .null
        }
    }

    static func writeText(type: CHType, bytes b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?,
                          to out: inout TextOutput, style: TextStyle) {
        let quote = style != .tabSeparated
        switch type {
        case .uint8: NumberFormatting.append(UInt64(load(b, row, UInt8.self)), to: &out)
        case .uint16: NumberFormatting.append(UInt64(load(b, row, UInt16.self)), to: &out)
        case .uint32: NumberFormatting.append(UInt64(load(b, row, UInt32.self)), to: &out)
        case .uint64: NumberFormatting.append(load(b, row, UInt64.self), to: &out)
        case .int8: NumberFormatting.append(Int64(load(b, row, Int8.self)), to: &out)
        case .int16: NumberFormatting.append(Int64(load(b, row, Int16.self)), to: &out)
        case .int32: NumberFormatting.append(Int64(load(b, row, Int32.self)), to: &out)
        case .int64, .interval: NumberFormatting.append(load(b, row, Int64.self), to: &out)
        case .int128, .uint128, .int256, .uint256:
            let width = type.fixedWidth ?? 16
            let signed = type == .int128 || type == .int256
            let (neg, digits) = WideIntegerText.digits(UnsafeRawBufferPointer(rebasing: b[(row * width)..<(row * width + width)]), signed: signed)
            if neg { out.append(0x2D) }
            out.append(contentsOf: digits)
        case .float32:
            let v = load(b, row, Float.self)
            if style == .json && !v.isFinite { out.append("null") } else { NumberFormatting.append(v, to: &out) }
        case .float64:
            let v = load(b, row, Double.self)
            if style == .json && !v.isFinite { out.append("null") } else { NumberFormatting.append(v, to: &out) }
        case .bfloat16:
            NumberFormatting.append(Float(bitPattern: UInt32(load(b, row, UInt16.self)) << 16), to: &out)
        case .bool: out.append(load(b, row, UInt8.self) != 0 ? "true" : "false")
        case .time:
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            TimeText.appendTime(ticks: Int64(load(b, row, Int32.self)), precision: 0, to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .time64(let p):
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            TimeText.appendTime(ticks: load(b, row, Int64.self), precision: p, to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .date, .date32:
            let days = type == .date ? Int64(load(b, row, UInt16.self)) : Int64(load(b, row, Int32.self))
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            CivilTime.appendDate(days: days, to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .dateTime(let tz):
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            CivilTime.appendDateTime(seconds: Int64(load(b, row, UInt32.self)), timezone: tz ?? defaultTimezone, to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .dateTime64(let p, let tz):
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            CivilTime.appendDateTime64(ticks: load(b, row, Int64.self), precision: p, timezone: tz ?? defaultTimezone, to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .uuid:
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            appendUUID(load(b, row, UInt128.self), to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .ipv4:
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            appendIPv4(load(b, row, UInt32.self), to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .ipv6:
            if quote { out.append(style == .json ? 0x22 : 0x27) }
            IPText.appendIPv6(UnsafeRawBufferPointer(rebasing: b[(row * 16)..<(row * 16 + 16)]), to: &out)
            if quote { out.append(style == .json ? 0x22 : 0x27) }
        case .enum8(let cases), .enum16(let cases):
            let v = type.fixedWidth == 1 ? Int(load(b, row, Int8.self)) : Int(load(b, row, Int16.self))
            TextEscaping.appendQuotedIfNeeded(cases.first { $0.value == v }?.name ?? String(v), style: style, to: &out)
        case .decimal(_, let scale):
            let width = type.fixedWidth ?? 8
            let (neg, digits): (Bool, [UInt8])
            switch width {
            case 4:
                let v = Int64(load(b, row, Int32.self))
                (neg, digits) = (v < 0, Array(String(v.magnitude).utf8))
            case 8:
                let v = load(b, row, Int64.self)
                (neg, digits) = (v < 0, Array(String(v.magnitude).utf8))
            default:
                (neg, digits) = WideIntegerText.digits(UnsafeRawBufferPointer(rebasing: b[(row * width)..<(row * width + width)]), signed: true)
            }
            WideIntegerText.appendDecimal(negative: neg, digits: digits, scale: scale, to: &out)
        default:
            out.append("?")
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// UUIDs are two little-endian UInt64 halves, the first holding the leading 16 hex digits.
    static func appendUUID(_ v: UInt128, to out: inout TextOutput) {
        let first = UInt64(truncatingIfNeeded: v)
        let second = UInt64(truncatingIfNeeded: v >> 64)
        var chars: [UInt8] = []
        chars.reserveCapacity(36)
        for (i, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if i == 8 || i == 12 { chars.append(0x2D) }
            chars.append(hexDigits[Int((first >> UInt64(shift)) & 15)])
        }
        for (i, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if i == 0 || i == 4 { chars.append(0x2D) }
            chars.append(hexDigits[Int((second >> UInt64(shift)) & 15)])
        }
        out.append(contentsOf: chars)
    }

    static func appendIPv4(_ v: UInt32, to out: inout TextOutput) {
        NumberFormatting.append(UInt64(v >> 24), to: &out)
        out.append(0x2E)
        NumberFormatting.append(UInt64((v >> 16) & 255), to: &out)
        out.append(0x2E)
        NumberFormatting.append(UInt64((v >> 8) & 255), to: &out)
        out.append(0x2E)
        NumberFormatting.append(UInt64(v & 255), to: &out)
    }
}
