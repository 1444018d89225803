/// Writes ClickHouse's *binary type encoding* (the inverse of ``BinaryTypeDecoder``), for
/// values CHNative puts into a `Dynamic`'s shared variant or a `JSON` column's shared data.
enum BinaryTypeEncoder {
    static func encode(_ type: CHType, to w: WriteBuffer) throws {
        try type.family.encodeBinary(type, to: w)
    }
}
