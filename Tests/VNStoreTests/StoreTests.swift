import Foundation
import Testing
import VNCoverage
import VNExtract
import VNGazetteer
@testable import VNStore
import VNPipeline
import VNReconcile
import VNText
import _VNTestSupport

let vocabulary: CompiledVocabulary = {
    do { return try CompiledVocabulary(gazetteer: Gazetteer(directory: gazetteerDirectory)) } catch { fatalError("\(error)") }
}()

func tempDir(_ name: String) throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

/// `n` copies of the seeds in a new folder, each made a distinct article by a closing line.
func writeSeedCopies(_ n: Int, to dir: URL) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let seeds = corpusArticles("seeds")
    for k in 0..<n {
        let bytes = seeds[k % seeds.count].bytes + Array("\nBản tin số \(k).\n".utf8)
        try Data(bytes).write(to: dir.appendingPathComponent(String(format: "a%04d.txt", k)))
    }
}

func ingest(_ paths: [String], db: String, jobs: Int = 2) throws -> Ingestor.Summary {
    let store = try openStore(db)
    return try Ingestor(store: store, vocabulary: vocabulary, jobs: jobs).run(paths)
}

/// A mixed folder: text, HTML, JSON Lines (with a bad line), a binary file, an empty file, a TCVN3
/// file and a duplicate. Exact expectations for each, then a re-run that changes nothing.
@Test(arguments: Backend.allCases)
func mixedFolderThenIdempotentReingest(_ backend: Backend) throws {
    let root = try tempDir("mixed")
    defer { try? FileManager.default.removeItem(at: root) }
    guard let testDB = try TestDatabase(backend, in: root) else { return }
    defer { testDB.drop() }
    let dir = root.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let fm = FileManager.default
    let seed = corpusArticles("seeds")[0]
    try fm.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try Data(seed.bytes).write(to: dir.appendingPathComponent("000.txt"))
    try Data(seed.bytes).write(to: dir.appendingPathComponent("sub/copy.txt"))                  // duplicate content
    let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")
    try fm.copyItem(at: fixtures.appendingPathComponent("encodings/sample.tcvn3.txt"), to: dir.appendingPathComponent("old.txt"))
    try fm.copyItem(at: fixtures.appendingPathComponent("encodings/garbage.bin"), to: dir.appendingPathComponent("garbage.txt"))
    try Data().write(to: dir.appendingPathComponent("empty.txt"))
    try fm.copyItem(at: fixtures.appendingPathComponent("html/baodanang.html"), to: dir.appendingPathComponent("page.html"))
    let jsonl = """
    {"id":"j1","url":"https://example.vn/a","title":"Tin A","published":"2020-03-02","text":"Tính đến ngày 2-3-2020, toàn quận Cẩm Lệ có 121/235 chi bộ trực thuộc các Đảng bộ cơ sở tiến hành đại hội chi bộ."}
    this line is not JSON
    {"id":"j2","title":"Tin B","text":""}

    """
    try Data(jsonl.utf8).write(to: dir.appendingPathComponent("batch.jsonl"))
    try Data("x".utf8).write(to: dir.appendingPathComponent("notes.docx"))
    let db = testDB.location

    let first = try ingest([dir.path], db: db)
    #expect(first.stored == 4, "000, old (TCVN3), page (HTML), j1")
    #expect(first.skipped == 1, "the duplicate")
    let reasons = Dictionary(first.failures.map { (($0.path as NSString).lastPathComponent, $0.reason) }, uniquingKeysWith: { a, _ in a })
    #expect(first.failed == 5, "\(first.failures)")
    #expect(reasons["garbage.txt"]?.contains("binary") == true)
    #expect(reasons["empty.txt"]?.contains("empty") == true)
    #expect(reasons["batch.jsonl:2"]?.contains("not a JSON object") == true)
    #expect(reasons["batch.jsonl:3"]?.contains("empty") == true)
    #expect(reasons["notes.docx"]?.contains("unsupported") == true)

    let store = try openStore(db)   // a second opening: the schema is there already
    #expect(try store.articleCount() == 4)
    var lines: [String] = []
    try store.exportJSONL { lines.append($0) }
    #expect(lines.count == 4)
    #expect(lines.contains { $0.contains("\"encoding\":\"tcvn3\"") })

    // Re-running the batch stores nothing new and damages nothing.
    let second = try ingest([dir.path], db: db)
    #expect(second.stored == 0)
    #expect(second.skipped == 5)
    #expect(try store.articleCount() == 4)

    // The question from the issue: cell-level counts for Cẩm Lệ from March 2020.
    let (header, rows) = try store.rows(type: .counts, filter: CountFilter(place: "cam le", level: "cell", from: "2020-03-01"))
    let placeCol = try #require(header.firstIndex(of: "unit_place"))
    #expect(rows.count >= 2)
    #expect(rows.allSatisfy { $0[placeCol] == "Cẩm Lệ" || $0[placeCol] == "Khuê Trung" })
}

/// A child process killed in the middle of a batch leaves a consistent store; the next run
/// resumes and every article ends up stored exactly once.
@Test(.timeLimit(.minutes(10)), arguments: Backend.allCases)
func killMidBatchThenResume(_ backend: Backend) throws {
    let binary = repositoryRoot.appendingPathComponent(".build/debug/vnfacts")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        Issue.record("build the vnfacts product first (swift build --build-tests builds it)"); return
    }
    let dir = try tempDir("kill")
    defer { try? FileManager.default.removeItem(at: dir) }
    guard let testDB = try TestDatabase(backend, in: dir) else { return }
    defer { testDB.drop() }
    let articles = dir.appendingPathComponent("batch")
    let n = 300
    try writeSeedCopies(n, to: articles)
    let db = testDB.location
    func run() throws -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["ingest", "--db", db, "--jobs", "1", "--gazetteer", gazetteerDirectory.path, articles.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }
    let child = try run()
    // Wait until some articles are in, then kill it without warning.
    var stored = 0
    var watcher: (any FactStore)?
    for _ in 0..<600 {
        Thread.sleep(forTimeInterval: 0.05)
        if watcher == nil { watcher = try? openStore(db) }
        if let c = try? watcher?.articleCount() { stored = c }
        if stored >= 20 || !child.isRunning { break }
    }
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    #expect(stored < n, "the batch finished before it could be killed")
    let store = try openStore(db)
    let afterKill = try store.articleCount()
    #expect(afterKill >= stored)
    // Resume.
    let again = try run()
    again.waitUntilExit()
    #expect(again.terminationStatus == 0)
    #expect(try store.articleCount() == n, "every article stored once")
    var ids = Set<String>()
    try store.exportJSONL { line in
        if let r = line.range(of: "\"id\":\""), let e = line[r.upperBound...].firstIndex(of: "\"") { ids.insert(String(line[r.upperBound..<e])) }
    }
    #expect(ids.count == n)
}

@Test func coverageOfTheSeedsAgainstTheSampleTracker() throws {
    let dir = try tempDir("coverage")
    defer { try? FileManager.default.removeItem(at: dir) }
    let db = dir.appendingPathComponent("s.sqlite").path
    _ = try ingest([repositoryRoot.appendingPathComponent("Corpus/seeds").path], db: db)
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/tracker/sample-2020.csv"), encoding: .utf8)
    let g = vocabulary.gazetteer
    let tracker = VNReconcile.Tracker(csv: text, knownCode: { g.units.byCode[$0] != nil })
    let r = try Coverage.compute(store: try Store(path: db), gazetteer: g, tracker: tracker, from: "2019-01-01", to: "2020-12-31")
    let daNang = try #require(r.provinces.first { $0.code == "48" })
    let camLe = try #require(daNang.districts.first { $0.code == "495" })
    #expect(camLe.contradictions == 1, "121/235 against 118")
    #expect(camLe.latestSnapshot == "2020-03-02")
    let langSon = try #require(r.provinces.first { $0.code == "20" })
    #expect(langSon.articles >= 1 && langSon.claims >= 4)
    #expect(langSon.latestSnapshot == "2020-08-15")
    #expect(r.uncoveredProvinces.count > 50, "most of the 63 provinces are not in five articles")
    // 001 names Hà Nội but gives no date at all: outside any period, counted when none is given.
    #expect(r.uncoveredProvinces.contains { $0.code == "01" })
    // Undated, it counts for the unit's latest version (today's Hà Nội), not the one of 2020.
    let all = try Coverage.compute(store: try Store(path: db), gazetteer: g, tracker: tracker, from: nil, to: nil)
    #expect(all.provinces.contains { $0.key == "01@2025-07-01" && $0.articles > 0 })
    #expect(all.uncoveredProvinces.contains { $0.key == "01@2025-07-01" } == false)
    #expect(r.uncoveredDistricts["20@2004-08-31"]?.contains { $0.code == "182" } == false, "Văn Lãng is covered")
}
