/// How one value is written: the server's serialization kinds.
enum ValueMode: Sendable, Equatable {
    /// `TabSeparated`: strings escaped (`\t`, `\n`, `\\`…), NULL as `format_tsv_null_representation`.
    case escaped
    /// `TabSeparatedRaw`: strings as they are, NULL as `format_tsv_null_representation`.
    case raw
    /// Inside arrays, tuples and maps and in `Values`: strings and dates in single quotes, NULL as `NULL`.
    case quoted
    /// `CSV`: strings and dates in double quotes (`""` for `"`), NULL as `format_csv_null_representation`.
    case csv
    /// JSON: strings in double quotes with JSON escapes, NULL as `null`.
    case json
    /// The Pretty, Vertical and Markdown formats: strings as they are, NULL as `null`.
    case text(null: [UInt8])
}

/// Writes one cell of a column: the row and the buffer.
typealias CellWriter = (Int, inout TextOutput) -> Void

/// Builds the writers of a column's cells for a ``ValueMode`` and ``FormatSettings``,
/// byte-identical to the server's serializations. The type dispatch happens once per column
/// and block; writing a cell is a closure call.
struct ValueText {
    let settings: FormatSettings
    /// In the `JSON` format's rows (`output_format_json_pretty_print`): the tabs before the key
    /// of the value being written; arrays of composites, tuples and maps then spread over lines.
    var jsonIndent: Int? = nil

    /// The writer for values one level deeper in pretty JSON.
    private var deeper: ValueText {
        var t = self
        t.jsonIndent = jsonIndent.map { $0 + 1 }
        return t
    }

    /// The writer of `column`'s cells in `mode`; `top` is false inside arrays, tuples and maps.
    func writer(_ column: any Column, _ mode: ValueMode, top: Bool = true) -> CellWriter {
        let null = nullText(mode)
        switch column {
        case let c as NullableColumn:
            let nested = writer(c.nested, mode, top: top)
            return { row, out in
                if c.nullMap[row] != 0 { out.append(contentsOf: null) } else { nested(row, &out) }
            }
        case let c as LowCardinalityColumn:
            let nested = writer(c.dictionary, mode, top: top)
            let nullable = c.innerType.isNullable
            return { row, out in
                let i = Int(c.indexes[row])
                if nullable && i == 0 { out.append(contentsOf: null) } else { nested(i, &out) }
            }
        case let c as StringColumn:
            let s = stringWriter(mode)
            return { row, out in c.withBytes(at: row) { s($0, &out) } }
        case let c as FixedStringColumn:
            let s = stringWriter(mode)
            let w = c.width
            return { row, out in c.data.withUnsafeBytes { all in s(UnsafeRawBufferPointer(rebasing: all[(row * w)..<((row + 1) * w)]), &out) } }
        case let c as ArrayColumn:
            if mode == .json, let indent = jsonIndent, c.elements.type.isComposite {
                let e = deeper.writer(c.elements, .json, top: false)
                return { row, out in
                    let range = c.range(at: row)
                    PrettyJSON.open(0x5B, empty: range.isEmpty, to: &out)
                    for i in range {
                        PrettyJSON.item(indent + 1, first: i == range.lowerBound, to: &out)
                        e(i, &out)
                    }
                    PrettyJSON.close(0x5D, indent, empty: range.isEmpty, to: &out)
                }
            }
            return compositeWriter(mode) { inner in
                let e = writer(c.elements, inner, top: false)
                return { row, out in
                    out.append(0x5B)
                    var first = true
                    for i in c.range(at: row) {
                        if !first { out.append(0x2C) }
                        first = false
                        e(i, &out)
                    }
                    out.append(0x5D)
                }
            }
        case let c as MapColumn:
            return compositeWriter(mode) { inner in mapWriter(c, inner) }
        case let c as TupleColumn:
            return tupleWriter(c, mode, top: top)
        case let c as VariantColumn:
            let variants = c.variants.map { writer($0, mode, top: top) }
            return { row, out in
                let d = c.discriminators[row]
                if d == VariantColumn.nullDiscriminator { out.append(contentsOf: null) } else { variants[Int(d)](Int(c.positions[row]), &out) }
            }
        case let c as DynamicColumn:
            return { row, out in
                guard let (column, r) = c.storage(at: row) else { out.append(contentsOf: null); return }
                writer(column, mode, top: top)(r, &out)
            }
        case is NothingColumn:
            return { _, out in out.append(contentsOf: null) }
        case let c as any RawFixedWidthColumn:
            return FixedWidthText(settings: settings, mode: mode, top: top, defaultTimezone: (c as? any DefaultTimezoneColumn)?.defaultTimezone)
                .writer(c)
        default:
            // JSON objects (their JSON text, as a string in the text formats) and anything else
            // (the column's own text).
            if mode == .json { return { row, out in column.writeText(at: row, to: &out, style: .json) } }
            if column.type.isJSONObject {
                let s = stringWriter(mode)
                return { row, out in
                    var text = TextOutput()
                    column.writeText(at: row, to: &text, style: .json)
                    text.bytes.withUnsafeBytes { s($0, &out) }
                }
            }
            let style: TextStyle = mode == .quoted ? .quoted : .tabSeparated
            return { row, out in column.writeText(at: row, to: &out, style: style) }
        }
    }

    /// How NULL is written in `mode`.
    func nullText(_ mode: ValueMode) -> [UInt8] {
        switch mode {
        case .escaped, .raw: return settings.tsvNull
        case .csv: return settings.csvNull
        case .quoted: return Array("NULL".utf8)
        case .json: return Array("null".utf8)
        case .text(let null): return null
        }
    }

    /// Arrays and maps: their quoted text, CSV-quoted as a whole in CSV; JSON arrays in JSON.
    private func compositeWriter(_ mode: ValueMode, _ make: (ValueMode) -> CellWriter) -> CellWriter {
        switch mode {
        case .json: return make(.json)
        case .csv:
            let w = make(.quoted)
            return { row, out in
                var text = TextOutput()
                w(row, &text)
                text.bytes.withUnsafeBytes { StringText.appendCSV($0, to: &out) }
            }
        default: return make(.quoted)
        }
    }

    private func mapWriter(_ c: MapColumn, _ inner: ValueMode) -> CellWriter {
        let pretty = inner == .json ? jsonIndent : nil
        let values = (pretty == nil ? self : deeper).writer(c.values, inner, top: false)
        let keys: CellWriter
        if inner == .json && !(c.keys is StringColumn) {
            // JSON object keys are strings: the key's text, JSON-quoted.
            let text = writer(c.keys, .raw, top: false)
            let escapeSlashes = settings.jsonEscapeForwardSlashes
            keys = { row, out in
                var k = TextOutput()
                text(row, &k)
                k.bytes.withUnsafeBytes { StringText.appendJSON($0, escapeSlashes: escapeSlashes, to: &out) }
            }
        } else {
            keys = writer(c.keys, inner, top: false)
        }
        if let indent = pretty {
            return { row, out in
                let range = c.range(at: row)
                PrettyJSON.open(0x7B, empty: range.isEmpty, to: &out)
                for i in range {
                    PrettyJSON.item(indent + 1, first: i == range.lowerBound, to: &out)
                    keys(i, &out)
                    out.append(0x3A)
                    out.append(0x20)
                    values(i, &out)
                }
                PrettyJSON.close(0x7D, indent, empty: range.isEmpty, to: &out)
            }
        }
        return { row, out in
            out.append(0x7B)
            var first = true
            for i in c.range(at: row) {
                if !first { out.append(0x2C) }
                first = false
                keys(i, &out)
                out.append(0x3A)
                values(i, &out)
            }
            out.append(0x7D)
        }
    }

    private func tupleWriter(_ c: TupleColumn, _ mode: ValueMode, top: Bool) -> CellWriter {
        let names: [String?]
        if case .tuple(let elements) = c.type { names = elements.map(\.name) } else { names = [] }
        switch mode {
        case .json:
            let elements = c.elements.map { (jsonIndent == nil ? self : deeper).writer($0, .json, top: false) }
            let named = settings.jsonNamedTuplesAsObjects && !names.isEmpty && names.allSatisfy { $0 != nil }
            let keys: [[UInt8]] = names.map { name in
                var o = TextOutput()
                var n = name ?? ""
                n.withUTF8 { StringText.appendJSON(UnsafeRawBufferPointer($0), escapeSlashes: settings.jsonEscapeForwardSlashes, to: &o) }
                return o.bytes
            }
            if let indent = jsonIndent {
                return { row, out in
                    PrettyJSON.open(named ? 0x7B : 0x5B, empty: elements.isEmpty, to: &out)
                    for (i, e) in elements.enumerated() {
                        PrettyJSON.item(indent + 1, first: i == 0, to: &out)
                        if named { out.append(contentsOf: keys[i]); out.append(0x3A); out.append(0x20) }
                        e(row, &out)
                    }
                    PrettyJSON.close(named ? 0x7D : 0x5D, indent, empty: elements.isEmpty, to: &out)
                }
            }
            return { row, out in
                out.append(named ? 0x7B : 0x5B)
                for (i, e) in elements.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    if named { out.append(contentsOf: keys[i]); out.append(0x3A) }
                    e(row, &out)
                }
                out.append(named ? 0x7D : 0x5D)
            }
        case .csv where settings.csvTupleColumns:
            let elements = c.elements.map { writer($0, .csv, top: top) }
            let delimiter = settings.csvDelimiter
            return { row, out in
                for (i, e) in elements.enumerated() {
                    if i > 0 { out.append(delimiter) }
                    e(row, &out)
                }
            }
        default:
            return compositeWriter(mode) { _ in
                let elements = c.elements.map { writer($0, .quoted, top: false) }
                return { row, out in
                    out.append(0x28)
                    for (i, e) in elements.enumerated() {
                        if i > 0 { out.append(0x2C) }
                        e(row, &out)
                    }
                    out.append(0x29)
                }
            }
        }
    }

    /// Strings and string-like values (enum names) in `mode`.
    func stringWriter(_ mode: ValueMode) -> (UnsafeRawBufferPointer, inout TextOutput) -> Void {
        switch mode {
        case .escaped: return { b, out in TextEscaping.appendEscaped(b, quoted: false, to: &out) }
        case .raw, .text: return { b, out in out.append(b) }
        case .quoted:
            if settings.valuesEscapeQuoteWithQuote { return { b, out in StringText.appendQuotedDoublingQuotes(b, to: &out) } }
            return { b, out in TextEscaping.appendEscaped(b, quoted: true, to: &out) }
        case .csv: return { b, out in StringText.appendCSV(b, to: &out) }
        case .json:
            let slashes = settings.jsonEscapeForwardSlashes
            return { b, out in StringText.appendJSON(b, escapeSlashes: slashes, to: &out) }
        }
    }
}

/// Columns that render date-times without a timezone of their own in a default one.
protocol DefaultTimezoneColumn {
    var defaultTimezone: String? { get }
}

extension FixedWidthColumn: DefaultTimezoneColumn {}

/// The layout of `output_format_json_pretty_print`: one element per line, indented by tabs.
enum PrettyJSON {
    static func open(_ bracket: UInt8, empty: Bool, to out: inout TextOutput) {
        out.append(bracket)
        if !empty { out.append(0x0A) }
    }

    static func item(_ indent: Int, first: Bool, to out: inout TextOutput) {
        if !first { out.append(0x2C); out.append(0x0A) }
        for _ in 0..<indent { out.append(0x09) }
    }

    static func close(_ bracket: UInt8, _ indent: Int, empty: Bool, to out: inout TextOutput) {
        if !empty {
            out.append(0x0A)
            for _ in 0..<indent { out.append(0x09) }
        }
        out.append(bracket)
    }
}

extension CHType {
    /// Arrays, tuples and maps (under Nullable or LowCardinality too).
    var isComposite: Bool {
        switch self {
        case .array, .tuple, .map, .nested: return true
        case .nullable(let t), .lowCardinality(let t): return t.isComposite
        default: return false
        }
    }

    var isJSONObject: Bool {
        if case .json = self { return true }
        return false
    }
}
