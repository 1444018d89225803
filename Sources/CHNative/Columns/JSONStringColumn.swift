/// A `JSON` column sent in the string serialization (object serialization version 1, which
/// the server uses with `output_format_native_write_json_as_string = 1`): one JSON text per
/// row, as the server rendered it.
///
/// Text output is that JSON text (escaped for TabSeparated and quoted styles, as the server
/// escapes a JSON value). ``value(at:)`` and `Codable` see the row as the object the text
/// describes: its leaves as dotted paths, with the types a Swift value of that shape is given
/// on insert (integers `Int64`, other numbers `Float64`, text `String`, typed paths their
/// declared types) — see ``object(at:)``. Re-inserting the column sends the texts in the string
/// serialization, which the server parses into its JSON type.
public struct JSONStringColumn: Column {
    public let type: CHType
    /// The rows' JSON texts.
    public let texts: StringColumn

    init(type: CHType, texts: StringColumn) {
        self.type = type
        self.texts = texts
    }

    public var count: Int { texts.count }

    /// The JSON text of `row`.
    public func text(at row: Int) -> String { texts.string(at: row) }

    /// The row parsed into a one-row ``JSONColumn`` (`nil` when the text is not a JSON object
    /// that a `JSON` column of this type can hold as a Swift value).
    public func object(at row: Int) -> JSONColumn? {
        guard case .json(let spec) = type else { return nil }
        let value: EncodedValue
        do {
            value = try texts.withBytes(at: row) { try JSONTextParser.parse($0) }
        } catch {
            return nil
        }
        return (try? ColumnBuilder(name: "", origins: [row]).json(type, spec, [value])) as? JSONColumn
    }

    /// The row's paths and values as ``JSONColumn/value(at:)`` gives them, or the JSON text as
    /// bytes when it does not parse into the column's type.
    public func value(at row: Int) -> CHValue {
        if let o = object(at: row) { return o.value(at: 0) }
        return texts.value(at: row)
    }

    public func writeText(at row: Int, to out: inout TextOutput, style: TextStyle) {
        texts.withBytes(at: row) { raw in
            switch style {
            case .json: out.append(raw)
            case .tabSeparated: TextEscaping.appendEscaped(raw, quoted: false, to: &out)
            case .quoted: TextEscaping.appendEscaped(raw, quoted: true, to: &out)
            }
        }
    }
}
