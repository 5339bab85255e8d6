import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VNCoverage
import VNDashboard
import VNExtract
import VNGazetteer
import VNReconcile
@testable import VNStore
import VNText
import _VNTestSupport

/// The output of a `vnfacts` command (stdout) and its exit status.
func runTool(_ args: [String]) throws -> (status: Int32, out: String) {
    let binary = repositoryRoot.appendingPathComponent(".build/debug/vnfacts")
    let p = Process()
    p.executableURL = binary
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The same articles (the Corpus, the HTML fixtures and generated copies of the seeds) in an
/// SQLite store and a PostgreSQL one: every `coverage` output (each format, several periods,
/// with the tracker), every `reconcile --db` output, and every dashboard route (the overview
/// sorted and by period, each covered unit version's page and API, communes, bare codes, every
/// article, searches, pages of lists) are byte for byte the same.
@Test(.timeLimit(.minutes(10)))
func coverageReconcileAndDashboardAreTheSameOnBothBackends() async throws {
    let binary = repositoryRoot.appendingPathComponent(".build/debug/vnfacts")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        Issue.record("build the vnfacts product first (swift build --build-tests builds it)"); return
    }
    let dir = try tempDir("parity")
    defer { try? FileManager.default.removeItem(at: dir) }
    guard let pg = try TestDatabase(.postgres, in: dir) else { return }
    defer { pg.drop() }
    let lite = try #require(try TestDatabase(.sqlite, in: dir))
    let generated = dir.appendingPathComponent("generated")
    try writeSeedCopies(40, to: generated)
    let inputs = [repositoryRoot.appendingPathComponent("Corpus").path, repositoryRoot.appendingPathComponent("Tests/Fixtures/html").path, generated.path]
    // Through the tool, as a team would: roll-ups built in the ingest batches.
    for db in [lite.location, pg.location] {
        let r = try runTool(["ingest", "--db", db, "--jobs", "2", "--gazetteer", gazetteerDirectory.path] + inputs)
        #expect(r.status == 0 || r.status == 1, "ingest into \(displayLocation(db)): \(r.status)")
    }
    let tracker = repositoryRoot.appendingPathComponent("Tests/Fixtures/tracker/sample-2020.csv").path
    let g = ["--gazetteer", gazetteerDirectory.path]
    var commands: [[String]] = []
    for period in [[], ["--from", "2020-03-01", "--to", "2020-03-31"], ["--from", "2025-07-01"], ["--to", "2019-12-31"]] {
        for format in ["table", "json", "csv"] {
            commands.append(["coverage", "--format", format, "--tracker", tracker] + period + g)
        }
        commands.append(["coverage"] + period + g)
    }
    for format in ["table", "json", "csv", "html"] { commands.append(["reconcile", "--tracker", tracker, "--format", format] + g) }
    for c in commands {
        let a = try runTool(c + ["--db", lite.location]), b = try runTool(c + ["--db", pg.location])
        #expect(a.status == 0 && b.status == 0, "\(c): \(a.status) \(b.status)")
        #expect(!a.out.isEmpty)
        #expect(a.out == b.out, "\(c.joined(separator: " ")) differs")
    }

    // The dashboard over each store.
    let gz = try Gazetteer(directory: gazetteerDirectory)
    let text = try String(contentsOf: URL(fileURLWithPath: tracker), encoding: .utf8)
    let t = Tracker(csv: text, knownCode: { gz.units.byCode[$0] != nil })
    let s = try openStore(lite.location), p = try openStore(pg.location)
    #expect(try s.articleCount() == p.articleCount())
    #expect(try !s.needsRollups(gazetteer: gz) && !p.needsRollups(gazetteer: gz), "ingest rolled everything up")
    var routes = ["/", "/?sort=name", "/?sort=articles", "/?sort=claims", "/?sort=latest", "/?from=2020-03-01&to=2020-03-31", "/?from=2025-07-01",
                  "/api/coverage", "/api/coverage?from=2020-01-01&to=2020-12-31", "/api/coverage?to=2015-12-31",
                  "/search?q=dai%20hoi", "/search?q=dai%20hoi&page=2", "/search?q=kim%20son", "/search?q=khue%20trung", "/api/search?q=lang%20son",
                  "/api/search?q=%25", "/api/search?q=chi%20bo&limit=5&offset=5", "/search?q=", "/units/48", "/units/20260", "/units/15", "/units/99999",
                  "/articles/nope", "/api/articles/nope"]
    let r = try Coverage.compute(store: s, gazetteer: gz, tracker: t, from: nil, to: nil)
    for row in r.provinces + r.provinces.flatMap(\.districts) {
        routes += ["/units/\(row.key)", "/api/units/\(row.key)", "/units/\(row.key)?page=2", "/api/units/\(row.key)?from=2020-01-01&to=2020-12-31"]
    }
    for u in try s.search("phuong").units + s.search("xa").units { if let v = u.version { routes += ["/units/\(v)", "/api/units/\(v)"] } }
    var ids: [String] = []
    try s.exportJSONL { line in
        if let r = line.range(of: "\"id\":\""), let e = line[r.upperBound...].firstIndex(of: "\"") { ids.append(String(line[r.upperBound..<e])) }
    }
    #expect(ids.count == (try s.articleCount()))
    for id in ids { routes += ["/articles/\(URLEncoding.segment(id))", "/api/articles/\(URLEncoding.segment(id))"] }
    let allRoutes = routes
    func answers(_ store: any FactStore) async throws -> [String] {
        var d = Dashboard(store: store, gazetteer: gz, tracker: t)
        d.pageSize = 5
        return try await d.application(host: "127.0.0.1", port: 0).test(.router) { client in
            var out: [String] = []
            for uri in allRoutes {
                out.append(try await client.execute(uri: uri, method: .get) { "\($0.status.code) " + String(buffer: $0.body) })
            }
            return out
        }
    }
    let x = try await answers(s), y = try await answers(p)
    #expect(x.count == routes.count && y.count == routes.count)
    for (i, uri) in routes.enumerated() where i < x.count && i < y.count {
        #expect(x[i] == y[i], "\(uri) differs")
        #expect(!x[i].hasPrefix("500"), "\(uri): \(x[i].prefix(200))")
    }
}

enum URLEncoding {
    /// A path segment: every byte but the unreserved ones percent-encoded.
    static func segment(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? s
    }
}

/// The dashboard on a store it may only read: an SQLite file opened read-only, and PostgreSQL
/// through a role granted SELECT only. Every route answers (nothing is written: the ingest role
/// built the roll-ups).
///
/// The limit is wall time from the test's start, and an async test resumes only when a thread of
/// Swift's cooperative pool (two on this machine kind) is free: while synchronous tests of other
/// suites hold both, this 3-second test waits. A CI run saw it wait six minutes behind them, so the
/// limit is the same ten minutes as the other store tests (it still catches a hang).
@Test(.timeLimit(.minutes(10)))
func theDashboardWorksOnReadOnlyStores() async throws {
    let dir = try tempDir("readonly")
    defer { try? FileManager.default.removeItem(at: dir) }
    guard let pg = try TestDatabase(.postgres, in: dir) else { return }
    defer { pg.drop() }
    let lite = try #require(try TestDatabase(.sqlite, in: dir))
    let gz = try Gazetteer(directory: gazetteerDirectory)
    for db in [lite.location, pg.location] {
        let w = try openStore(db)
        w.rollupGazetteer = gz
        try w.ensureRollups(gazetteer: gz)
        _ = try ingest([repositoryRoot.appendingPathComponent("Corpus/seeds").path], db: db)
        try w.ensureRollups(gazetteer: gz)
    }
    #expect(throws: (any Error).self) { try Store(path: dir.appendingPathComponent("missing.sqlite").path, readOnly: true) }
    // PostgreSQL sessions that may only read (as with a role granted SELECT only; the test user
    // may not create roles, so the database is made read-only for new sessions).
    let name = try #require(pg.name)
    let admin = try PGConnection(PostgresURL(pg.location))
    defer { admin.close() }
    try admin.execute("ALTER DATABASE \(name) SET default_transaction_read_only = on")
    let roURL = pg.location
    let stores: [any FactStore] = [try Store(path: lite.location, readOnly: true), try PostgresStore(url: roURL)]
    for s in stores {
        #expect(s.readOnly)
        #expect(try s.articleCount() == 5)
        let d = Dashboard(store: s, gazetteer: gz, tracker: nil)
        try await d.application(host: "127.0.0.1", port: 0).test(.router) { client in
            for uri in ["/", "/api/coverage", "/units/48", "/units/495", "/api/units/20", "/search?q=kim%20son", "/api/search?q=lang%20son", "/articles/002_9f359102a375db53"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .ok, "\(uri): \(String(buffer: r.body).prefix(300))") }
            }
        }
        #expect(throws: (any Error).self) { try s.recordError(path: "x", reason: "y", hash: nil, extractorFailed: false) }
    }
    if let p = stores.last as? PostgresStore { p.close() }
}
