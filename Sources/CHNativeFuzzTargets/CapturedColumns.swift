import CHNative
/// Columns captured from ClickHouse 26.9 (`FORMAT Native` over HTTP) in the serializations the
/// server chooses with its Native format settings, split into prefix and data so the block fuzz
/// target's seeds can nest them (Array, Tuple, Map) and the offline tests can rebuild the
/// captured blocks (`FlattenedDecodingTests`).
package enum CapturedColumns {
    /// One column of a captured block: its type name, the serialization prefix (the
    /// `serializeBinaryBulkStatePrefix` bytes) and the data for ``rows`` rows.
    package struct Part: Sendable {
        /// The column's type name.
        package let type: String
        /// The prefix bytes (the structure version first).
        package let prefix: [UInt8]
        /// The rows' data.
        package let data: [UInt8]
        /// How many rows ``data`` holds.
        package let rows: Int

        package init(type: String, prefix: [UInt8], data: [UInt8], rows: Int) {
            self.type = type
            self.prefix = prefix
            self.data = data
            self.rows = rows
        }
    }

    /// `Dynamic(max_types=1)` holding UInt8 1, String "ab", NULL and Array(UInt8) [1,2], with
    /// `output_format_native_use_flattened_dynamic_and_json_serialization = 1` (version 3).
    package static let flattenedDynamic = Part(
        type: "Dynamic(max_types=1)",
        prefix: bytes("0300000000000000030555496e74380c41727261792855496e74382906537472696e67"),
        data: bytes("000203010102000000000000000102026162"), rows: 4)

    /// `JSON(max_dynamic_paths=1, a UInt32)` with the dynamic paths `b.c` (Array(Nullable(Int64)))
    /// and `d` (String), same setting (version 3).
    package static let flattenedJSON = Part(
        type: "JSON(max_dynamic_paths=1, a UInt32)",
        prefix: bytes("03000000000000000203622e630164030000000000000001164172726179284e756c6c61626c6528496e743634292903000000000000000106537472696e67"),
        data: bytes("01000000020000000000000000000000000101010200000000000000000001000000000000000200000000000000010101000178"),
        rows: 4)

    /// `JSON` with `output_format_native_write_json_as_string = 1` (version 1): the texts
    /// `{"a":1,"s":"t\\tx"}` and `{}`.
    package static let jsonAsString = Part(
        type: "JSON", prefix: bytes("0100000000000000"),
        data: bytes("127b2261223a312c2273223a22745c7478227d027b7d"), rows: 2)

    /// A Native block (revision 0) of `columns` (name, part), all with the same row count.
    package static func block(_ columns: [(name: String, part: Part)]) -> [UInt8] {
        var out = varUInt(columns.count) + varUInt(columns.first?.part.rows ?? 0)
        for (name, part) in columns {
            out += string(name) + string(part.type) + part.prefix + part.data
        }
        return out
    }

    /// The bytes of a hex string.
    package static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { i in
            UInt8(String(decoding: digits[i...(i + 1)], as: UTF8.self), radix: 16) ?? 0
        }
    }

    /// A var-UInt (LEB128), as ``WriteBuffer`` writes it.
    package static func varUInt(_ value: Int) -> [UInt8] {
        let w = WriteBuffer(capacity: 16)
        w.writeVarUInt(UInt64(value))
        return w.array
    }

    /// A length-prefixed string, as ``WriteBuffer`` writes it.
    package static func string(_ s: String) -> [UInt8] {
        let w = WriteBuffer(capacity: s.utf8.count + 16)
        w.writeString(s)
        return w.array
    }
}
