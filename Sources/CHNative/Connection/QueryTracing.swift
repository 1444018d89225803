import Tracing

/// Spans for queries and inserts (swift-distributed-tracing): one client span each, named after
/// the statement's first keyword (`SELECT`, `INSERT`, …), with the OpenTelemetry database
/// attributes `db.system.name` (and the older `db.system`) = `clickhouse`, `db.query.text` (the
/// SQL as sent: parameter values travel apart from it and are not recorded), `db.namespace`,
/// `server.address`, `server.port`, `clickhouse.query_id`, and at the end
/// `db.response.returned_rows` or the error (`error.type`, the server's code as
/// `db.response.status_code`). The tracer is ``ConnectionConfiguration/tracer`` or, when that
/// is `nil`, the process's `InstrumentationSystem.tracer` (a no-op until bootstrapped).
struct QueryTracing {
    /// Starts the span of a statement on `connection`.
    static func start(_ sql: String, queryID: String, insert: Bool, on connection: Connection) -> any Span {
        let tracer = connection.configuration.tracer ?? InstrumentationSystem.tracer
        let span = tracer.startAnySpan(operationName(sql, insert: insert), ofKind: .client)
        guard span.isRecording else { return span }
        span.updateAttributes { a in
            a["db.system.name"] = "clickhouse"
            a["db.system"] = "clickhouse"
            a["db.query.text"] = sql
            a["server.address"] = connection.address.host
            a["server.port"] = connection.address.port
            a["clickhouse.query_id"] = queryID
            if !connection.configuration.database.isEmpty { a["db.namespace"] = connection.configuration.database }
        }
        return span
    }

    /// Ends the span with the rows returned (or written) or the error.
    static func end(_ span: any Span, error: ClickHouseError?, rows: Int, writtenRows: UInt64, insert: Bool) {
        if span.isRecording {
            span.updateAttributes { a in
                if insert { a["clickhouse.written_rows"] = Int(clamping: writtenRows) } else { a["db.response.returned_rows"] = rows }
                switch error {
                case nil: break
                case .server(let e)?:
                    a["error.type"] = e.codeName ?? "\(e.code)"
                    a["db.response.status_code"] = "\(e.code)"
                case let other?:
                    a["error.type"] = "\(other)".prefix(while: { $0 != ":" }).description
                }
            }
            if let error {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error))
            }
        }
        span.end()
    }

    /// The statement's first keyword, upper-cased (comments and white space skipped).
    static func operationName(_ sql: String, insert: Bool) -> String {
        if insert { return "INSERT" }
        let lexer = SQLLexer(sql)
        for token in lexer where token.kind == .word {
            return String(decoding: lexer.bytes[token.range], as: UTF8.self).uppercased()
        }
        return "query"
    }
}
