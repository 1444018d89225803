// libFuzzer targets for CHNative's decoders (see scripts/fuzz.sh and docs/FUZZING.md).
//
// One executable serves every target to keep build time low; the target is picked by
// `-target=NAME` (first argument) or `CHNATIVE_FUZZ_TARGET`, default `block`:
//   block   native block decoder          packet  server packet decoder
//   frame   compressed-frame decoder      type    type-name parser
//   sql-lexer  SQLLexer (tiling invariants) and the scans built on it
// The entry points live in the CHNativeFuzzTargets target (`FuzzEntryPoints`) so the test suite replays the kept
// corpora through the same code.
//
// Built with `-sanitize=fuzzer,address -D FUZZING`, this file hands `main` to libFuzzer. In an
// ordinary build it is a small reproducer instead: `chnative-fuzz -target=NAME FILE...` runs
// each file and prints the outcome, so a saved crasher can be replayed under the debugger.
import CHNative
import CHNativeFuzzTargets
#if canImport(Glibc)
import Glibc
#endif

/// `-make-seeds=DIR FIXTURE_DIR`: writes the selected target's seeds and returns `true`.
func makeSeedsIfAsked(_ arguments: [String], target: String) -> Bool {
    guard let flag = arguments.first(where: { $0.hasPrefix("-make-seeds=") }) else { return false }
    let output = String(flag.dropFirst("-make-seeds=".count))
    let fixtures = arguments.last(where: { !$0.hasPrefix("-") }) ?? "Fixtures/native"
    do {
        let n = try Seeds.write(target: target, fixtureDirectory: fixtures, output: output)
        print("chnative-fuzz: wrote \(n) \(target) seed(s) to \(output)")
    } catch {
        printError("chnative-fuzz: cannot write seeds: \(error)")
    }
    return true
}

/// Removes `-target=NAME` from the arguments and exports it for libFuzzer's child processes.
func selectTarget(_ arguments: inout [String]) -> (String, @Sendable (UnsafeRawBufferPointer) -> String)? {
    if let i = arguments.firstIndex(where: { $0.hasPrefix("-target=") }) {
        setenv("CHNATIVE_FUZZ_TARGET", String(arguments[i].dropFirst("-target=".count)), 1)
        arguments.remove(at: i)
    }
    let name = getenv("CHNATIVE_FUZZ_TARGET").map { String(cString: $0) } ?? "block"
    guard let entry = FuzzEntryPoints.targets[name] else {
        let known = FuzzEntryPoints.targets.keys.sorted().joined(separator: ", ")
        printError("chnative-fuzz: unknown target '\(name)' (known: \(known))")
        return nil
    }
    return (name, entry)
}

func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
}

#if FUZZING
/// The selected target, fixed before libFuzzer starts.
nonisolated(unsafe) var fuzzTarget: @Sendable (UnsafeRawBufferPointer) -> String = FuzzEntryPoints.blockDecoder

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = fuzzTarget(UnsafeRawBufferPointer(start: data, count: size))
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
    var arguments = (0..<Int(argc)).map { i in argv?[i].map { String(cString: $0) } ?? "" }
    guard let (name, entry) = selectTarget(&arguments) else { return 2 }
    if makeSeedsIfAsked(arguments, target: name) { return 0 }
    fuzzTarget = entry
    // libFuzzer keeps pointers into argv for the whole run: the copies are never freed.
    var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    var count = CInt(arguments.count)
    return cArguments.withUnsafeMutableBufferPointer { buffer in
        var base = buffer.baseAddress
        return runFuzzerDriver(&count, &base, fuzzOneInput)
    }
}
#else
import Foundation

/// Replays inputs: `chnative-fuzz [-target=NAME] FILE...` prints how each one decodes.
@main
enum Reproducer {
    static func main() {
        var arguments = CommandLine.arguments
        guard let (name, entry) = selectTarget(&arguments) else { exit(2) }
        if makeSeedsIfAsked(arguments, target: name) { return }
        let paths = arguments.dropFirst()
        if paths.isEmpty {
            printError("usage: chnative-fuzz [-target=NAME] FILE... (build with scripts/fuzz.sh to fuzz)")
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                continue
            }
            print("\(path) [\(name)]: \(data.withUnsafeBytes { entry($0) })")
        }
    }
}
#endif
