/// `Nothing`: the type of NULL literals and of the elements of empty arrays; a byte per value
/// on the wire, always NULL.
struct NothingFamily: TypeFamily {
    var names: [String] { ["Nothing"] }
    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        try a.none()
        return .nothing
    }
    func name(of type: CHType) -> String { "Nothing" }
    func fixedWidth(of type: CHType) -> Int? { 1 }

    var binaryIndexes: [UInt8] { [0x00] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .nothing }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(0x00) }

    func codec(for type: CHType) throws -> any ColumnCodec { NothingCodec() }

    var storesScalars: Bool { false }
    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        // Only the elements of empty arrays (`Array(Nothing)`) and NULLs have this type.
        for (i, v) in values.enumerated() where v != .null && v != .zero { throw builder.fail(i, v, type) }
        return NothingColumn(count: values.count)
    }

    func sqlShape(of type: CHType) -> SQLShape { .shortText(1) }
}
