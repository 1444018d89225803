/// Enum8 and Enum16: a name of the enum, or (when no name matches) one of its numbers;
/// inside arrays, tuples and maps the name in single quotes. JSON: a name or a number.
struct EnumParser<T: FixedWidthInteger & SignedInteger & BitwiseCopyable & Sendable>: ScalarTextParser {
    let type: CHType
    private let names: [([UInt8], T)]
    private let values: Set<Int>
    /// The server's default for an enum: its smallest number.
    let zero: T
    var quotedInComposites: Bool { true }
    var readsEscapedText: Bool { true }

    init(type: CHType, cases: [CHType.EnumCase]) {
        self.type = type
        names = cases.map { (Array($0.name.utf8), T(truncatingIfNeeded: $0.value)) }
        values = Set(cases.map(\.value))
        zero = T(truncatingIfNeeded: cases.map(\.value).min() ?? 0)
    }

    func parse(_ text: UnsafeRawBufferPointer) throws -> T {
        for (name, value) in names where name.count == text.count && name.elementsEqual(text) { return value }
        if let n = try? IntegerParser<Int64>.integer(text, type: .int64), !text.isEmpty, values.contains(Int(n)) {
            return T(truncatingIfNeeded: n)
        }
        throw ValueProblem("\(ValueProblem.show(text)) is neither a name nor a number of \(type.name)")
    }

    /// NULL for the column, an empty CSV field: the server stores the number 0, valid or not.
    func insertDefault() throws -> T {
        guard values.contains(0) else {
            throw ValueProblem("the server would store the number 0 here, which is none of the values of \(type.name); give a value")
        }
        return 0
    }

    func parseJSON(_ value: JSONScalar) throws -> T {
        switch value {
        case .string(let text), .number(let text): return try parse(text)
        default: throw ValueProblem("expected a name or number of \(type.name), found \(value.kindName)")
        }
    }
}
