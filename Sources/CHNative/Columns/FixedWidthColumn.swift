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
        values.withUnsafeBytes { type.family.value(type, $0, row: row, defaultTimezone: defaultTimezone) }
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        values.withUnsafeBytes { type.family.writeText(type, $0, row: row, defaultTimezone: defaultTimezone, to: &out, style: style) }
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

/// Text of UUIDs and IPv4 addresses straight from their bytes (boxing and the text of each
/// type are its family's, in `Types/Families/`).
enum FixedWidthFormatting {
    @inline(__always)
    static func load<T: BitwiseCopyable>(_ bytes: UnsafeRawBufferPointer, _ row: Int, _: T.Type) -> T {
        bytes.loadUnaligned(fromByteOffset: row * MemoryLayout<T>.size, as: T.self)
    }

    /// Row `row` of fixed-width storage as text in `style` (its family writes it).
    static func writeText(type: CHType, bytes: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?,
                          to out: inout TextOutput, style: TextStyle) {
        type.family.writeText(type, bytes, row: row, defaultTimezone: defaultTimezone, to: &out, style: style)
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
