import Benchmark
import Foundation
import VNExtract
import VNGazetteer
import VNText

// Throughput (kB/s: divide by 1000 for MB/s) and peak resident memory of each layer over a corpus of
// at least 50 MB (VNFACTS_BENCH_MB to change it) built from Corpus/ and, when it is beside the
// repository, ../shared/real-dev/articles (read at run time, never copied). Each benchmark runs in
// a process of its own, so its peak memory is its own: the corpus it holds plus what it builds.

/// The repository's root: Benchmarks/Benchmarks/VNFactsBenchmarks/ is three folders below it.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The articles the corpus repeats: every .txt under Corpus/ and ../shared/real-dev/articles.
func sourceArticles() -> [[UInt8]] {
    let fm = FileManager.default
    var out: [[UInt8]] = []
    for dir in [repositoryRoot.appendingPathComponent("Corpus"),
                repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real-dev/articles")] {
        guard let e = fm.enumerator(at: dir, includingPropertiesForKeys: nil) else { continue }
        var files: [URL] = []
        for case let url as URL in e where url.pathExtension == "txt" { files.append(url) }
        for url in files.sorted(by: { $0.path < $1.path }) {
            if let d = fm.contents(atPath: url.path), String(data: d, encoding: .utf8) != nil { out.append(Array(d)) }
        }
    }
    return out
}

/// At least `megabytes` MB of articles: the sources repeated, each copy varied (a numbered line
/// at its end) so that no copy is byte-identical to another.
func corpus(megabytes: Int) -> [[UInt8]] {
    let articles = sourceArticles()
    guard !articles.isEmpty else { return [] }
    var docs: [[UInt8]] = []
    var size = 0
    var k = 0
    while size < megabytes * 1_000_000 {
        var a = articles[k % articles.count]
        a.append(contentsOf: Array("\nBản \(k).\n".utf8))
        size += a.count
        docs.append(a)
        k += 1
    }
    return docs
}

let megabytes = ProcessInfo.processInfo.environment["VNFACTS_BENCH_MB"].flatMap { Int($0) } ?? 50
/// Bytes of input per second of wall-clock time, and per second of this process's CPU time (the
/// figure to compare on a machine shared with other work: one thread, so CPU time is its time).
let throughput = BenchmarkMetric.custom("throughput (kB/s)", polarity: .prefersLarger, useScalingFactor: false)
let cpuThroughput = BenchmarkMetric.custom("throughput on CPU time (kB/s)", polarity: .prefersLarger, useScalingFactor: false)

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// One pass over `bytes` bytes timed inside the iteration, recorded as kB/s.
func timed(_ benchmark: Benchmark, bytes: Int, _ body: () -> Int) {
    let start = ContinuousClock.now, cpu = cpuSeconds()
    blackHole(body())
    let elapsed = ContinuousClock.now - start, cpuElapsed = cpuSeconds() - cpu
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    if seconds > 0 { benchmark.measurement(throughput, Int(Double(bytes) / seconds / 1000)) }
    if cpuElapsed > 0 { benchmark.measurement(cpuThroughput, Int(Double(bytes) / cpuElapsed / 1000)) }
}

func configuration(iterations: Int) -> Benchmark.Configuration {
    .init(metrics: [throughput, cpuThroughput, .wallClock, .cpuTotal, .peakMemoryResident],
          timeUnits: .milliseconds, units: [throughput: .count, cpuThroughput: .count],
          warmupIterations: 0, maxDuration: .seconds(120), maxIterations: iterations)
}

struct Corpus: Sendable {
    let docs: [[UInt8]]
    var bytes: Int { docs.reduce(0) { $0 + $1.count } }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("ICU word break (C loop, ICUCeiling.words)", configuration: configuration(iterations: 5)) { (benchmark: Benchmark, joined: [UInt8]) in
        timed(benchmark, bytes: joined.count) { Int(ICUCeiling.words(joined)) }
    } setup: {
        corpus(megabytes: megabytes).flatMap { $0 }
    }

    Benchmark("normalize (Normalizer)", configuration: configuration(iterations: 5)) { (benchmark: Benchmark, c: Corpus) in
        let normalizer = Normalizer()
        timed(benchmark, bytes: c.bytes) {
            var n = 0
            for d in c.docs { n &+= normalizer.normalize(d).bytes.count }
            return n
        }
    } setup: {
        Corpus(docs: corpus(megabytes: megabytes))
    }

    Benchmark("tokenize (Tokenizer.tokens over normalized text)", configuration: configuration(iterations: 5)) { (benchmark: Benchmark, state: (texts: [NormalizedText], bytes: Int)) in
        guard let tokenizer = try? Tokenizer() else { return }
        let (texts, bytes) = state
        timed(benchmark, bytes: bytes) {
            var n = 0
            for t in texts { n &+= tokenizer.tokens(t).count }
            return n
        }
    } setup: {
        let docs = corpus(megabytes: megabytes)
        let normalizer = Normalizer()
        return (texts: docs.map { normalizer.normalize($0) }, bytes: docs.reduce(0) { $0 + $1.count })
    }

    Benchmark("extract (Extractor.extract, full pipeline)", configuration: configuration(iterations: 3)) { (benchmark: Benchmark, state: (corpus: Corpus, vocabulary: CompiledVocabulary)) in
        guard let extractor = try? Extractor(vocabulary: state.vocabulary) else { return }
        let c = state.corpus
        timed(benchmark, bytes: c.bytes) {
            var n = 0
            for (k, d) in c.docs.enumerated() { n &+= extractor.extract(utf8: d, id: "a\(k)").counts.count }
            return n
        }
    } setup: {
        let vocabulary = try CompiledVocabulary(gazetteer: Gazetteer(directory: repositoryRoot.appendingPathComponent("Gazetteer")))
        return (corpus: Corpus(docs: corpus(megabytes: megabytes)), vocabulary: vocabulary)
    }
}
