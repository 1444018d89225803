import Foundation

/// `UUID`: two little-endian UInt64 halves, the first holding the leading 16 hex digits.
struct UUIDFamily: TypeFamily {
    var names: [String] { ["UUID"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.none()
        return .uuid
    }
    func name(of type: CHType) -> String { "UUID" }
    func fixedWidth(of type: CHType) -> Int? { 16 }

    var binaryIndexes: [UInt8] { [0x1D] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .uuid }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(0x1D) }

    func codec(for type: CHType) throws -> any ColumnCodec { FixedWidthCodec<UInt128>(type: type) }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        .uuid(load(b, row, UInt128.self))
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        let quote = style.quote
        if quote != 0 { out.append(quote) }
        FixedWidthFormatting.appendUUID(load(b, row, UInt128.self), to: &out)
        if quote != 0 { out.append(quote) }
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        text.quoted(c) { b, r, out in FixedWidthFormatting.appendUUID(load(b, r, UInt128.self), to: &out) }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        UUIDAppender(UUIDParser(), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        try builder.fixed(type, values) { i, v -> UInt128 in
            switch v {
            case .zero: return 0
            case .uuid(let u): return UUIDStorage.storage(u)
            case .string(let s):
                guard let u = UUID(uuidString: s) else { throw builder.fail(i, v, type, "not a UUID") }
                return UUIDStorage.storage(u)
            default: throw builder.fail(i, v, type)
            }
        }
    }

    func sqlShape(of type: CHType) -> SQLShape { .guid }
}
