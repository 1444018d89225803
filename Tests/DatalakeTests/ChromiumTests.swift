import CHNative
import Foundation
import Testing
import TestSupport
@testable import Datalake
@testable import DatalakeDemo

let chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("HTML report in headless Chromium", .enabled(if: chromiumPath != nil))
struct ChromiumTests {
    /// Runs Chromium headless with `arguments`; returns standard output.
    func chromium(_ arguments: [String]) throws -> String {
        try ChildProcess.run(chromiumPath ?? "/usr/bin/chromium",
                             ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"] + arguments, timeout: 120).stdoutText
    }

    @Test func reportRendersOffline() throws {
        try TestLake.with { lake in
            var lines: [String] = []
            try DemoGenerator(scale: 0.03).generate { lines.append($0) }
            try lake.ingest(lines)
            let dir = NSTemporaryDirectory() + "datalake-chromium-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let html = dir + "/report.html"
            try HTMLReport(org: try OrgID("raven"), orgName: "Raven Energy GmbH", config: lake.schema).render(on: lake.conn)
                .write(toFile: html, atomically: true, encoding: .utf8)
            // The DOM after Chromium parsed the page: every chart is there as SVG.
            let dom = try chromium(["--dump-dom", "file://" + html])
            #expect(dom.contains("<h1>Raven Energy GmbH</h1>"))
            #expect(dom.components(separatedBy: "<svg").count - 1 >= 6)
            #expect(dom.contains("Journey step funnel with exits"))
            let png = dir + "/report.png"
            _ = try chromium(["--window-size=1200,3000", "--screenshot=" + png, "file://" + html])
            let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? NSNumber)?.intValue ?? 0
            #expect(size > 50_000, "screenshot has \(size) bytes")
        }
    }
}
