// swift-tools-version:6.1
import PackageDescription

// Coverage-guided fuzzing of vnfacts (libFuzzer), apart from the main package so that its build
// never compiles with the fuzzer's instrumentation. One executable, one target per input layer,
// chosen by VNFACTS_FUZZ_TARGET: decode, normalize, tokenize, extract, html, csv, xlsx.
//
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
//   Scripts/fuzz [seconds per target]      # what the test command runs
let package = Package(
    name: "vnfacts-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "vnfacts", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "vnfacts-fuzz",
            dependencies: [
                "FuzzDriver",
                .product(name: "VNText", package: "vnfacts"),
                .product(name: "VNGazetteer", package: "vnfacts"),
                .product(name: "VNExtract", package: "vnfacts"),
                .product(name: "VNInput", package: "vnfacts"),
                .product(name: "VNReconcile", package: "vnfacts"),
            ]
        ),
    ]
)
