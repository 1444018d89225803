import CHNative
import Foundation

/// Splits SQL text into statements at the `;` the server's parser would see: not inside string
/// literals, quoted identifiers or comments. Statements of only white space and comments are
/// dropped.
enum ScriptSplitter {
    static func split(_ text: String) -> [String] {
        let lexer = SQLLexer(text)
        let bytes = lexer.bytes
        var statements: [String] = []
        var start = 0
        var meaningful = false
        func close(at end: Int) {
            if meaningful { statements.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
            meaningful = false
        }
        for token in lexer {
            if token.kind == .other(UInt8(ascii: ";")) {
                close(at: token.range.lowerBound)
                start = token.range.upperBound
            } else if !token.kind.isTrivia {
                meaningful = true
            }
        }
        close(at: bytes.count)
        return statements
    }
}

/// Where the SQL comes from: the argument, `--queries-file`, or standard input.
enum ScriptSource {
    static func text(argument: String?, file: String?) throws -> String {
        if let argument {
            if file != nil { throw StatementFailure(message: "give the SQL either as an argument or with --queries-file, not both") }
            return argument
        }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw StatementFailure(message: "cannot read --queries-file \(file)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}
