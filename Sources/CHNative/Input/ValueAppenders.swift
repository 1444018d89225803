/// Makes the value parser of a column: its type's family picks it (`TypeFamily.textAppender`,
/// in `Types/Families/`), the one place that maps a ClickHouse type to
/// the unit that parses its text.
enum ValueAppenders {
    /// The appender for `type`; throws ``TextInputUnsupported`` for a type whose text this
    /// client cannot parse exactly.
    static func make(_ type: CHType, context: ValueContext) throws -> any ValueAppender {
        try type.family.textAppender(type, context)
    }

    /// The timezone of a DateTime column: its own, else the session's (nil for UTC); refused
    /// when unknown.
    static func zone(_ own: String?, _ context: ValueContext) throws -> String? {
        let tz = own ?? context.timezone
        guard LocalTime.isKnown(tz) else { throw TextInputUnsupported("the timezone '\(tz ?? "")' is not known to this client") }
        // nil for UTC: no offsets to look up per value.
        return tz.flatMap { LocalTime.isUTC($0) ? nil : $0 }
    }
}
