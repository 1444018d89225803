// libFuzzer target for the ODBC driver's connection-string parser and settings (target
// `odbc-connstr` of scripts/fuzz.sh; docs/FUZZING.md). The entry point lives in CHODBCFuzzTargets
// (`ConnectionStringFuzzing`) so the test suite replays the kept corpus through the same code.
//
// Built with `-sanitize=fuzzer,address -D FUZZING`, this file hands `main` to libFuzzer; in an
// ordinary build `chodbc-fuzz FILE...` replays files and prints each outcome.
import CHODBCFuzzTargets
#if canImport(Glibc)
import Glibc
#endif

/// Drops the `-target=` and `-make-seeds=` flags scripts/fuzz.sh passes to every target;
/// writes the seeds when asked (returns `true` then).
func handleCommonFlags(_ arguments: inout [String]) -> Bool {
    arguments.removeAll { $0.hasPrefix("-target=") }
    guard let flag = arguments.first(where: { $0.hasPrefix("-make-seeds=") }) else { return false }
    let directory = String(flag.dropFirst("-make-seeds=".count))
    mkdir(directory, 0o755)
    for (i, seed) in ConnectionStringSeeds.all.enumerated() {
        guard let file = fopen("\(directory)/seed-\(i)", "w") else { continue }
        _ = Array(seed.utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
    print("chodbc-fuzz: wrote \(ConnectionStringSeeds.all.count) seed(s) to \(directory)")
    return true
}

enum ConnectionStringSeeds {
    static let all = [
        "Driver=CHODBC;Server=localhost;Port=9000;Database=default;UID=default;PWD=;",
        "DSN=ClickHouse;UID=alice;PWD={p;a}}ss w=rd};",
        "Server=h1:9000,h2:9001;Failover=random;Timeout=5;Compression=zstd;StringMaxLength=255",
        "Host=ch.example.com;Port=9440;SSLMode=verify-full;CAFile=/etc/ssl/certs;VerifyCertificate=1",
        "Url=https://user@[::1]:9440/?database=sales&x=1;Proto=tls;HugeIntAsString=yes;ClientName=BI",
        "Server=[fe80::1]:9000;Secure=0;CertificateFile=/tmp/c.pem;PrivateKeyFile=/tmp/k.pem;Unknown=1",
        " Server = db ; Port=8123 ;",
        "Server={a;b};Database={unterminated",
        "LoadBalancing=in-order;SSLMode=prefer;Password={}};Proto=native;Description=x;Trace=1",
    ]
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = ConnectionStringFuzzing.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's driver entry point (`int LLVMFuzzerRunDriver(int *, char ***, int (*)(const uint8_t *, size_t))`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer.
@_cdecl("chodbc_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var arguments = (0..<Int(argc)).map { i in argv?[i].map { String(cString: $0) } ?? "" }
    if handleCommonFlags(&arguments) { return 0 }
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

/// Replays inputs: `chodbc-fuzz FILE...` prints how each one resolves.
@main
enum Reproducer {
    static func main() {
        var arguments = CommandLine.arguments
        if handleCommonFlags(&arguments) { return }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                continue
            }
            print("\(path): \(data.withUnsafeBytes { ConnectionStringFuzzing.run($0) })")
        }
    }
}
#endif
