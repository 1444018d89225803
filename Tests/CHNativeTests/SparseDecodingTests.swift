import Testing
@testable import CHNative

/// Sparse columns as the 26.9 server sent them at revision 54465 (bytes captured from the wire).
@Suite struct SparseDecodingTests {
    static func bytes(_ hex: String) -> [UInt8] {
        hex.split(separator: " ").compactMap { UInt8($0, radix: 16) }
    }

    /// A 12-row block of `a UInt64` (non-default at rows 3 and 8), `s String` (row 7) and
    /// `t Tuple(x UInt32, y String)` with sparse elements (x at row 2, y all default).
    static let block = bytes("""
        01 00 02 ff ff ff ff 00 03 0c \
        01 61 06 55 49 6e 74 36 34 01 01 03 04 83 80 80 80 80 80 80 80 40 03 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 \
        01 73 06 53 74 72 69 6e 67 01 01 07 84 80 80 80 80 80 80 80 40 01 78 \
        01 74 19 54 75 70 6c 65 28 78 20 55 49 6e 74 33 32 2c 20 79 20 53 74 72 69 6e 67 29 01 00 01 01 \
        02 89 80 80 80 80 80 80 80 40 09 00 00 00 8c 80 80 80 80 80 80 80 40
        """)

    @Test func decodesSparseColumnsIntoDenseOnes() throws {
        let block = try BlockReader.read(from: ReadBuffer(bytes: SparseDecodingTests.block), revision: 54465, context: DecodeContext(defaultTimezone: nil))
        #expect(block.rowCount == 12)
        let a = try block.column(named: "a", as: FixedWidthColumn<UInt64>.self)
        #expect(a.values == [0, 0, 0, 3, 0, 0, 0, 0, 8, 0, 0, 0])
        let s = try block.column(named: "s", as: StringColumn.self)
        #expect((0..<12).map { s.string(at: $0) } == ["", "", "", "", "", "", "", "x", "", "", "", ""])
        var f = ResultFormatter(format: .tabSeparated)
        var out = TextOutput()
        f.write(try Block([("t", block.columns[2])]), to: &out)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "(0,'')\n(0,'')\n(9,'')\n" + String(repeating: "(0,'')\n", count: 9))
    }

    @Test func refusesSparseBelowItsRevisionAndBrokenGroups() throws {
        #expect(throws: ClickHouseError.self) {
            _ = try BlockReader.read(from: ReadBuffer(bytes: SparseDecodingTests.block), revision: 54460, context: DecodeContext(defaultTimezone: nil))
        }
        // A group of defaults that runs past the row count.
        var bad = SparseDecodingTests.block
        if let i = bad.firstIndex(of: 0x04) { bad[i] = 0x7F }
        #expect(throws: ClickHouseError.self) {
            _ = try BlockReader.read(from: ReadBuffer(bytes: bad), revision: 54465, context: DecodeContext(defaultTimezone: nil))
        }
    }
}
