import CHNative
let port = Int(CommandLine.arguments[1])!
let c = try Connection(configuration: ConnectionConfiguration(host: "127.0.0.1", port: port))
try c.execute("CREATE TABLE IF NOT EXISTS scratch_t (a UInt64) ENGINE = Memory")
let p = try c.insert(into: "scratch_t", blocks: [try Block([("a", try FixedWidthColumn<UInt64>(type: .uint64, values: [1, 2, 3]))])])
print(p)
try c.execute("DROP TABLE scratch_t")
