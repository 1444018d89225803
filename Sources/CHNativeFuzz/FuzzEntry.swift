// A libFuzzer target for CHNative's block decoder (see scripts/fuzz.sh).
//
// Built with `-sanitize=fuzzer,address -D FUZZING`, this file exports
// `LLVMFuzzerTestOneInput` and libFuzzer supplies `main`. In an ordinary build it is a small
// reproducer instead: `chnative-fuzz FILE...` decodes each file and reports the outcome, so a
// crashing input that libFuzzer saved can be replayed under the debugger.
//
// The first input byte picks the protocol revision (even: FORMAT Native / revision 0, odd: the
// current revision); the rest is the block stream. Every block that decodes is also printed in
// TabSeparated and JSON and re-encoded, so rendering code sees the decoded values too.
@testable import CHNative

func decodeForFuzzing(_ bytes: UnsafeRawBufferPointer) -> String {
    guard let first = bytes.first else { return "empty" }
    let revision: UInt64 = first & 1 == 0 ? 0 : ProtocolRevision.current
    let r = ReadBuffer(bytes: bytes.dropFirst())
    var blocks = 0
    do {
        while blocks < 8, try r.hasMore() {
            let block = try BlockReader.read(from: r, revision: revision, context: DecodeContext(defaultTimezone: "UTC"))
            for format in [OutputFormat.tabSeparated, .jsonEachRow] {
                var f = ResultFormatter(format: format)
                var out = TextOutput()
                f.write(block, to: &out)
            }
            let w = WriteBuffer()
            _ = try? BlockWriter.write(block, codecs: nil, to: w, revision: revision)
            blocks += 1
        }
        return "decoded \(blocks) block(s)"
    } catch {
        return "rejected after \(blocks) block(s): \(error)"
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = decodeForFuzzing(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's driver entry point (`int LLVMFuzzerRunDriver(int *, char ***, int (*)(const uint8_t *, size_t))`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer.
@_cdecl("chnative_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}
#else
import Foundation

/// Replays inputs: `chnative-fuzz FILE...` prints how each one decodes.
@main
enum Reproducer {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: chnative-fuzz FILE... (build with scripts/fuzz.sh to fuzz)\n".utf8))
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                continue
            }
            let outcome = data.withUnsafeBytes { decodeForFuzzing($0) }
            print("\(path): \(outcome)")
        }
    }
}
#endif
