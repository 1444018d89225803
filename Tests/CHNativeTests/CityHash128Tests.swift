import Testing
@testable import CHNative

/// Reference values for CityHash128 v1.0.2.
///
/// Expected `(low, high)` pairs were produced by the independent C implementation
/// in the `clickhouse_cityhash` Python package (1.0.2.6, the one `clickhouse-driver`
/// uses); that package returns the hash as the integer `(low << 64) | high`.
/// The real frames below were written by ClickHouse server 18.16.1 (MergeTree
/// column `.bin` files, which use the same compressed-frame format as the native
/// protocol).
@Suite("CityHash128 (v1.0.2)")
struct CityHash128Tests {
    /// Deterministic input: byte `i` is `(i * 31 + 7) & 0xFF`.
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    static func bytes(hex: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(hex.utf8.count / 2)
        var iterator = hex.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: preconditionFailure("bad hex digit")
            }
        }
        while let hi = iterator.next(), let lo = iterator.next() {
            out.append(nibble(hi) << 4 | nibble(lo))
        }
        return out
    }

    /// The 16 wire bytes ClickHouse writes for a checksum: `low` LE, then `high` LE.
    static func wireBytes(_ h: (low: UInt64, high: UInt64)) -> [UInt8] {
        var out = [UInt8]()
        withUnsafeBytes(of: h.low.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: h.high.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        let length: Int
        let low: UInt64
        let high: UInt64
        var testDescription: String { "\(length) bytes" }
    }

    private static let patternTable: [(Int, UInt64, UInt64)] = [
        (0, 0x3df0_9dfc_64c0_9a2b, 0x3cb5_40c3_92e5_1e29),
        (1, 0x8be5_5b37_9cce_0e40, 0x05ab_4744_478b_1cba),
        (3, 0xe407_deda_7bb0_f294, 0x0a3a_0d14_6e27_f1bd),
        (7, 0xd7ba_2459_ab7c_2913, 0x53dd_430b_513c_a460),
        (8, 0xf5a4_ca47_2081_36a0, 0x3dd4_575b_3d46_e5ab),
        (15, 0xd956_065c_63d9_ab15, 0x9623_caad_d003_7b73),
        (16, 0x3f3a_3275_564b_7f48, 0xb48a_2a7a_16ba_c60b),
        (17, 0xaee3_4bf6_8bb2_e0a2, 0xe0d6_9105_55f0_0b87),
        (31, 0x9b7f_93e5_ecfa_ed63, 0xd646_e401_54fb_0d6b),
        (32, 0x250e_8c80_07bf_ad61, 0xe424_86b6_776a_e8db),
        (33, 0x4e49_5b05_7af3_b520, 0xabae_1d24_f184_10b5),
        (63, 0x361d_b35b_3402_a110, 0x51bf_6fff_2d82_35c5),
        (64, 0xe225_cf33_b373_dc02, 0x8d25_2ce5_152d_6d96),
        (65, 0xfd6a_c7f8_99cf_a4de, 0x4dc6_6fa8_94d3_0552),
        (127, 0xc244_dc8a_06ce_8c41, 0xf30e_2cf6_b336_29a6),
        (128, 0xba86_3c0c_70f3_2346, 0x24b1_56fc_6f3c_170a),
        (129, 0x2385_9806_4c8e_e2f1, 0x6c89_b926_3ef7_410b),
        // 144 = 16 seed bytes + 128: first length taking the long (non-Murmur) path.
        (143, 0x59ab_ee69_ce16_e6a3, 0x83e9_1d7a_8903_bfbe),
        (144, 0x2ca8_2631_884c_46a7, 0x71ed_b8d5_0338_bb1f),
        (145, 0x9ccb_0be2_ac15_8b86, 0x0276_59f0_bca6_350e),
        (175, 0xbc0e_dcc4_bbcc_122f, 0x1796_0d55_d067_e3f7),
        (176, 0xc8fb_7c1f_4e47_5055, 0x66ae_57de_4f23_dbf4),
        (177, 0xf6ab_abb2_0e40_ab3b, 0x2cec_6207_f556_3cc2),
        (200, 0x67b5_c9a4_f885_f24b, 0xb4a0_f54a_5808_2487),
        (271, 0x9328_20d1_fe2b_d810, 0xad61_c682_c09d_9457),
        (272, 0x6bfe_947d_1913_7698, 0xaef5_6ae9_9e19_66e0),
        (273, 0x6b24_f28b_df4f_082b, 0x3c5d_1acd_ddb2_6f29),
        (1000, 0x597f_f495_7972_ad7e, 0x7f39_a4ab_d7c0_10e1),
        (4096, 0x1bd1_1ecf_d108_678f, 0x723d_5024_9042_33bb),
        (100_000, 0xfac7_4147_6a45_c863, 0x150d_ebef_fe87_7e18),
    ]

    static let patternVectors: [Vector] = patternTable.map {
        Vector(length: $0.0, low: $0.1, high: $0.2)
    }

    @Test("Pattern vectors match clickhouse_cityhash", arguments: patternVectors)
    func patternVector(_ v: Vector) {
        let h = CityHash128.hash(Self.pattern(v.length))
        #expect(h.low == v.low)
        #expect(h.high == v.high)
    }

    @Test("Raw-buffer overload agrees, including unaligned and empty buffers")
    func rawBufferOverload() {
        // Empty buffer with a nil base address.
        let empty = CityHash128.hash(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(empty.low == 0x3df0_9dfc_64c0_9a2b)
        #expect(empty.high == 0x3cb5_40c3_92e5_1e29)

        // Every vector hashed at an odd offset inside a larger buffer.
        for v in Self.patternVectors where v.length <= 4096 {
            let padded = [0xAA, 0xBB, 0xCC] + Self.pattern(v.length) + [0xDD]
            let h = padded.withUnsafeBytes { raw in
                CityHash128.hash(UnsafeRawBufferPointer(rebasing: raw[3 ..< 3 + v.length]))
            }
            #expect(h.low == v.low, "length \(v.length)")
            #expect(h.high == v.high, "length \(v.length)")
        }
    }

    @Test("Short strings")
    func shortStrings() {
        let abc = CityHash128.hash(Array("abc".utf8))
        #expect(abc.low == 0x900f_f195_5777_48fe)
        #expect(abc.high == 0x13a9_1763_55b2_0d7e)
        let ch = CityHash128.hash(Array("ClickHouse".utf8))
        #expect(ch.low == 0x3704_cc81_c00b_b612)
        #expect(ch.high == 0x76d4_3ac4_baf9_1402)
    }

    /// Real frames written by ClickHouse: 16-byte checksum, then method byte
    /// (0x82 = LZ4), compressed size (UInt32 LE, includes the 9 header bytes),
    /// uncompressed size (UInt32 LE) and the LZ4 payload.
    static let clickHouseFrames: [String] = [
        // String column, 4 rows: 44 hashed bytes (CityMurmur path).
        "5bf4dc031ed22cba52d551917f0ed11f822c0000002f000000f2020568656c6c6f0a436c69636b486f757365"
            + "110011171700182006005068656c6c6f",
        // UInt16 column, 100 pseudo-random rows: 211 hashed bytes (long path + tail).
        "d67376bf9258b8e59d46d3c0f1283d3282d3000000c8000000f0b90ad07c200debc95276ae09ab4bb1a2d63d"
            + "eed270a0f497a5d4e777e41d220dac560c41c4d0693aac21420d6f0608f2bc16f94028744ccd07b275ef79"
            + "f3f304d4c1d79d38a812b234a54f421e3ae6471314333fc933502db5a79405c227826aca6eed7d7abf08a3"
            + "9eb3bb6a45e8e70364eee4934281c6941891b438d21a6f2ec7773a2614422e9ca8b3b95c258ee767ce850b"
            + "68d2943821945005dd20a11d3a93400d9a76a100ab8f0cfa374eadf87ca1410b6a9a28f79cdedcc287909c"
            + "2489516d833ce256b29c31",
    ]

    @Test("Checksums of real ClickHouse compressed frames (wire order: low LE, high LE)",
          arguments: clickHouseFrames)
    func clickHouseFrame(_ hex: String) {
        let frame = Self.bytes(hex: hex)
        let checksum = Array(frame[0 ..< 16])
        let method = frame[16]
        let compressedSize = Int(frame[17]) | Int(frame[18]) << 8 | Int(frame[19]) << 16
            | Int(frame[20]) << 24
        #expect(method == 0x82)
        #expect(compressedSize == frame.count - 16)

        let h = frame.withUnsafeBytes { raw in
            CityHash128.hash(UnsafeRawBufferPointer(rebasing: raw[16...]))
        }
        #expect(Self.wireBytes(h) == checksum)
    }

    @Test("Known frame checksum decomposes into (low, high)")
    func frameChecksumWords() {
        // First frame above: checksum bytes 5bf4dc031ed22cba 52d551917f0ed11f.
        let frame = Self.bytes(hex: Self.clickHouseFrames[0])
        let h = CityHash128.hash(Array(frame[16...]))
        #expect(h.low == 0xba2c_d21e_03dc_f45b)
        #expect(h.high == 0x1fd1_0e7f_9151_d552)
    }
}
