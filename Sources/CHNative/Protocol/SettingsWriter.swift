/// Serializes query settings and parameters.
enum SettingsWriter {
    static let important: UInt64 = 0x01
    static let custom: UInt64 = 0x02

    /// Writes settings for the negotiated revision. From 54429 every value is a string with
    /// flags; older servers need each value in its setting's binary type, which CHNative infers
    /// from the value (integers and booleans as varints, anything else as a string).
    static func writeSettings(_ settings: [String: String], to w: WriteBuffer, revision: UInt64) {
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            w.writeString(name)
            if revision >= ProtocolRevision.withSettingsAsStrings {
                w.writeVarUInt(0)
                w.writeString(value)
            } else if let n = UInt64(value) {
                w.writeVarUInt(n)
            } else if value == "true" || value == "false" {
                w.writeVarUInt(value == "true" ? 1 : 0)
            } else {
                w.writeString(value)
            }
        }
        w.writeString("")
    }

    /// Writes query parameters (revision 54459+). Each value is the parameter's plain text
    /// (`it's`, `42`, `['a','b']`, `2024-01-31`): it is escaped as ClickHouse's escaped text
    /// format expects (backslash and control characters) and then sent as a quoted field dump,
    /// which the server parses as the parameter's declared type — never spliced into the SQL.
    static func writeParameters(_ parameters: [String: String], to w: WriteBuffer) {
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            w.writeString(name)
            w.writeVarUInt(custom)
            w.writeString(quoteFieldDump(escapeText(value)))
        }
        w.writeString("")
    }

    /// Escapes backslash, tab, newline, carriage return and NUL as the escaped text format does.
    static func escapeText(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `'text'` with `\` and `'` escaped, as `Field::dump` writes strings.
    static func quoteFieldDump(_ text: String) -> String {
        var out = "'"
        for u in text.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "'"
    }
}
