/// Decodes ClickHouse's *binary type encoding* (one type-index byte, then parameters), the form
/// in which `Dynamic` values in the shared variant and JSON shared data carry their types.
///
/// Indexes verified against the 26.9 server (`RowBinaryWithNamesAndTypes` with
/// `output_format_binary_encode_types_in_binary_format = 1`): note `Time` is 0x32 and
/// `Time64` 0x34.
enum BinaryTypeDecoder {
    /// Nesting deeper than this is refused (hostile input cannot exhaust the stack).
    static let maximumDepth = 64
    /// Counts of tuple elements, enum cases, variants, paths above this are refused.
    static let maximumCount = 1 << 20

    /// Reads one type.
    static func decode(_ r: ReadBuffer, depth: Int = 0) throws -> CHType {
        guard depth < maximumDepth else {
            throw ClickHouseError.protocolViolation("binary type encoding nested deeper than \(maximumDepth) levels")
        }
        let index = try r.readUInt8()
        switch index {
        case 0x21, 0x24, 0x25:
            let what = index == 0x21 ? "Set" : index == 0x24 ? "Function" : "AggregateFunction"
            throw ClickHouseError.unsupportedType("a Dynamic/JSON value of type \(what) (binary type 0x\(String(index, radix: 16))) cannot be decoded by CHNative")
        default:
            guard let family = TypeFamilies.byBinaryIndex[Int(index)] else {
                throw ClickHouseError.unsupportedType("unknown binary type index 0x\(String(index, radix: 16)) in a Dynamic/JSON value")
            }
            return try family.decodeBinary(index: index, from: BinaryTypeReader(buffer: r, depth: depth))
        }
    }
}
