// swift-tools-version:6.0
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "clickhouse-datalake",
    // macOS 15: the Synchronization module (Atomic, Mutex) CHNative uses.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CHNative", targets: ["CHNative"]),
        .library(name: "Datalake", targets: ["Datalake"]),
        .executable(name: "datalake", targets: ["datalake"]),
        .library(name: "CHODBC", type: .dynamic, targets: ["CHODBCShim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        // `datalake serve`: HTTP server, graceful shutdown on SIGTERM/SIGINT.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `datalake serve`'s /metrics (Prometheus text format).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in the graph through Hummingbird; named because Datalake uses them directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        // Documentation only: `swift package generate-documentation` (scripts/docs.sh). No target
        // uses it; `swift build` compiles its two plugin scripts once per scratch path, none of its tools.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLZ4", pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(
            name: "CZSTD", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CODBC", pkgConfig: "odbcinst",
            providers: [.apt(["unixodbc-dev"])]),
        .target(
            name: "CHNative",
            dependencies: ["CLZ4", "CZSTD", "COpenSSL", .product(name: "Logging", package: "swift-log"),
                           .product(name: "CoreMetrics", package: "swift-metrics"),
                           .product(name: "Tracing", package: "swift-distributed-tracing")],
            swiftSettings: strictSwift),
        .target(
            name: "Datalake",
            dependencies: [
                "CHNative", "COpenSSL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        // The demo organisations' generator and runner, kept out of the Datalake library.
        .target(
            name: "DatalakeDemo",
            dependencies: ["Datalake", "CHNative"],
            swiftSettings: strictSwift),
        .target(
            name: "CHODBCShim",
            dependencies: ["CHNative", "CODBC"],
            swiftSettings: strictSwift),
        .executableTarget(
            name: "datalake",
            dependencies: [
                "CHNative", "Datalake", "DatalakeDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        .executableTarget(
            name: "chbench",
            dependencies: ["CHNative"],
            path: "Benchmarks/CHBench",
            swiftSettings: strictSwift),
        // The fuzz targets' entry points (not part of any product): the libFuzzer executable runs
        // them, the tests replay the kept corpora through them.
        .target(
            name: "CHNativeFuzzTargets",
            dependencies: ["CHNative"],
            swiftSettings: strictSwift),
        // libFuzzer target (scripts/fuzz.sh); a plain build makes a reproducer that replays inputs.
        .executableTarget(
            name: "chnative-fuzz",
            dependencies: ["CHNative", "CHNativeFuzzTargets"],
            path: "Sources/CHNativeFuzz",
            swiftSettings: strictSwift),
        // A hostile server for the real client: replays real servers' captured streams, mutated,
        // over loopback (scripts/hostile-fuzz.sh; the tests replay its corpus). Not a product.
        .target(
            name: "CHHostileServer",
            dependencies: ["CHNative"],
            swiftSettings: strictSwift),
        .executableTarget(
            name: "chnative-hostile",
            dependencies: ["CHHostileServer", "CHNative"],
            path: "Sources/CHHostileFuzz",
            swiftSettings: strictSwift),
        // The ODBC connection-string fuzz entry point (no product includes it).
        .target(
            name: "CHODBCFuzzTargets",
            dependencies: ["CHODBCShim"],
            swiftSettings: strictSwift),
        // libFuzzer target for the ODBC connection-string parser (scripts/fuzz.sh odbc-connstr).
        .executableTarget(
            name: "chodbc-fuzz",
            dependencies: ["CHODBCFuzzTargets"],
            path: "Sources/CHODBCFuzz",
            swiftSettings: strictSwift),
        .testTarget(
            name: "CHNativeTests",
            dependencies: ["CHNative", "CHNativeFuzzTargets"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "CHODBCShimTests",
            dependencies: ["CHNative", "CHODBCShim", "CHODBCFuzzTargets"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "CHNativeIntegrationTests",
            dependencies: ["CHNative", "CHHostileServer", .product(name: "Logging", package: "swift-log"),
                           .product(name: "MetricsTestKit", package: "swift-metrics"),
                           .product(name: "InMemoryTracing", package: "swift-distributed-tracing")],
            swiftSettings: strictSwift),
        .target(
            name: "TestSupport",
            dependencies: ["Datalake"],
            path: "Tests/Support",
            swiftSettings: strictSwift),
        .testTarget(
            name: "CLITests",
            dependencies: ["datalake", "TestSupport"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "DatalakeTests",
            dependencies: ["Datalake", "DatalakeDemo", "CHNative", "TestSupport"],
            swiftSettings: strictSwift),
        .executableTarget(
            name: "example-opportunities-by-source",
            dependencies: ["CHNative"],
            path: "Sources/Examples/OpportunitiesBySource",
            swiftSettings: strictSwift),
        .executableTarget(
            name: "example-journey-sessions",
            dependencies: ["CHNative"],
            path: "Sources/Examples/JourneySessions",
            swiftSettings: strictSwift),
        .executableTarget(
            name: "example-portal-sessions",
            dependencies: ["CHNative"],
            path: "Sources/Examples/PortalSessions",
            swiftSettings: strictSwift),
        .executableTarget(
            name: "example-codable-rows",
            dependencies: ["CHNative"],
            path: "Sources/Examples/CodableRows",
            swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
