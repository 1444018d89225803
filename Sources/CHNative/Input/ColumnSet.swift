/// The columns of the insert being filled from text rows: one value parser per column of the
/// server's sample block, in its order.
final class ColumnSet {
    let names: [String]
    let nameBytes: [[UInt8]]
    let appenders: [any ValueAppender]
    let settings: TextInputSettings
    private let defaults: ColumnDefaults
    /// For each field of a row, the column it goes to (the identity unless a header row
    /// named the columns in another order).
    var order: [Int]
    /// Complete rows in the columns.
    private(set) var rows = 0

    init(target: InsertTarget, settings: TextInputSettings) throws {
        let context = ValueContext(settings: settings, timezone: target.timezone)
        names = target.sample.names
        nameBytes = names.map { Array($0.utf8) }
        appenders = try zip(names, target.sample.columns).map { name, column in
            do {
                return try ValueAppenders.make(column.type, context: context)
            } catch let e as TextInputUnsupported {
                throw TextInputUnsupported("column '\(name)' (\(column.type.name)): \(e.message)")
            }
        }
        self.settings = settings
        defaults = ColumnDefaults(description: target.columnDescription)
        order = Array(names.indices)
    }

    var count: Int { appenders.count }

    /// A row is complete in every column.
    func rowAppended() { rows += 1 }

    /// Drops the values of an incomplete row.
    func dropIncompleteRow() {
        for a in appenders { a.truncate(to: rows) }
    }

    /// The value of `column` that a row leaves out (an omitted JSON key, an empty CSV field):
    /// the type's default, unless the server would evaluate the column's `DEFAULT`
    /// expression instead, which this client cannot.
    /// `asInsertDefault`: what the server's `insertDefault` stores (NULL for a column that is
    /// not Nullable, an empty CSV field), else the type's default (an omitted JSON key).
    func appendOmitted(_ column: Int, _ what: String, asInsertDefault: Bool) throws {
        if settings.defaultsForOmittedFields && defaults.mayHaveDefault(names[column]) {
            throw ColumnProblem(column: column, message: "\(what), and the server would use the column's DEFAULT expression (input_format_defaults_for_omitted_fields), which this client cannot evaluate; give the value")
        }
        if asInsertDefault {
            do {
                try appenders[column].appendInsertDefault()
            } catch let p as ValueProblem {
                throw ColumnProblem(column: column, message: "\(what): \(p.message)")
            }
        } else {
            appenders[column].appendDefault()
        }
    }

    /// NULL for `column` (`\\N`, JSON null): for a column that is not Nullable the server
    /// stores the default instead — its `DEFAULT` expression when it has one, which this
    /// client cannot evaluate.
    func appendNull(_ column: Int) throws {
        let appender = appenders[column]
        if !appender.type.isNullable && settings.nullAsDefault {
            try appendOmitted(column, "the value is NULL for a column that is not Nullable", asInsertDefault: true)
        } else {
            try appender.appendNull()
        }
    }

    /// The rows so far as a block with the sample's names, emptying the columns.
    func takeBlock() -> Block {
        let block = Block(unchecked: names, columns: appenders.map { $0.takeColumn() })
        rows = 0
        return block
    }
}

/// A problem with the value of one column of a row.
struct ColumnProblem: Error {
    var column: Int
    var message: String
}

extension ValueAppender {
    /// Runs `body`, attributing a value problem to `column`.
    @inline(__always)
    func attributed(_ column: Int, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let p as ValueProblem {
            throw ColumnProblem(column: column, message: p.message)
        }
    }
}
