/// Named tuples as the Pretty formats draw them (`output_format_pretty_named_tuples_as_json`):
/// a JSON object spread over lines, byte-identical to the server's.
///
/// The entry object has its keys two spaces in and its closing brace at the margin; an object
/// or array one level deeper (depth d ≥ 2) has its keys or elements d + 1 spaces in and its
/// closing bracket d spaces in. Inside, a named tuple or a map is an object, a tuple without
/// names is an array, an array of arrays, tuples or maps is spread over lines and any other array
/// stays on one line (`[1,2]`), and other values are JSON values. At the top, an array or a map
/// of named tuples holds entry objects in its text form (`[{…},{…}]`, `{'k':{…}}`).
enum PrettyTupleJSON {
    /// Whether a column of `type` is drawn by ``writer(_:_:)``.
    static func draws(_ type: CHType) -> Bool {
        switch type {
        case .tuple(let elements): return isNamed(elements) && elements.allSatisfy { inner($0.type) }
        case .array(let e): return isNamedTuple(e) && draws(e)
        case .map(let k, let v): return !k.isComposite && isNamedTuple(v) && draws(v)
        default: return false
        }
    }

    /// The writer of a top-level column ``draws(_:)`` accepts; `nil` for any other.
    static func writer(_ column: any Column, _ text: ValueText) -> CellWriter? {
        guard draws(column.type) else { return nil }
        switch column {
        case let c as TupleColumn: return object(c, keyIndent: 2, closeIndent: 0, text)
        case let c as ArrayColumn:
            guard let entry = writer(c.elements, text) else { return nil }
            return { row, out in inline(c.range(at: row), open: 0x5B, close: 0x5D, &out) { i, out in entry(i, &out) } }
        case let c as MapColumn:
            guard let entry = writer(c.values, text) else { return nil }
            let key = text.writer(c.keys, .quoted, top: false)
            return { row, out in
                inline(c.range(at: row), open: 0x7B, close: 0x7D, &out) { i, out in
                    key(i, &out)
                    out.append(0x3A)
                    entry(i, &out)
                }
            }
        default: return nil
        }
    }

    private static func isNamed(_ elements: [CHType.TupleElement]) -> Bool {
        !elements.isEmpty && elements.allSatisfy { $0.name != nil }
    }

    private static func isNamedTuple(_ type: CHType) -> Bool {
        if case .tuple(let elements) = type { return isNamed(elements) }
        return false
    }

    /// Whether a value of `type` inside the object can be drawn.
    private static func inner(_ type: CHType) -> Bool {
        switch type {
        case .tuple(let elements): return !elements.isEmpty && elements.allSatisfy { inner($0.type) }
        case .array(let e): return inner(e)
        case .map(let k, let v): return keyIsText(k) && inner(v)
        case .nullable(let t), .lowCardinality(let t): return inner(t)
        case .variant, .dynamic, .json, .nested, .geo, .aggregateFunction, .other: return false
        default: return true
        }
    }

    private static func keyIsText(_ type: CHType) -> Bool {
        switch type {
        case .string, .fixedString: return true
        case .lowCardinality(let t), .nullable(let t): return keyIsText(t)
        default: return false
        }
    }

    private static func spaces(_ n: Int, _ out: inout TextOutput) {
        for _ in 0..<n { out.append(0x20) }
    }

    /// A value `depth` levels in (the entry object's values are at depth 2).
    private static func value(_ column: any Column, depth: Int, _ text: ValueText) -> CellWriter? {
        switch column {
        case let c as TupleColumn:
            guard case .tuple(let elements) = c.type else { return nil }
            if isNamed(elements) { return object(c, keyIndent: depth + 1, closeIndent: depth, text) }
            let items = c.elements.map { value($0, depth: depth + 1, text) }
            guard items.allSatisfy({ $0 != nil }) else { return nil }
            let writers = items.compactMap { $0 }
            return { row, out in
                out.append("[\n")
                for (i, w) in writers.enumerated() {
                    if i > 0 { out.append(",\n") }
                    spaces(depth + 1, &out)
                    w(row, &out)
                }
                out.append(0x0A)
                spaces(depth, &out)
                out.append(0x5D)
            }
        case let c as ArrayColumn where c.elements.type.isComposite:
            guard let element = value(c.elements, depth: depth + 1, text) else { return nil }
            return { row, out in
                spread(c.range(at: row), open: 0x5B, close: 0x5D, depth: depth, &out) { i, out in element(i, &out) }
            }
        case let c as MapColumn:
            guard keyIsText(c.keys.type), let v = value(c.values, depth: depth + 1, text) else { return nil }
            let key = text.writer(c.keys, .json, top: false)
            return { row, out in
                spread(c.range(at: row), open: 0x7B, close: 0x7D, depth: depth, &out) { i, out in
                    key(i, &out)
                    out.append(": ")
                    v(i, &out)
                }
            }
        default:
            guard inner(column.type) else { return nil }
            return text.writer(column, .json, top: false)
        }
    }

    /// Items `range` on one line, comma-separated, between brackets (the top level's text form).
    private static func inline(_ range: Range<Int>, open: UInt8, close: UInt8, _ out: inout TextOutput,
                               item: (Int, inout TextOutput) -> Void) {
        out.append(open)
        for i in range {
            if i > range.lowerBound { out.append(0x2C) }
            item(i, &out)
        }
        out.append(close)
    }

    /// Items `range` one per line, `depth + 1` spaces in, between brackets (`[]`/`{}` when empty).
    private static func spread(_ range: Range<Int>, open: UInt8, close: UInt8, depth: Int, _ out: inout TextOutput,
                               item: (Int, inout TextOutput) -> Void) {
        out.append(open)
        guard !range.isEmpty else { out.append(close); return }
        out.append(0x0A)
        for i in range {
            if i > range.lowerBound { out.append(",\n") }
            spaces(depth + 1, &out)
            item(i, &out)
        }
        out.append(0x0A)
        spaces(depth, &out)
        out.append(close)
    }

    /// A named tuple as an object: keys `keyIndent` spaces in, the brace `closeIndent` in.
    private static func object(_ c: TupleColumn, keyIndent: Int, closeIndent: Int, _ text: ValueText) -> CellWriter? {
        guard case .tuple(let elements) = c.type else { return nil }
        let keys = JSONRows.keys(elements.map { $0.name ?? "" }, text.settings)
        let items = c.elements.map { value($0, depth: keyIndent, text) }
        guard items.allSatisfy({ $0 != nil }) else { return nil }
        let writers = items.compactMap { $0 }
        return { row, out in
            out.append("{\n")
            for (i, w) in writers.enumerated() {
                if i > 0 { out.append(",\n") }
                spaces(keyIndent, &out)
                out.append(contentsOf: keys[i])
                out.append(": ")
                w(row, &out)
            }
            out.append(0x0A)
            spaces(closeIndent, &out)
            out.append(0x7D)
        }
    }
}
