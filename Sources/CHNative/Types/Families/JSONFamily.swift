/// `JSON(...)`: the object type, with typed paths, dynamic paths and shared data.
struct JSONFamily: TypeFamily {
    var names: [String] { ["JSON"] }
    var takesRawArguments: Bool { true }

    func parse(_ name: String, _ a: TypeArguments) throws -> CHType {
        guard let text = a.rawText else { return .json(JSONSpec()) }
        var typed: [JSONSpec.TypedPath] = []
        var maxPaths: Int? = nil
        var maxTypes: Int? = nil
        for part in TypeParser.splitTopLevel(text) {
            if let v = TypeParser.setting(part, "max_dynamic_paths") { maxPaths = v; continue }
            if let v = TypeParser.setting(part, "max_dynamic_types") { maxTypes = v; continue }
            if part.hasPrefix("SKIP ") || part.hasPrefix("SKIP\t") { continue }
            let (path, typeText) = try TypeParser.typedPath(part, fail: a.fail)
            typed.append(.init(path: path, type: try TypeParser.parse(typeText)))
        }
        return .json(JSONSpec(arguments: text, typedPaths: typed, maxDynamicPaths: maxPaths, maxDynamicTypes: maxTypes))
    }

    private func spec(_ type: CHType) -> JSONSpec {
        if case .json(let s) = type { return s }
        return JSONSpec()
    }
    func name(of type: CHType) -> String {
        let s = spec(type)
        return s.arguments.isEmpty ? "JSON" : "JSON(\(s.arguments))"
    }

    var binaryIndexes: [UInt8] { [0x30] }
    /// Version byte 0, `max_dynamic_paths` (varint), `max_dynamic_types` (byte), typed paths
    /// (path, type), paths to skip, regexps of paths to skip. Rebuilt as the type name the server
    /// writes and parsed, so the spec is the parser's.
    func decodeBinary(index: UInt8, from r: BinaryTypeReader) throws -> CHType {
        let version = try r.buffer.readUInt8()
        guard version == 0 else { throw ClickHouseError.unsupportedType("JSON binary type encoding version \(version) is not supported") }
        let maxPaths = try r.buffer.readLength(limit: 1 << 30, what: "JSON max_dynamic_paths")
        let maxTypes = Int(try r.buffer.readUInt8())
        var arguments: [String] = []
        if maxPaths != 1024 { arguments.append("max_dynamic_paths=\(maxPaths)") }
        if maxTypes != 32 { arguments.append("max_dynamic_types=\(maxTypes)") }
        var typed: [(String, CHType)] = []
        for _ in 0..<(try r.count("JSON typed paths")) {
            let path = try r.buffer.readString()
            typed.append((path, try r.type()))
        }
        for (path, type) in typed.sorted(by: { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }) {
            arguments.append("\(Self.quotedPath(path)) \(type.name)")
        }
        for _ in 0..<(try r.count("JSON paths to skip")) { arguments.append("SKIP \(Self.quotedPath(try r.buffer.readString()))") }
        for _ in 0..<(try r.count("JSON path regexps to skip")) { arguments.append("SKIP REGEXP \(CHType.quote(try r.buffer.readString()))") }
        return try TypeParser.parse(arguments.isEmpty ? "JSON" : "JSON(\(arguments.joined(separator: ", ")))")
    }

    private static func quotedPath(_ path: String) -> String {
        path.split(separator: ".", omittingEmptySubsequences: false).map { CHType.backquoteIfNeeded(String($0)) }.joined(separator: ".")
    }

    func encodeBinary(_ type: CHType, to w: WriteBuffer) throws {
        let s = spec(type)
        w.writeUInt8(0x30)
        w.writeUInt8(0)
        w.writeVarUInt(UInt64(s.maxDynamicPaths ?? 1024))
        w.writeUInt8(UInt8(clamping: s.maxDynamicTypes ?? 32))
        w.writeVarUInt(UInt64(s.typedPaths.count))
        for p in s.typedPaths {
            w.writeString(p.path)
            try BinaryTypeEncoder.encode(p.type, to: w)
        }
        // Paths and regexps to skip are not kept by JSONSpec; values never carry them.
        w.writeVarUInt(0)
        w.writeVarUInt(0)
    }

    func codec(for type: CHType) throws -> any ColumnCodec { try JSONCodec(type: type, spec: spec(type)) }

    var storesScalars: Bool { false }
    func build(_ type: CHType, _ values: [EncodedValue], by builder: ColumnBuilder) throws -> any Column {
        try builder.json(type, spec(type), values)
    }
}
