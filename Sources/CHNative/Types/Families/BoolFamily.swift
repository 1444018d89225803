/// `Bool`: one byte, 0 or 1; `true`/`false` in text (or `bool_true_representation` /
/// `bool_false_representation` at the top of the text formats).
struct BoolFamily: TypeFamily {
    var names: [String] { ["Bool"] }
    func parse(_ name: String, _ arguments: TypeArguments) throws -> CHType {
        try arguments.none()
        return .bool
    }
    func name(of type: CHType) -> String { "Bool" }
    func fixedWidth(of type: CHType) -> Int? { 1 }

    var binaryIndexes: [UInt8] { [0x2D] }
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType { .bool }
    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws { w.writeUInt8(0x2D) }

    func codec(for type: CHType) throws -> any ColumnCodec { FixedWidthCodec<UInt8>(type: type) }

    func value(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?) -> CHValue {
        .bool(load(b, row, UInt8.self) != 0)
    }
    func writeText(_ type: CHType, _ b: UnsafeRawBufferPointer, row: Int, defaultTimezone: String?, to out: inout TextOutput, style: TextStyle) {
        out.append(load(b, row, UInt8.self) != 0 ? "true" : "false")
    }
    func cellWriter(_ c: any RawFixedWidthColumn, _ text: FixedWidthText) -> CellWriter? {
        let custom = text.top && (text.mode == .escaped || text.mode == .raw || text.mode == .csv || text.isText)
        let (yes, no) = custom ? (text.settings.boolTrue, text.settings.boolFalse) : (Array("true".utf8), Array("false".utf8))
        return text.plain(c) { b, r, out in out.append(contentsOf: load(b, r, UInt8.self) != 0 ? yes : no) }
    }

    func cellPlan(_ column: any Column, _ context: CellPlanContext) -> CellPlan? {
        // Top-level Bool follows bool_true/false_representation; inside arrays it is true/false.
        let s = context.settings
        let (yes, no) = context.top ? (s.boolTrue, s.boolFalse) : (Array("true".utf8), Array("false".utf8))
        return (column as? FixedWidthColumn<UInt8>).map { BoolCells($0.values, yes: yes, no: no) }
    }

    func textAppender(_ type: CHType, _ context: ValueContext) throws -> any ValueAppender {
        BoolAppender(BoolParser(), context: context)
    }

    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        try builder.fixed(type, values) { i, v -> UInt8 in
            switch v {
            case .zero: return 0
            case .bool(let b): return b ? 1 : 0
            case .int(let x) where x == 0 || x == 1: return UInt8(x)
            case .uint(let x) where x <= 1: return UInt8(x)
            default: throw builder.fail(i, v, type)
            }
        }
    }

    func sqlShape(of type: CHType) -> SQLShape { .bit }
}
