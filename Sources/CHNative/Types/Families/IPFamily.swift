#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `IPv4` (UInt32, most significant byte first in text) and `IPv6` (16 bytes in network order).
struct IPFamily: TypeFamily {
    var names: [String] { ["IPv4", "IPv6"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.none()
        return name == "IPv4" ? .ipv4 : .ipv6
    }
    func name(of type: CHType) -> String { type == .ipv4 ? "IPv4" : "IPv6" }
    func fixedWidth(of type: CHType) -> Int? { type == .ipv4 ? 4 : 16 }

    var binaryIndexes: [UInt8] { [0x28, 0x29] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { index == 0x28 ? .ipv4 : .ipv6 }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(type == .ipv4 ? 0x28 : 0x29) }

    func codec(for type: CHType) throws -> any ColumnCodec {
        type == .ipv4 ? FixedWidthCodec<UInt32>(type: type) : FixedWidthCodec<UInt128>(type: type)
    }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        if type == .ipv4 { return .ipv4(load(b, row, UInt32.self)) }
        return .ipv6([UInt8](UnsafeRawBufferPointer(rebasing: b[(row * 16)..<(row * 16 + 16)])))
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        let quote = style.quote
        if quote != 0 { out.append(quote) }
        if type == .ipv4 {
            FixedWidthFormatting.appendIPv4(load(b, row, UInt32.self), to: &out)
        } else {
            IPText.appendIPv6(UnsafeRawBufferPointer(rebasing: b[(row * 16)..<(row * 16 + 16)]), to: &out)
        }
        if quote != 0 { out.append(quote) }
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let type = c.type
        return text.quoted(c) { b, r, out in writeText(type, b, row: r, defaultTimezone: nil, to: &out, style: .tabSeparated) }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        type == .ipv4 ? IPv4Appender(IPv4Parser(), context: context) : IPv6Appender(IPv6Parser(), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        if type == .ipv6 { return try builder.fixed(type, values) { i, v -> UInt128 in try builder.ipv6(i, v, type) } }
        return try builder.fixed(type, values) { i, v -> UInt32 in
            switch v {
            case .zero: return 0
            case .uint(let x): if let r = UInt32(exactly: x) { return r }
            case .int(let x): if let r = UInt32(exactly: x) { return r }
            case .string(let s):
                var addr = in_addr()
                if inet_pton(AF_INET, s, &addr) == 1 { return UInt32(bigEndian: addr.s_addr) }
            default: break
            }
            throw builder.fail(i, v, type, "expected an IPv4 address")
        }
    }

    func sqlShape(of type: CHType) -> SQLShape { .shortText(type == .ipv4 ? 15 : 39) }
}
