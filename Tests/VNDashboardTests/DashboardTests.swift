import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VNDashboard
import VNExtract
import VNGazetteer
import VNReconcile
import VNStore
import VNText
import _VNTestSupport

/// A store with the seeds and one hostile article, and the sample tracker.
func dashboard() throws -> Dashboard {
    let g = try Gazetteer(directory: gazetteerDirectory)
    let vocab = try CompiledVocabulary(gazetteer: g)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-dash-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let store = try Store(path: dir.appendingPathComponent("d.sqlite").path)
    let input = dir.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    for a in corpusArticles("seeds") { try Data(a.bytes).write(to: input.appendingPathComponent(a.name + ".txt")) }
    try Data("Tin <script>alert(1)</script> về Kim Sơn\n\nHuyện Kim Sơn có 12/15 chi bộ <script>alert('x')</script> tổ chức xong đại hội.\n".utf8)
        .write(to: input.appendingPathComponent("evil.txt"))
    _ = try Ingestor(store: store, vocabulary: vocab, reader: InputReader(dataDirectory: gazetteerDirectory), jobs: 1).run([input.path])
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/tracker/sample-2020.csv"), encoding: .utf8)
    return Dashboard(store: store, gazetteer: g, tracker: Tracker(csv: text, knownCode: { g.units.byCode[$0] != nil }))
}

/// Starts the server on a free loopback port and requests every page and API route.
@Test func everyPageAndRoute() async throws {
    let app = try dashboard().application(host: "127.0.0.1", port: 0)
    try await app.test(.live) { client in
        try await client.execute(uri: "/", method: .get) { r in
            #expect(r.status == .ok)
            let body = String(buffer: r.body)
            #expect(body.contains("Coverage by province") && body.contains("<svg"))
            #expect(body.contains("thành phố Đà Nẵng"))
            #expect(body.range(of: "class=\"contra\">1<") != nil, "Đà Nẵng's contradiction is listed")
        }
        try await client.execute(uri: "/?sort=name", method: .get) { r in #expect(r.status == .ok) }
        try await client.execute(uri: "/units/495", method: .get) { r in
            #expect(r.status == .ok)
            let body = String(buffer: r.body)
            #expect(body.contains("contradicted") && body.contains("121/235"))
            #expect(body.contains("/articles/002_9f359102a375db53"))
        }
        try await client.execute(uri: "/units/99999", method: .get) { r in
            #expect(r.status == .notFound)
            #expect(String(buffer: r.body).contains("href=\"/\""))
        }
        try await client.execute(uri: "/articles/002_9f359102a375db53", method: .get) { r in
            #expect(r.status == .ok)
            let body = String(buffer: r.body)
            #expect(body.contains("<mark class=\"count\""), "a count is highlighted")
            #expect(body.contains("121/235 chi bộ trực thuộc"))
        }
        try await client.execute(uri: "/articles/evil", method: .get) { r in
            let body = String(buffer: r.body)
            #expect(!body.contains("<script>"), "article text is escaped")
            #expect(body.contains("&lt;script&gt;"))
        }
        try await client.execute(uri: "/search?q=kim%20son", method: .get) { r in
            #expect(r.status == .ok)
            #expect(String(buffer: r.body).contains("Kim Sơn"), "diacritics optional")
        }
        try await client.execute(uri: "/api/coverage", method: .get) { r in
            #expect(r.status == .ok)
            #expect(String(buffer: r.body).contains("\"provinces\""))
        }
        try await client.execute(uri: "/api/units/495", method: .get) { r in #expect(String(buffer: r.body).contains("\"contradicted\"")) }
        try await client.execute(uri: "/api/articles/000_df59e02c452cb29d", method: .get) { r in #expect(String(buffer: r.body).contains("\"schema\":\"vnfacts/1\"")) }
        try await client.execute(uri: "/api/search?q=lang%20son", method: .get) { r in #expect(String(buffer: r.body).contains("Lạng Sơn")) }
        try await client.execute(uri: "/no/such/page", method: .get) { r in
            #expect(r.status == .notFound)
            #expect(String(buffer: r.body).contains("Back to the overview"))
        }
    }
}
