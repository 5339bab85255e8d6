// swift-tools-version:6.1
import PackageDescription

// vnfacts: Vietnamese news articles in, checked facts out.
// Layers: CVNICU (C shim over system ICU) → VNText (decode, normalize, tokenize) → VNGazetteer
// (units over time, vocabularies, matcher, linker) → VNExtract (article reading, extractors,
// fact records, evaluation) → vnfacts (the command-line tool).
let package = Package(
    name: "vnfacts",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vnfacts", targets: ["vnfacts"]),
        .library(name: "VNText", targets: ["VNText"]),
        .library(name: "VNGazetteer", targets: ["VNGazetteer"]),
        .library(name: "VNExtract", targets: ["VNExtract"]),
        .library(name: "VNStore", targets: ["VNStore"]),
        .library(name: "VNReconcile", targets: ["VNReconcile"]),
        .library(name: "VNCoverage", targets: ["VNCoverage"]),
        .library(name: "VNInput", targets: ["VNInput"]),
        .library(name: "VNPipeline", targets: ["VNPipeline"]),
        .library(name: "VNExport", targets: ["VNExport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "CVNICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .target(name: "VNText", dependencies: ["CVNICU"]),
        // libxml2 from the system (Scripts/setup installs Debian's libxml2-dev), found by pkg-config.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // A C shim that exposes libxml2's HTML parse tree (no policy: that is in VNInput).
        .target(name: "CVNHTML", dependencies: ["CLibXML2"]),
        .target(name: "VNReconcile", dependencies: ["VNText", "VNGazetteer", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "VNDashboard", dependencies: ["VNStore", "VNCoverage", "VNReconcile", "VNGazetteer", "VNText", .product(name: "Hummingbird", package: "hummingbird")]),
        // Coverage and reconciliation of stored claims, over the store's protocol (any backend).
        .target(name: "VNCoverage", dependencies: ["VNStore", "VNReconcile", "VNGazetteer", "VNText"]),
        .target(name: "VNStore", dependencies: [
            "VNText", "VNGazetteer", "VNExtract",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // Reading inputs (files, folders, JSON Lines, standard input, saved pages) into articles.
        .target(name: "VNInput", dependencies: ["VNText", "VNGazetteer", "VNExtract", "CVNHTML"]),
        // Extraction on every core in supervised worker processes, and ingest into the store.
        .target(name: "VNPipeline", dependencies: ["VNInput", "VNExtract", "VNStore", "VNText"]),
        .target(name: "VNGazetteer", dependencies: ["VNText"]),
        // Exported tables of facts: CSV, JSON, XLSX (ZIPFoundation) and aligned text.
        .target(name: "VNExport", dependencies: ["VNText", "VNGazetteer", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "VNExtract", dependencies: ["VNText", "VNGazetteer"]),
        .executableTarget(
            name: "vnfacts",
            dependencies: [
                "VNText", "VNGazetteer", "VNExtract", "VNInput", "VNPipeline", "VNStore", "VNCoverage", "VNReconcile", "VNDashboard", "VNExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(name: "_VNTestSupport", dependencies: ["VNText"], path: "Sources/_VNTestSupport"),
        .testTarget(name: "VNTextTests", dependencies: ["VNText", "_VNTestSupport"]),
        .testTarget(name: "VNGazetteerTests", dependencies: ["VNGazetteer", "VNText", "_VNTestSupport"]),
        .testTarget(name: "VNExtractTests", dependencies: ["VNExtract", "VNGazetteer", "VNText", "_VNTestSupport"]),
        .testTarget(name: "VNReconcileTests", dependencies: ["VNReconcile", "VNExtract", "VNGazetteer", "VNText", "_VNTestSupport",
                                                            .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "VNDashboardTests", dependencies: ["VNDashboard", "VNCoverage", "VNStore", "VNPipeline", "VNInput", "VNReconcile", "VNExtract", "VNGazetteer", "VNText", "_VNTestSupport",
                                                             .product(name: "Hummingbird", package: "hummingbird"),
                                                             .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "VNStoreTests", dependencies: ["VNStore", "VNCoverage", "VNDashboard", "VNPipeline", "VNInput", "VNReconcile", "VNExtract", "VNGazetteer", "VNText", "_VNTestSupport",
                                                         .product(name: "Hummingbird", package: "hummingbird"),
                                                         .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "VNInputTests", dependencies: ["VNInput", "VNExtract", "VNGazetteer", "VNText", "_VNTestSupport"]),
        .testTarget(name: "VNExportTests", dependencies: ["VNExport", "VNReconcile", "VNExtract", "VNGazetteer", "VNText", "_VNTestSupport"]),
        .testTarget(name: "VNPipelineTests", dependencies: ["VNPipeline", "VNInput", "VNStore", "VNExtract", "VNGazetteer", "VNText", "_VNTestSupport"]),
    ]
)
