// Block seeds with the serializations the server picks through its Native format settings:
// flattened Dynamic and JSON (version 3) and JSON as text (version 1), from the columns captured
// from ClickHouse 26.9 (CapturedColumns), alone and nested in Array, Tuple and Map.
import CHNative
import CHNativeFuzzTargets

extension Seeds {
    typealias Part = CapturedColumns.Part

    /// `Array(T)` with one element per row (the prefix comes first, then offsets, then data).
    static func array(_ p: Part) -> Part {
        Part(type: "Array(\(p.type))", prefix: p.prefix, data: offsets(p.rows) + p.data, rows: p.rows)
    }

    /// `Map(String, T)` with one entry per row.
    static func map(_ p: Part) -> Part {
        let keys = (0..<p.rows).flatMap { CapturedColumns.string("k\($0)") }
        return Part(type: "Map(String, \(p.type))", prefix: p.prefix, data: offsets(p.rows) + keys + p.data, rows: p.rows)
    }

    /// `Tuple(A, B)` (same row counts): both prefixes, then both data.
    static func tuple(_ a: Part, _ b: Part) -> Part {
        Part(type: "Tuple(\(a.type), \(b.type))", prefix: a.prefix + b.prefix, data: a.data + b.data, rows: a.rows)
    }

    /// Array offsets 1, 2, ... `rows` (UInt64 little-endian).
    static func offsets(_ rows: Int) -> [UInt8] {
        (0..<rows).flatMap { i in (0..<8).map { UInt8(truncatingIfNeeded: (i + 1) >> (8 * $0)) } }
    }

    /// The same columns as a block of the current revision: block info, and a "no custom
    /// serialization" byte after each type name.
    static func currentRevisionBlock(_ columns: [(name: String, part: Part)]) -> [UInt8] {
        var out: [UInt8] = [1, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0]
        out += CapturedColumns.varUInt(columns.count) + CapturedColumns.varUInt(columns.first?.part.rows ?? 0)
        for (name, part) in columns {
            out += CapturedColumns.string(name) + CapturedColumns.string(part.type) + [0] + part.prefix + part.data
        }
        return out
    }

    /// JSON texts that stretch the text parser and the paths built from it: duplicate and
    /// overlapping keys, empty path parts, numbers beyond Int64 and Double, escapes, surrogates.
    static let jsonTexts = [
        #"{"a":1,"a":{"b":1},"a.b":"x"}"#, #"{"":1,"a.":2,".b":3}"#, #"{"a":[1,"x",{"b":null},[[]]]}"#,
        #"{"a":1e400,"b":18446744073709551616,"c":-9223372036854775809,"d":-0.5E+3}"#,
        #"{"s":"\ud83d\ude00\ud800\u0041\n\\\/"}"#, #"{"a":true,"b":false,"c":null,"d":{}}"#, "[1]", #"{"a":-}"#,
    ]

    /// `JSON(a UInt32)` as text (version 1) with ``jsonTexts``.
    static var jsonTextEdges: Part {
        Part(type: "JSON(a UInt32)", prefix: CapturedColumns.jsonAsString.prefix,
             data: jsonTexts.flatMap { CapturedColumns.string($0) }, rows: jsonTexts.count)
    }

    /// Named block seeds (the first byte picks the revision, as the block target reads it).
    static func flattenedBlocks() -> [(String, [UInt8])] {
        let d = CapturedColumns.flattenedDynamic, j = CapturedColumns.flattenedJSON, s = CapturedColumns.jsonAsString
        let sets: [(String, [(name: String, part: Part)])] = [
            ("flat-dynamic-json", [("d", d), ("j", j)]),
            ("flat-dynamic", [("d", d)]),
            ("flat-json", [("j", j)]),
            ("json-string", [("j", s)]),
            ("flat-array", [("d", array(d)), ("j", array(j))]),
            ("flat-map", [("d", map(d)), ("j", map(j))]),
            ("flat-tuple", [("t", tuple(d, j))]),
            ("flat-nested", [("t", tuple(array(d), map(j))), ("a", array(array(d)))]),
            ("json-string-nested", [("a", array(s)), ("m", map(s)), ("t", tuple(s, array(s)))]),
            ("json-string-edges", [("j", jsonTextEdges)]),
        ]
        return sets.flatMap { name, columns in
            [(name, [0] + CapturedColumns.block(columns)), (name + "@current", [1] + currentRevisionBlock(columns))]
        }
    }
}
