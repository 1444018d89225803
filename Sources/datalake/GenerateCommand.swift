import ArgumentParser
import Datalake
import DatalakeDemo
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate the demo organisation \"Raven Energy GmbH\" as NDJSON events (deterministic).")

    @Option(help: "Volume multiplier (0.1 is the committed sample, 1 the demo).")
    var scale: Double = 1
    @Option(help: "Random seed.")
    var seed: UInt64 = 20_240_101
    @Option(name: .shortAndLong, help: "Output file (default: standard output).")
    var output: String?

    func run() throws {
        guard scale > 0, scale <= 1000 else { throw ValidationError("--scale must be in (0, 1000]") }
        try reportingErrors {
            let generator = DemoGenerator(scale: scale, seed: seed)
            let counts: [Dataset: Int]
            if let output {
                counts = try generator.write(toFile: output)
            } else {
                var buffer: [UInt8] = []
                counts = try generator.generate { line in
                    buffer.append(contentsOf: line.utf8)
                    buffer.append(0x0A)
                    if buffer.count >= 1 << 20 {
                        Output.write(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                Output.write(buffer)
            }
            let summary = Dataset.allCases.map { "\($0.rawValue)=\(counts[$0] ?? 0)" }.joined(separator: " ")
            Output.error("generated \(counts.values.reduce(0, +)) events: \(summary)")
        }
    }
}
