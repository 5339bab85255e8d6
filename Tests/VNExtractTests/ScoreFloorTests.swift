import Foundation
import Testing
import VNExtract
import VNText
import _VNTestSupport

// The extractor's scores on the gold sets may not fall below these floors: F1 per type and the
// accuracy of counts' unitPlace, scored as `vnfacts eval` scores them (matching rules version 2).
// Raise a floor when the extractor gets better; a floor is set a little under the score it had.
//
// Scores when the floors were set (extractor 0.4.0, 2026-12-01):
//
//   set        documents  dates  terms  units  counts  counts.unitPlace
//   real-dev       0.933  0.864      –  0.637   0.800       0.500–0.542
//   seeds          1.000  1.000  1.000  1.000   1.000             1.000
//   written        1.000  0.993  1.000  0.992   0.992             0.894
//
// Raised on 2026-12-02, when real-dev scored documents 1.000, dates 0.966, units 0.877, counts 0.959,
// counts.unitPlace 0.914 (32 of 35; macro-F1 0.951), seeds 1.000 everywhere and written 0.992 (units).
//
// real-dev's unitPlace is 12 or 13 of 24 from one run to the next: the extractor picks the
// reporting unit of a count in 082 (634/640) and in 005 (63/63) differently between processes
// (an unordered choice among candidates), so its floor leaves room for that.
// real-dev is ../shared/real-dev/articles (read at run time; the test is skipped without it),
// seeds is Corpus/seeds, written is Corpus/written.
let scoreFloors: [String: [String: Double]] = [
    "real-dev": ["documents": 0.98, "dates": 0.94, "units": 0.85, "counts": 0.93, "counts.unitPlace": 0.85],
    "seeds": ["documents": 0.99, "dates": 0.99, "terms": 0.99, "units": 0.99, "counts": 0.99, "counts.unitPlace": 0.99],
    "written": ["documents": 0.98, "dates": 0.97, "terms": 0.98, "units": 0.97, "counts": 0.97, "counts.unitPlace": 0.86],
]

let realDevArticles = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real-dev/articles")

/// Extracts every article of `folder` that has a gold file beside it and scores it.
func evaluate(folder: URL) throws -> Evaluation {
    let fm = FileManager.default
    let names = try fm.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
    let x = try Extractor(vocabulary: vocabulary)
    let decoder = TextDecoder(dataDirectory: gazetteerDirectory)
    var ev = Evaluation()
    for name in names {
        let base = String(name.dropLast(".json".count))
        guard let text = fm.contents(atPath: folder.appendingPathComponent(base + ".txt").path),
              let g = fm.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
        let gold = try #require(JSONSerialization.jsonObject(with: g) as? [String: Any], "\(name) is not a JSON object")
        let decoded = try decoder.decode(Array(text))
        ev.add(gold: gold, facts: x.extract(utf8: decoded.bytes, id: base))
    }
    return ev
}

/// Every floor of `set` is met; a failure names the score, the floor and the first differences.
func checkFloors(_ set: String, _ folder: URL, minimumArticles: Int) throws {
    let ev = try evaluate(folder: folder)
    #expect(ev.articles >= minimumArticles, "\(set): only \(ev.articles) scored articles in \(folder.path)")
    let floors = try #require(scoreFloors[set])
    for (name, floor) in floors.sorted(by: { $0.key < $1.key }) {
        let score: Double
        if let a = ev.attributes[name] { score = a.accuracy } else if let t = ev.tallies[name], t.annotated > 0 { score = t.f1 } else {
            Issue.record("\(set): nothing scored for \(name)")
            continue
        }
        let type = name.split(separator: ".").first.map(String.init) ?? name
        let examples = ev.differences.filter { name.contains(".") ? $0.type == name : $0.type == type }.prefix(12).map(\.line)
        #expect(score >= floor, "\(set) \(name) = \(String(format: "%.3f", score)), below its floor \(floor):\n\(examples.joined(separator: "\n"))")
    }
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: realDevArticles.path), "../shared/real-dev is not beside the repository"))
func realDevScoresStayAboveTheirFloors() throws {
    try checkFloors("real-dev", realDevArticles, minimumArticles: 100)
}

@Test func seedScoresStayAboveTheirFloors() throws {
    try checkFloors("seeds", repositoryRoot.appendingPathComponent("Corpus/seeds"), minimumArticles: 5)
}

@Test func writtenScoresStayAboveTheirFloors() throws {
    try checkFloors("written", repositoryRoot.appendingPathComponent("Corpus/written"), minimumArticles: 24)
}
