// swift-tools-version:6.1
import PackageDescription

// Benchmarks of vnfacts, a package of their own so that the main package never builds the
// benchmark library or its dependencies. Run from the repository's root:
//
//   swift package --package-path Benchmarks benchmark
//
// (see the README's "Benchmarks"). The main package is taken from the folder above.
let package = Package(
    name: "vnfacts.Benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "vnfacts", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "VNFactsBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "VNText", package: "vnfacts"),
                .product(name: "VNGazetteer", package: "vnfacts"),
                .product(name: "VNExtract", package: "vnfacts"),
            ],
            path: "Benchmarks/VNFactsBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
