import Foundation
import Testing
import VNExtract
import VNPipeline
import VNGazetteer
@testable import VNStore
import VNText
import _VNTestSupport

/// Three ingest machines on one store at the same time, with the same batch: every article is
/// stored once, none is lost, no deadlock, and between them they say so (stored + skipped = the
/// batch, for each).
@Test(.timeLimit(.minutes(10)), arguments: Backend.allCases)
func concurrentIngestersStoreEachArticleOnce(_ backend: Backend) throws {
    let dir = try tempDir("concurrent")
    defer { try? FileManager.default.removeItem(at: dir) }
    guard let testDB = try TestDatabase(backend, in: dir) else { return }
    defer { testDB.drop() }
    let batch = dir.appendingPathComponent("batch")
    let n = 150
    let machines = 3
    try writeSeedCopies(n, to: batch)
    // Each machine has its own connection and checks "already stored?" before the other has
    // written anything, so both extract everything and both try to store it.
    let stores = try (0..<machines).map { _ in try openStore(testDB.location) }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: machines) { m in
        results.set(m, Result {
            try Ingestor(store: stores[m], vocabulary: vocabulary, jobs: 1).run([batch.path])
        })
    }
    let all = try (0..<machines).map { try results.get($0) }
    #expect(all.allSatisfy { $0.failed == 0 })
    #expect(all.reduce(0) { $0 + $1.stored } == n, "stored \(all.map(\.stored))")
    #expect(all.allSatisfy { $0.stored + $0.skipped == n })
    #expect(try stores[0].articleCount() == n)
    var ids: [String] = []
    try stores[1].exportJSONL { line in ids.append(line) }
    #expect(ids.count == n)
    #expect(Set(ids).count == n, "no article twice")
}

final class Results: @unchecked Sendable {
    private var values: [Int: Result<Ingestor.Summary, any Error>] = [:]
    private let lock = NSLock()
    func set(_ k: Int, _ r: Result<Ingestor.Summary, any Error>) { lock.withLock { values[k] = r } }
    func get(_ k: Int) throws -> Ingestor.Summary { try lock.withLock { values[k]! }.get() }
}

/// `save` (what re-extraction uses) replaces an article's earlier extraction; other content
/// under a taken id is stored beside it with a suffix; `saveAll` skips content already there.
@Test(arguments: Backend.allCases)
func saveReplacesAndSuffixes(_ backend: Backend) throws {
    let dir = try tempDir("save")
    defer { try? FileManager.default.removeItem(at: dir) }
    guard let testDB = try TestDatabase(backend, in: dir) else { return }
    defer { testDB.drop() }
    let store = try openStore(testDB.location)
    let x = try Extractor(vocabulary: vocabulary)
    func input(_ text: String, id: String) -> ArticleInput {
        let bytes = Array(text.utf8)
        return ArticleInput(id: id, path: id + ".txt", format: .txt, text: bytes, encoding: "utf-8", hint: ArticleHint(), url: nil, hash: contentHash(bytes))
    }
    let one = input(corpusArticles("seeds")[0].string, id: "a")
    let other = input(corpusArticles("seeds")[1].string, id: "a")
    let f1 = x.extract(utf8: one.text, id: "a", hint: one.hint)
    #expect(try store.save(f1, input: one, encoding: "utf-8") == "a")
    #expect(try store.save(f1, input: one, encoding: "utf-8") == "a", "the same content again replaces it")
    #expect(try store.articleCount() == 1)
    #expect(try store.hash(of: "a") == one.hash)
    #expect(try store.contains(hash: one.hash))
    let f2 = x.extract(utf8: other.text, id: "a", hint: other.hint)
    let id2 = try store.save(f2, input: other, encoding: "utf-8")
    #expect(id2 == "a~" + other.hash.prefix(8))
    #expect(try store.articleCount() == 2)
    #expect(try store.saveAll([(f1, one), (f2, other)]) == 0, "both are stored already")
    #expect(try store.articleCount() == 2)
    #expect(try store.staleArticles().isEmpty, "read by this extractor version")
    let (_, counts) = try store.rows(type: .counts, filter: CountFilter())
    #expect(counts.count == f1.counts.count + f2.counts.count)
    try store.recordError(path: "x.txt", reason: "a test", hash: nil, extractorFailed: false)
    try store.recordError(path: "y.txt", reason: "not decodable", hash: "h-y", extractorFailed: false)
    try store.recordError(path: "z.txt", reason: "the extractor failed on this article (test)", hash: "h-z", extractorFailed: true)
    #expect(try store.failedBefore(hash: "h-z")?.contains("(test)") == true, "content the extractor failed on is known")
    #expect(try store.failedBefore(hash: "h-y") == nil, "an input error is not an extractor failure")
    #expect(try store.failedBefore(hash: "h-unknown") == nil)
    // The stored text comes back byte for byte.
    var json: [String] = []
    try store.exportJSONL { json.append($0) }
    #expect(json.count == 2 && json[0].contains("\"id\":\"a\"") && json[1].contains("\"id\":\"\(id2)\""))
}

/// The same batch in both backends gives the same exports: facts objects and every table's rows,
/// with and without filters (places without diacritics, tiers, dates).
@Test(.timeLimit(.minutes(10)))
func sqliteAndPostgresAgree() throws {
    let dir = try tempDir("agree")
    defer { try? FileManager.default.removeItem(at: dir) }
    guard let pg = try TestDatabase(.postgres, in: dir) else { return }
    defer { pg.drop() }
    let lite = try #require(try TestDatabase(.sqlite, in: dir))
    let inputs = [repositoryRoot.appendingPathComponent("Corpus").path,
                  repositoryRoot.appendingPathComponent("Tests/Fixtures/html").path]
    let a = try ingest(inputs, db: lite.location)
    let b = try ingest(inputs, db: pg.location)
    #expect(a.stored == b.stored && a.skipped == b.skipped && a.failed == b.failed)
    #expect(a.stored > 25)
    let s = try openStore(lite.location), p = try openStore(pg.location)
    #expect(try s.articleCount() == p.articleCount())
    let filters = [CountFilter(), CountFilter(place: "cam le"), CountFilter(place: "ĐÀ NẴNG"), CountFilter(place: "lang son", level: "cell"),
                   CountFilter(level: "grassroots", from: "2020-01-01", to: "2020-12-31"), CountFilter(from: "2025-01-01")]
    for filter in filters {
        var x: [String] = [], y: [String] = []
        try s.exportJSONL(filter: filter) { x.append($0) }
        try p.exportJSONL(filter: filter) { y.append($0) }
        #expect(x == y, "export \(filter)")
        for type in FactType.allCases {
            let r1 = try s.rows(type: type, filter: filter), r2 = try p.rows(type: type, filter: filter)
            #expect(r1.header == r2.header)
            #expect(r1.rows == r2.rows, "\(type) \(filter): \(r1.rows.count) vs \(r2.rows.count) rows")
        }
    }
    var all = 0
    try p.exportJSONL { _ in all += 1 }
    #expect(all == a.stored)
    #expect(try !p.rows(type: .counts, filter: CountFilter(place: "cam le")).rows.isEmpty)
}

/// PostgreSQL's `vn_fold` (created by the migration) folds Vietnamese as `Folding.plain` does:
/// every precomposed letter in both cases, decomposed marks, đ, odd spaces, zero-width characters.
@Test func postgresVnFoldMatchesFolding() throws {
    guard let pg = try TestDatabase(.postgres, in: FileManager.default.temporaryDirectory) else { return }
    defer { pg.drop() }
    _ = try PostgresStore(url: pg.location)
    let c = try PGConnection(PostgresURL(pg.location))
    defer { c.close() }
    var samples = ["Cẩm Lệ", "CẨM LỆ", "cam le", "  Đà   Nẵng ", "Thừa Thiên Huế", "Bà Rịa – Vũng Tàu", "ĐẮK LẮK", "Khuê\u{00A0}Trung",
                   "Lạng\u{200B} Sơn", "Tỉnh ủy\nLạng Sơn", "Cầu Giấy\t", "Quảng Trị".decomposedStringWithCanonicalMapping, "Hà Nội 2020"]
    let letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    samples += [letters, letters.uppercased(), letters.decomposedStringWithCanonicalMapping, letters.uppercased().decomposedStringWithCanonicalMapping]
    samples += corpusArticles("seeds").flatMap { $0.string.split(separator: "\n").prefix(8).map(String.init) }
    for s in samples {
        let folded = try c.query("SELECT vn_fold(\(s))").first?.decode(String.self)
        #expect(folded == Folding.plain(s), "\(s)")
    }
    #expect(try c.query("SELECT vn_fold(NULL)").first?.decode(String?.self) == nil)
    // Opening again applies nothing twice.
    _ = try PostgresStore(url: pg.location)
    #expect(try c.query("SELECT COUNT(*) FROM schema_migrations").first?.decode(Int64.self) == Int64(PostgresStore.migrations.count))
}

/// A PostgreSQL URL for `--db`: parts, defaults, and what a message shows (no password).
@Test func postgresURLs() throws {
    let u = try PostgresURL("postgresql://an%40alyst:p%3Ass@db.example:6543/press?sslmode=require")
    #expect(u.user == "an@alyst" && u.password == "p:ss" && u.host == "db.example" && u.port == 6543 && u.database == "press" && u.tls == .require)
    let d = try PostgresURL("postgres://vnfacts@localhost")
    #expect(d.port == 5432 && d.database == "vnfacts" && d.password == nil && d.tls == .disable)
    #expect(PostgresURL.isPostgres("POSTGRES://x") && !PostgresURL.isPostgres("press.sqlite") && !PostgresURL.isPostgres("postgres.sqlite"))
    #expect(displayLocation("postgres://u:secret@h:1/d") == "postgres://u:***@h:1/d")
    #expect(displayLocation("press.sqlite") == "press.sqlite")
    #expect(throws: (any Error).self) { try PostgresURL("postgres://u@h/d?sslmode=sometimes") }
    // A server that is not there: a clear error, not a hang.
    #expect { _ = try PostgresStore(url: "postgres://u@127.0.0.1:1/d") } throws: { "\($0)".contains("cannot connect to 127.0.0.1:1") }
}
