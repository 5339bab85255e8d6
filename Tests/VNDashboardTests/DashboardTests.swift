import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VNDashboard
import VNExtract
import VNPipeline
import VNGazetteer
import VNReconcile
import VNStore
import VNText
import _VNTestSupport

let sampleTracker = "Tests/Fixtures/tracker/sample-2020.csv"

/// A store with the seeds and one hostile article, and the sample tracker.
func dashboard() throws -> Dashboard { try fixture().dashboard }

func fixture(pageSize: Int = 50, extra: [String] = []) throws -> (dashboard: Dashboard, store: Store, ingest: ([String]) throws -> Void) {
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
    let ingest = { (paths: [String]) throws in _ = try Ingestor(store: store, vocabulary: vocab, jobs: 1).run(paths) }
    try ingest([input.path] + extra)
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(sampleTracker), encoding: .utf8)
    var d = Dashboard(store: store, gazetteer: g, tracker: Tracker(csv: text, knownCode: { g.units.byCode[$0] != nil }))
    d.pageSize = pageSize
    return (d, store, ingest)
}

func body(_ r: TestResponse) -> String { String(buffer: r.body) }

/// Starts the server on a free loopback port and requests every page and API route.
@Test func everyPageAndRoute() async throws {
    let app = try dashboard().application(host: "127.0.0.1", port: 0)
    try await app.test(.live) { client in
        try await client.execute(uri: "/", method: .get) { r in
            #expect(r.status == .ok)
            let body = String(buffer: r.body)
            #expect(body.contains("<h1>Tin bài theo tỉnh</h1>") && body.contains("<svg") && body.contains("<html lang=\"vi\">"))
            #expect(body.contains("thành phố Đà Nẵng"))
            #expect(body.range(of: "class=\"num contra\">1<") != nil, "Đà Nẵng's contradiction is listed")
            #expect(body.contains("Số liệu khác với bảng theo dõi") && body.contains("121/235"), "the contradicted claim itself")
            #expect(body.contains("Số bài theo tuần") || body.contains("Số bài theo tháng"))
        }
        try await client.execute(uri: "/?sort=name", method: .get) { r in #expect(r.status == .ok) }
        try await client.execute(uri: "/units/495", method: .get) { r in
            #expect(r.status == .ok)
            let body = String(buffer: r.body)
            #expect(body.contains("mâu thuẫn") && body.contains("121/235"))
            #expect(body.contains("/articles/002_9f359102a375db53"))
            #expect(body.contains("thành phố Đà Nẵng"), "its province is named and linked")
        }
        try await client.execute(uri: "/units/48", method: .get) { r in
            #expect(r.status == .ok)
            let b = body(r)
            #expect(b.contains("Các đơn vị cấp huyện") && b.contains("/units/495"), "a province lists its districts")
            #expect(b.contains("Chưa có tin ("), "and the districts nobody covered")
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
            #expect(String(buffer: r.body).contains("Về trang tổng quan"))
        }
    }
}

/// Long lists come a page at a time, in the pages and the API.
@Test func listsArePaginated() async throws {
    let f = try fixture(pageSize: 1, extra: [repositoryRoot.appendingPathComponent("Corpus/written").path])
    try await f.dashboard.application(host: "127.0.0.1", port: 0).test(.live) { client in
        let first = try await client.execute(uri: "/api/units/48?limit=1&offset=0", method: .get) { r -> String in
            let b = body(r)
            #expect(b.contains("\"articleTotal\":"))
            return b.components(separatedBy: "\"articles\":[").last ?? ""
        }
        let second = try await client.execute(uri: "/api/units/48?limit=1&offset=1", method: .get) { r in body(r).components(separatedBy: "\"articles\":[").last ?? "" }
        #expect(first != second, "the second page holds another article")
        try await client.execute(uri: "/units/48", method: .get) { r in
            #expect(body(r).contains("trang 1/") && body(r).contains("page=2"))
        }
        try await client.execute(uri: "/units/48?page=2", method: .get) { r in
            #expect(r.status == .ok)
            #expect(body(r).contains("trang 2/") && body(r).contains("← trang trước"))
        }
        try await client.execute(uri: "/search?q=dai%20hoi", method: .get) { r in
            #expect(body(r).contains("trang 1/"), "search results too")
        }
    }
}

/// A period narrows the overview; a malformed date is a 400 that says why.
@Test func coverageOfAPeriod() async throws {
    try await dashboard().application(host: "127.0.0.1", port: 0).test(.live) { client in
        try await client.execute(uri: "/api/coverage?from=2020-03-01&to=2020-03-31", method: .get) { r in
            let b = body(r)
            #expect(b.contains("\"from\":\"2020-03-01\""))
            // 002 is dated June but reports Cẩm Lệ's figures as of 2 March: its claims are in March.
            #expect(b.contains("\"articles\":0,\"articlesWithPlace\":0,\"claims\":4,\"contradictions\":1"), "\(b.prefix(300))")
            #expect(b.contains("\"uncoveredProvinces\":[{\"code\":\"01\""))
            #expect(b.contains("{\"code\":\"20\",\"name\":\"tỉnh Lạng Sơn\",\"key\":\"20@2004-08-31\""), "Lạng Sơn's articles and claims are from other months")
            #expect(b.contains("\"latestSnapshot\":\"2020-03-02\""), "the tracker's latest snapshot up to the period's end")
            #expect(!b.contains("2020-08-15"), "not a snapshot after it")
        }
        try await client.execute(uri: "/?from=2020-03-01&to=2020-03-31", method: .get) { r in
            #expect(body(r).contains("01/03/2020 – 31/03/2020"))
            #expect(body(r).contains("/units/48@2004-08-31?from=2020-03-01&amp;to=2020-03-31"), "links keep the period (and name the unit version)")
        }
        try await client.execute(uri: "/api/coverage?from=March", method: .get) { r in
            #expect(r.status == .badRequest)
            #expect(body(r).contains("not a date"))
        }
        try await client.execute(uri: "/?to=2020-13-45", method: .get) { r in #expect(r.status == .badRequest) }
        // The date fields' own form, dd/mm/yyyy, is the same period; a day that does not exist is refused.
        let iso = try await client.execute(uri: "/api/coverage?from=2020-03-01&to=2020-03-31", method: .get) { r in body(r) }
        try await client.execute(uri: "/api/coverage?from=01/03/2020&to=31%2F03%2F2020", method: .get) { r in #expect(body(r) == iso) }
        try await client.execute(uri: "/?from=31/02/2020", method: .get) { r in #expect(r.status == .badRequest) }
        try await client.execute(uri: "/?from=01/03/2020", method: .get) { r in #expect(body(r).contains("value=\"01/03/2020\""), "shown as written") }
    }
}

/// Articles stored while the dashboard runs show on the next request (the cached coverage is
/// dropped when the store changes).
@Test func newArticlesAppearWithoutARestart() async throws {
    let f = try fixture()
    let before = try await coverageArticles(f.dashboard)
    try f.ingest([repositoryRoot.appendingPathComponent("Corpus/heldout").path])
    let after = try await coverageArticles(f.dashboard)
    #expect(after == (try f.store.articleCount()))
    #expect(after > before)
}

/// "articles" of /api/coverage from a server started on the dashboard (its cache is kept between servers).
func coverageArticles(_ d: Dashboard) async throws -> Int {
    try await d.application(host: "127.0.0.1", port: 0).test(.live) { client in
        try await client.execute(uri: "/api/coverage", method: .get) { r -> Int in
            let json = body(r)
            guard let at = json.range(of: "\"articles\":") else { return -1 }
            return Int(json[at.upperBound...].prefix { $0.isNumber }) ?? -1
        }
    }
}

/// Search knows the gazetteer's units even when no article names them, without diacritics.
@Test func searchFindsAdministrativeUnits() async throws {
    try await dashboard().application(host: "127.0.0.1", port: 0).test(.live) { client in
        try await client.execute(uri: "/search?q=kim%20son", method: .get) { r in
            let b = body(r)
            #expect(b.contains("Đơn vị hành chính") && b.contains("/units/376"), "huyện Kim Sơn, Ninh Bình")
        }
        try await client.execute(uri: "/search?q=%25", method: .get) { r in
            #expect(r.status == .ok)
            #expect(body(r).contains("Bài báo (1)"), "a LIKE wildcard is taken literally: only the title with '100%'")
        }
    }
}

/// A unit is a version: phường Khuê Trung (code 20260 until 2025, phường Cẩm Lệ's since) has its
/// own page, its article links to it, search finds it; a bare code shows the version the store
/// has articles about; unit pages of reused codes list the other versions.
@Test func unitPagesAreVersionsOfTheirTime() async throws {
    let f = try fixture(extra: [repositoryRoot.appendingPathComponent("Corpus/written").path])
    try f.store.ensureRollups(gazetteer: try Gazetteer(directory: gazetteerDirectory))
    let article = try #require(try f.store.search("khue trung").articles.first { $0.id.hasPrefix("w02_") })
    try await f.dashboard.application(host: "127.0.0.1", port: 0).test(.live) { client in
        try await client.execute(uri: "/articles/\(article.id)", method: .get) { r in
            #expect(body(r).contains("/units/20260@2005-08-20"), "the unit link is the version of the article's date")
        }
        for uri in ["/units/20260@2005-08-20", "/units/20260"] {
            try await client.execute(uri: uri, method: .get) { r in
                #expect(r.status == .ok)
                #expect(body(r).contains("<title>phường Khuê Trung · vnfacts</title>"), "\(uri)")
                #expect(body(r).contains("/units/20260@2025-07-01"), "the later version is linked")
                #expect(body(r).contains(article.id))
            }
        }
        try await client.execute(uri: "/units/20260@2025-07-01", method: .get) { r in
            #expect(body(r).contains("<title>phường Cẩm Lệ · vnfacts</title>"))
            #expect(!body(r).contains(article.id), "its articles are not the 2019 ward's")
        }
        try await client.execute(uri: "/search?q=khue%20trung", method: .get) { r in
            #expect(body(r).contains("/units/20260@2005-08-20"))
        }
        try await client.execute(uri: "/api/units/15@2004-08-31", method: .get) { r in
            #expect(body(r).contains("\"name\":\"tỉnh Yên Bái\""))
            #expect(body(r).contains("\"successors\":[{\"code\":\"15\",\"name\":\"tỉnh Lào Cai\""))
        }
    }
}

/// The tiles of each map on a page: (caption, [(classes, href)]).
func maps(_ html: String) -> [(caption: String, tiles: [(cls: String, href: String)])] {
    html.components(separatedBy: "<figure><figcaption>").dropFirst().map { fig in
        let caption = fig.components(separatedBy: "</figcaption>").first ?? ""
        let svg = fig.components(separatedBy: "</figure>").first ?? ""
        let tiles = svg.components(separatedBy: "<a href=\"").dropFirst().map { a -> (String, String) in
            let href = a.components(separatedBy: "\"").first ?? ""
            let cls = a.components(separatedBy: "class=\"tile ").dropFirst().first?.components(separatedBy: "\"").first ?? ""
            return (cls, href.replacingOccurrences(of: "&amp;", with: "&"))
        }
        return (caption, tiles)
    }
}

/// The overview's map has one square per province version of the period: 63 before the 2025
/// reform, 34 after, both for a period across it; uncovered provinces are marked, Đà Nẵng's
/// contradiction too, and every square opens its province's page.
@Test func theCoverageMapHasTheProvincesOfThePeriod() async throws {
    try await dashboard().application(host: "127.0.0.1", port: 0).test(.live) { client in
        let y2020 = try await client.execute(uri: "/?from=2020-01-01&to=2020-12-31", method: .get) { r in maps(body(r)) }
        #expect(y2020.count == 1)
        let tiles = y2020.first?.tiles ?? []
        #expect(tiles.count == 63)
        #expect(Set(tiles.map(\.href)).count == 63, "one square per province")
        let uncovered = tiles.filter { $0.cls == "none" }.count
        let api = try await client.execute(uri: "/api/coverage?from=2020-01-01&to=2020-12-31", method: .get) { r in body(r) }
        let json = try JSONSerialization.jsonObject(with: Data(api.utf8)) as? [String: Any]
        let listed = (json?["uncoveredProvinces"] as? [Any])?.count ?? -1
        #expect(uncovered == listed, "the uncovered squares are the uncovered provinces")
        #expect(uncovered > 0 && uncovered < 63)
        #expect(tiles.contains { $0.cls == "contra" && $0.href.hasPrefix("/units/48@") }, "Đà Nẵng's contradiction is marked")
        #expect(y2020.first?.caption.contains("63 tỉnh") == true)
        for t in tiles.prefix(8) + tiles.suffix(4) {
            try await client.execute(uri: t.href, method: .get) { r in #expect(r.status == .ok, "\(t.href)") }
        }
        let after = try await client.execute(uri: "/?from=2025-08-01&to=2025-12-31", method: .get) { r in maps(body(r)) }
        #expect(after.map(\.tiles.count) == [34])
        #expect(after.first?.tiles.allSatisfy { $0.href.contains("from=2025-08-01") } == true, "links keep the period")
        let across = try await client.execute(uri: "/?from=2025-01-01&to=2025-12-31", method: .get) { r in maps(body(r)) }
        #expect(across.map(\.tiles.count) == [63, 34], "Huế shares Thừa Thiên Huế's square")
        try await client.execute(uri: "/units/48", method: .get) { r in
            #expect(body(r).contains("class=\"dtile "), "a province page lists its districts as squares")
        }
    }
}

/// Vietnamese first; `?lang=en` gives the English pages and a cookie that keeps them.
@Test func pagesAreVietnameseWithAnEnglishSwitch() async throws {
    try await dashboard().application(host: "127.0.0.1", port: 0).test(.live) { client in
        try await client.execute(uri: "/units/48", method: .get) { r in
            let b = body(r)
            #expect(b.contains("<html lang=\"vi\">") && b.contains("Bài báo (") && b.contains("href=\"?lang=en\""))
            #expect(!b.contains("Articles (") && !b.contains("upper-grassroots") && !b.contains("count claims"), "no English on a Vietnamese page")
            #expect(r.headers[.setCookie] == nil)
        }
        try await client.execute(uri: "/units/48?lang=en", method: .get) { r in
            let b = body(r)
            #expect(b.contains("<html lang=\"en\">") && b.contains("Articles (") && b.contains("District-level units") && b.contains("href=\"?lang=vi\""))
            #expect(r.headers[.setCookie]?.hasPrefix("vnfacts_lang=en;") == true)
        }
        var cookie = HTTPFields()
        cookie[.cookie] = "other=1; vnfacts_lang=en"
        try await client.execute(uri: "/", method: .get, headers: cookie) { r in #expect(body(r).contains("Coverage by province")) }
        try await client.execute(uri: "/?lang=fr", method: .get) { r in #expect(r.status == .badRequest) }
    }
}

/// Every headline number equals the rows it stands for, on every province and district page of
/// the Corpus store, all time and for a period: the articles of its summary are its article list's
/// total, its claims the claims listed (each distinct claim counted as often as it was made).
@Test(.timeLimit(.minutes(10))) func summariesEqualTheirRows() async throws {
    let f = try fixture(extra: [repositoryRoot.appendingPathComponent("Corpus").path])
    try await f.dashboard.application(host: "127.0.0.1", port: 0).test(.live) { client in
        for period in ["", "from=2020-01-01&to=2020-12-31"] {
            let cov = try await client.execute(uri: "/api/coverage?" + period, method: .get) { r in body(r) }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(cov.utf8)) as? [String: Any])
            let provinces = json["provinces"] as? [[String: Any]] ?? []
            #expect((json["articles"] as? Int ?? -1) >= provinces.map { $0["articles"] as? Int ?? 0 }.max() ?? 0)
            let rows = provinces + provinces.flatMap { $0["districts"] as? [[String: Any]] ?? [] }
            #expect(rows.count > 10)
            for row in rows {
                let key = try #require(row["key"] as? String)
                let unit = try await client.execute(uri: "/api/units/\(key)?limit=500&" + period, method: .get) { r in body(r) }
                let u = try #require(try JSONSerialization.jsonObject(with: Data(unit.utf8)) as? [String: Any])
                let claims = (u["claims"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["times"] as? Int ?? 0) }
                #expect(u["articleTotal"] as? Int == row["articles"] as? Int, "\(key) \(period): articles")
                #expect(claims == row["claims"] as? Int, "\(key) \(period): claims \(u["claims"] ?? "")")
            }
        }
    }
}

/// Search finds the articles that name a unit, not only those whose title does.
@Test func searchFindsArticlesByTheUnitsTheyName() async throws {
    let f = try fixture()
    try f.store.ensureRollups(gazetteer: try Gazetteer(directory: gazetteerDirectory))
    let hits = try f.store.search("kim son", limit: 50, offset: 0)
    #expect(hits.units.contains { $0.name.contains("Kim Sơn") })
    #expect(hits.articleTotal >= hits.units.filter { $0.name.contains("Kim Sơn") }.map(\.articles).max() ?? 1)
    #expect(hits.articles.contains { $0.id == "evil" }, "its title names Kim Sơn")
    #expect(hits.articles.contains { !Folding.plain($0.title ?? "").contains("kim son") }, "an article whose title does not: \(hits.articles.map { $0.title ?? "" })")
}
