@testable import CHNative
import Testing

/// Rows and fields of each text format, whatever the chunks the input arrives in.
struct RowSplittingTests {
    let ints = [("a", "Int32"), ("s", "String")]

    @Test(arguments: [1, 2, 3, 5, 64, 1 << 16])
    func tabSeparatedFieldsAndEscapes(chunk: Int) throws {
        let text = "1\tx\\ty\n2\tline\\\nbreak\n3\t\\N\n4\ta\\\\b\\'c\\x41\\0\n5\t"
        let r = try readBlocks(.tabSeparated, ints, text, chunk: chunk)
        #expect(r.error == nil)
        // \N in a String column is its default with input_format_null_as_default.
        #expect(r.text == "1\tx\\ty\n2\tline\\nbreak\n3\t\n4\ta\\\\b\\'cA\\0\n5\t\n")
    }

    /// An empty line is a row of one empty field, as the server reads it.
    @Test func emptyLinesAreRows() throws {
        #expect(try readBlocks(.tabSeparated, [("s", "String")], "a\n\nb\n\n").text == "a\n\nb\n\n")
        #expect(try readBlocks(.csv, [("s", "String")], "a\n\nb\n").text == "a\n\nb\n")
        let r = try readBlocks(.tabSeparated, ints, "1\ta\n\n2\tb\n")
        #expect(r.text == "1\ta\n" && (r.error as? TextInputError).map { $0.row == 2 && $0.line == 2 } == true)
        #expect(try readBlocks(.jsonEachRow, ints, "{\"a\":1}\n\n\n").text == "1\t\n")
    }

    @Test func tabSeparatedRawKeepsBackslashes() throws {
        let r = try readBlocks(.tabSeparatedRaw, [("s", "String"), ("n", "Nullable(String)")], "a\\tb\t\\N\nc\\N\tx\n")
        #expect(r.text == "a\\\\tb\t\\N\nc\\\\N\tx\n")
    }

    @Test func tabSeparatedRefusals() throws {
        let r = try readBlocks(.tabSeparated, ints, "1\ta\n2\tb\tc\n3\td\n")
        #expect(r.text == "1\ta\n")
        let e = try #require(r.error as? TextInputError)
        #expect(e.row == 2 && e.line == 2 && e.message.contains("more than 2 fields"), "\(e)")
        let cr = try readBlocks(.tabSeparated, ints, "1\ta\r\n")
        #expect("\(cr.error.map { "\($0)" } ?? "")".contains("carriage return"))
        let escape = try readBlocks(.tabSeparated, ints, "1\tC:\\Users\n")
        #expect((escape.error as? TextInputError)?.column == "s")
    }

    @Test(arguments: [1, 4, 1 << 16])
    func csvQuotesNewlinesAndEmptyFields(chunk: Int) throws {
        let columns = [("a", "Int32"), ("s", "String"), ("n", "Nullable(Int32)")]
        let text = "1,\"multi\nline\",5\r\n2,\"q\"\"uote\",\n3, spaced ,\\N\n4,\"\",\"\"\n5,x,7,\n"
        let r = try readBlocks(.csv, columns, text, chunk: chunk)
        #expect(r.error == nil, "\(String(describing: r.error))")
        #expect(r.text == "1\tmulti\\nline\t5\n2\tq\"uote\t\\N\n3\tspaced\t\\N\n4\t\t0\n5\tx\t7\n")
        // 18.16 has no input_format_csv_empty_as_default: the empty text is parsed (0), and
        // single quotes quote.
        let old = try readBlocks(.csv, columns, "1,'it''s',\n", settings: settings18)
        #expect(old.text == "1\tit\\'s\t0\n")
    }

    @Test func csvHeaderRowsAreDetectedAsTheServerDoes() throws {
        let columns = [("a", "String"), ("s", "String")]
        #expect(try readBlocks(.csv, columns, "s,a\nx,y\n").text == "y\tx\n")
        #expect(try readBlocks(.csv, columns, "a,s\nString,String\nx,y\n").text == "x\ty\n")
        #expect(try readBlocks(.csv, columns, "a,x\nx,y\n").text == "a\tx\nx\ty\n")
        #expect(try readBlocks(.tabSeparated, columns, "a\ts\nx\ty\n").text == "x\ty\n")
        #expect(try readBlocks(.csv, columns, "a,s\nx,y\n", settings: settings18).text == "a\ts\nx\ty\n")
    }

    @Test(arguments: [1, 3, 1 << 16])
    func jsonEachRowObjects(chunk: Int) throws {
        let columns = [("a", "Int32"), ("s", "String"), ("n", "Nullable(Int32)")]
        let text = "[{\"s\":\"}\\n{\",\"a\":1},\n{\"a\":2,\"extra\":{\"x\":[1,{\"y\":\"]\"}]}}\n\n {\"n\":null,\"a\":3}]"
        let r = try readBlocks(.jsonEachRow, columns, text, chunk: chunk)
        #expect(r.error == nil, "\(String(describing: r.error))")
        #expect(r.text == "1\t}\\n{\t\\N\n2\t\t\\N\n3\t\t\\N\n")
    }

    @Test func jsonEachRowRefusals() throws {
        let columns = [("a", "Int32"), ("s", "String")]
        let twice = try readBlocks(.jsonEachRow, columns, "{\"a\":1}\n{\"a\":1,\"a\":2}\n")
        #expect(twice.text == "1\t\n")
        #expect((twice.error as? TextInputError).map { $0.row == 2 && $0.line == 2 && $0.column == "a" } == true)
        let unknown = try readBlocks(.jsonEachRow, columns, "{\"b\":1}", settings: settings18)
        #expect("\(unknown.error.map { "\($0)" } ?? "")".contains("names no column"))
        let caseOnly = try readBlocks(.jsonEachRow, columns, "{\"A\":1}")
        #expect((caseOnly.error as? TextInputError)?.message.contains("ignoring case") == true)
        // A column with a DEFAULT expression cannot be left out (the server would evaluate it).
        let description = "columns format version: 1\n2 columns:\n`a` Int32\n`s` String\tDEFAULT\t\\'x\\'\n"
        let omitted = try readBlocks(.jsonEachRow, columns, "{\"a\":1,\"s\":\"given\"}\n{\"a\":2}", description: description)
        #expect(omitted.text == "1\tgiven\n")
        #expect((omitted.error as? TextInputError).map { $0.row == 2 && $0.column == "s" && $0.message.contains("DEFAULT") } == true)
        // So is NULL for it: the server would store the DEFAULT expression's value.
        let null = try readBlocks(.jsonEachRow, columns, "{\"a\":1,\"s\":null}", description: description)
        #expect((null.error as? TextInputError).map { $0.column == "s" && $0.message.contains("NULL") } == true, "\(String(describing: null.error))")
        let tsvNull = try readBlocks(.tabSeparated, columns, "1\t\\N\n", description: description)
        #expect((tsvNull.error as? TextInputError).map { $0.column == "s" && $0.message.contains("DEFAULT") } == true)
        #expect(try readBlocks(.tabSeparated, columns, "1\t\\N\n").text == "1\t\n")
        let broken = try readBlocks(.jsonEachRow, columns, "{\"a\":1}\n{\"a\":")
        #expect((broken.error as? TextInputError).map { $0.row == 2 && $0.line == 2 } == true, "\(String(describing: broken.error))")
    }

    /// The rows before a malformed one come as a block; its number and line are exact even
    /// after rows that span lines.
    @Test func aMalformedRowStopsAfterTheRowsBeforeIt() throws {
        var text = ""
        for i in 0..<10 { text += "\(i),\"two\nlines\"\n" }
        text += "oops,x\n11,y\n"
        let r = try readBlocks(.csv, ints, text, blockRows: 4)
        #expect(r.blocks.map(\.rowCount) == [4, 4, 2])
        let e = try #require(r.error as? TextInputError)
        #expect(e.row == 11 && e.line == 21 && e.column == "a", "\(e)")
    }

    @Test func aRowLongerThanTheLimitIsRefused() throws {
        let long = String(repeating: "x", count: 5000)
        let r = try readBlocks(.tabSeparated, ints, "1\tshort\n2\t\(long)\n3\tz\n", chunk: 100, maximumRowBytes: 1000)
        #expect(r.text == "1\tshort\n")
        #expect((r.error as? TextInputError).map { $0.row == 2 && $0.line == 2 && $0.message.contains("longer than") } == true)
    }
}
