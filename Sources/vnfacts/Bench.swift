import ArgumentParser
import Foundation
import VNText
import VNGazetteer
import VNExtract

extension VNFactsCommand {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure throughput (MB/s on one core) and peak memory of each layer.",
            discussion: """
            Builds a corpus of at least --megabytes MB by repeating the articles of Corpus/ (each \
            copy varied so no cache helps), then times, on one thread, each stage against the plain \
            C loop over the same ICU calls (the ceiling). Several rounds; prints median and spread.

            Example:
              swift build -c release && .build/release/vnfacts bench --megabytes 50
            """
        )

        @Option(help: "Size of the corpus to build, in MB.")
        var megabytes = 50

        @Option(help: "Rounds per stage (the median is reported).")
        var rounds = 3

        @Option(help: "Folder of articles (*.txt) to build the corpus from.")
        var corpus = "Corpus"

        @Option(help: "Only the stages whose name contains this text (e.g. normalize, tokenize, ceiling, match, extract).")
        var only: String?

        @Option(help: "Write the generated corpus as .txt files to this folder (for `extract`/`ingest` timing) and stop.")
        var writeCorpus: String?

        @OptionGroup var gazetteerOptions: GazetteerOptions
        var gazetteer: String? { gazetteerOptions.gazetteer }

        func run() throws {
            let articles = try BenchCorpus.load(from: corpus)
            guard !articles.isEmpty else { throw ValidationError("no .txt articles under \(corpus)") }
            let docs = BenchCorpus.build(articles, megabytes: megabytes)
            let total = docs.reduce(0) { $0 + $1.count }
            if let dir = writeCorpus {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for (k, d) in docs.enumerated() {
                    try Data(d).write(to: URL(fileURLWithPath: dir).appendingPathComponent(String(format: "a%06d.txt", k)))
                }
                print("wrote \(docs.count) articles, \(String(format: "%.1f", Double(total) / 1e6)) MB to \(dir)")
                return
            }
            let joined = docs.flatMap { $0 }
            print("corpus: \(docs.count) articles, \(String(format: "%.1f", Double(total) / 1e6)) MB, ICU \(icuVersion)")

            let normalizer = Normalizer()
            let tokenizer = try Tokenizer()
            var sink = 0
            var results: [(String, [Double])] = []
            func measure(_ name: String, _ body: () -> Int) {
                if let only, !name.localizedCaseInsensitiveContains(only) { return }
                var rates: [Double] = []
                for _ in 0..<rounds {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    sink &+= body()
                    let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                    rates.append(Double(total) / 1e6 / dt)
                }
                results.append((name, rates))
            }
            measure("ceiling: C loop UTF-8→UTF-16→NFC") { Int(ICUCeiling.decodeNFC(joined)) }
            measure("decode+normalize (Swift)") {
                var n = 0
                let decoder = TextDecoder(tcvn3: nil, vni: nil)
                for d in docs { if let dec = try? decoder.decode(d) { n &+= normalizer.normalize(dec.bytes).bytes.count } }
                return n
            }
            measure("ceiling: C loop UTF-8→UTF-16→word break") { Int(ICUCeiling.words(joined)) }
            let normalized = only.map { "tokenize".localizedCaseInsensitiveContains($0) } ?? true ? docs.map { normalizer.normalize($0) } : []
            measure("tokenize (Swift, tokens+spans)") {
                var n = 0
                for d in normalized { n &+= tokenizer.tokens(d).count }
                return n
            }
            measure("tokenize+sentences (Swift)") {
                var n = 0
                for d in normalized { n &+= tokenizer.tokenize(d).sentences.count }
                return n
            }
            if only.map({ "match extract gazetteer".contains($0.lowercased()) || $0.lowercased().contains("match") || $0.lowercased().contains("extract") }) ?? true {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let vocab = try loadVocabulary(gazetteer)
                let loadMs = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                print(String(format: "gazetteer load + vocabulary compile: %.0f ms (gazetteer alone %.0f ms)", loadMs, vocab.gazetteer.loadMilliseconds))
                let names = vocab.gazetteer.units.names
                let normalizedForMatch = normalized.isEmpty ? docs.map { normalizer.normalize($0) } : normalized
                measure("match: unit names over token keys (Swift)") {
                    var hits = 0
                    for d in normalizedForMatch {
                        let toks = tokenizer.tokens(d)
                        let keys = KeyInterner.shared.lookup(toks.map { TokenKey.key(d.bytes[$0.range], kind: $0.kind) })
                        var i = 0
                        while i < keys.count {
                            if let m = names.longest(keys, from: i) { hits &+= m.payloads.count; i = m.end } else { i += 1 }
                        }
                    }
                    return hits
                }
                let extractor = try Extractor(vocabulary: vocab)
                measure("extract (Swift, full pipeline)") {
                    var n = 0
                    for (k, d) in docs.enumerated() { n &+= extractor.extract(utf8: d, id: "a\(k)").counts.count }
                    return n
                }
                let all = extractor.stageNanos.values.reduce(0, +)
                print("extract stages: " + extractor.stageNanos.sorted { $0.value > $1.value }.map { "\($0.key) \(Int(Double($0.value) * 100 / Double(max(all, 1))))%" }.joined(separator: ", "))
            }
            for (name, rates) in results {
                let sorted = rates.sorted()
                let median = sorted[sorted.count / 2]
                print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: " %8.1f MB/s  (min %.1f, max %.1f)", median, sorted.first ?? 0, sorted.last ?? 0))
            }
            print("peak memory (max RSS): \(PeakMemory.megabytes()) MB   [checksum \(sink & 0xFF)]")
        }
    }
}

enum BenchCorpus {
    static func load(from path: String) throws -> [[UInt8]] {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: path) else { return [] }
        var out: [[UInt8]] = []
        for case let rel as String in e where rel.hasSuffix(".txt") {
            if let d = fm.contents(atPath: path + "/" + rel), let _ = String(data: d, encoding: .utf8) { out.append(Array(d)) }
        }
        return out
    }

    /// Repeats articles up to the size, varying each copy (a number suffix on every line) so that
    /// the corpus is not one repeated string.
    static func build(_ articles: [[UInt8]], megabytes: Int) -> [[UInt8]] {
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
}

enum PeakMemory {
    /// Peak resident set size of this process in MB (Linux: VmHWM in /proc/self/status).
    static func megabytes() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb / 1024
        }
        return -1
    }
}
