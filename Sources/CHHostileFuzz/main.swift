// chnative-hostile: a hostile ClickHouse server for the real CHNative client (docs/FUZZING.md).
//
//   chnative-hostile capture --port P --server 26.9 --out Fuzz/corpus/hostile-server
//   chnative-hostile fuzz --corpus Fuzz/corpus/hostile-server --runs 1000000 [--seed S] [--max-rss-mb 512]
//                         [--start N] [--save-current FILE]   (FILE holds the input a crash ended on)
//   chnative-hostile replay FILE_OR_DIR...
import CHHostileServer
import CHNative
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("chnative-hostile: \(message)\n".utf8))
    exit(2)
}

let command = CommandLine.arguments.dropFirst().first ?? ""
let args = Array(CommandLine.arguments.dropFirst(2))

func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

do {
    switch command {
    case "capture":
        guard let port = option("--port").flatMap(Int.init), let server = option("--server"), let out = option("--out") else {
            fail("capture needs --port, --server and --out")
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let written = try Capturer(port: port, server: server).captureAll(into: out)
        print("captured \(written) conversations from \(server) into \(out)")
    case "fuzz":
        guard let corpus = option("--corpus") else { fail("fuzz needs --corpus DIR") }
        let runs = option("--runs").flatMap(Int.init) ?? 100_000
        let seed = option("--seed").flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970)
        let maxRSS = option("--max-rss-mb").flatMap(Int.init) ?? 512
        var fuzzer = try HostileFuzzer(corpus: corpus, seed: seed, maximumRSSMiB: maxRSS)
        fuzzer.currentInputFile = option("--save-current")
        fuzzer.firstExecution = option("--start").flatMap(Int.init) ?? 0
        let report = try fuzzer.run(executions: runs)
        print(report)
    case "replay":
        let server = try ReplayServer()
        let run = HostileRun(server: server)
        var files: [String] = []
        for path in args {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                files += try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".cap") }.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        for file in files {
            let capture = try Capture(file: file)
            print("\(file): \(run.run(capture.bytes, like: capture))")
        }
    default:
        fail("unknown command '\(command)' (capture, fuzz or replay)")
    }
} catch {
    fail("\(error)")
}
