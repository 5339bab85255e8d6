import Foundation
import Testing
import VNExtract
import VNGazetteer
import VNInput
import VNText
import _VNTestSupport

/// Text as the gold snippets compare it: NFC, zero-width characters dropped, every run of white
/// space (no-break spaces too) one space.
func visible(_ s: String) -> String {
    var out = ""
    var space = false
    for ch in s.precomposedStringWithCanonicalMapping.unicodeScalars {
        if ch.properties.isWhitespace || ch.value == 0xA0 { space = !out.isEmpty; continue }
        if (0x200B...0x200D).contains(ch.value) || ch.value == 0xFEFF { continue }
        if space { out.unicodeScalars.append(" "); space = false }
        out.unicodeScalars.append(ch)
    }
    return out
}

func page(_ name: String) -> PageArticle? {
    let path = repositoryRoot.appendingPathComponent("Tests/Fixtures/html/\(name)").path
    guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
    guard case .success(let (p, _, _)) = reader.readPage(Array(bytes), name: name) else { return nil }
    return p
}

func bodyText(_ p: PageArticle) -> String { visible(p.paragraphs.joined(separator: "\n")) }

/// A CMS portal built of layout tables (SharePoint-style): the site name in <title>, the headline
/// in a <p class="Title">, the dateline "thứ ba, 14 05 2019 09:10" in a cell beside the category,
/// a hidden archive toolbar with more prose than the article, a frozen "today" clock in the
/// header, Word-pasted runs that split words, a decomposed paragraph, a template link, a related
/// list with dates, a licence date and zero-width spaces in the footer.
@Test func tablePortalLayout() throws {
    let p = try #require(page("layout-table-portal.html"))
    #expect(p.title == "HUYỆN ỦY HÒA BẮC: Sơ kết công tác xây dựng Đảng quý I/2019")
    #expect(p.published?.iso == "2019-05-14", "the dateline beside the category, not the header clock or the licence date")
    let body = bodyText(p)
    #expect(body.hasPrefix("Sáng ngày 9/4, Huyện ủy Hòa Bắc tổ chức hội nghị"), "Word-pasted runs join without spaces")
    #expect(body.contains("chủ trì hội nghị."))
    #expect(body.contains("rà soát quy hoạch cán bộ"), "an inline tag inside a word adds no space")
    #expect(body.contains("Trong quý I, các chi bộ trực thuộc"), "a decomposed paragraph is body like any other")
    #expect(body.contains("nhiệm kỳ mới."))
    #expect(p.byline == "Tin, ảnh Minh Khoa")
    for chrome in ["Bản lưu", "Trang lưu trữ", "Xem chi tiết", "TIN ĐÃ ĐƯA", "mùa khô", "Cơ quan chủ quản", "Giấy phép", "Trang chủ", "Kinh tế Chính trị", "SỐ LƯỢT"] {
        #expect(!body.contains(chrome), "chrome in the body: \(chrome)")
    }
    #expect(p.site == "Cổng thông tin điện tử huyện Hòa Bắc")
}

/// Body paragraphs inside <h1> elements, the headline in a <p class="Title">, the dateline
/// "(20.06.2019 15:40)", a frozen header clock, a view counter line, a copyright footer.
@Test func headingBodyLayout() throws {
    let p = try #require(page("layout-heading-body.html"))
    #expect(p.title == "Xã Tân Lộc mở lớp bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú năm 2019.")
    #expect(p.published?.iso == "2019-06-20")
    let body = bodyText(p)
    #expect(body.hasPrefix("Trong ba ngày, từ 17 - 19/6/2019"))
    #expect(body.hasSuffix("hàng ngũ của Đảng."))
    for chrome in ["Số lượt người xem", "Bản in", "xem chi tiết", "Hội nông dân", "Thứ tư, 10/4/2019", "Chào mừng", "Bản quyền"] {
        #expect(!body.contains(chrome), "chrome in the body: \(chrome)")
    }
}

/// A modern news page: og:title with the site's suffix, article:published_time, JSON-LD, <time>,
/// landmarks (header, nav, aside, footer), an aria-hidden toolbar, <template>, <noscript>, a
/// `hidden` paragraph, share links, tags, related headlines and a comment form.
@Test func newsPortalLayout() throws {
    let p = try #require(page("layout-news-portal.html"))
    #expect(p.title == "Thị xã Bình Lâm hoàn thành đại hội chi bộ trước thời hạn", "the site suffix is stripped")
    #expect(p.published?.iso == "2020-07-15")
    #expect(p.byline == "Lan Anh")
    #expect(p.site == "Báo Bình Lâm điện tử")
    let body = bodyText(p)
    #expect(body.hasPrefix("Đến ngày 14/7, toàn bộ 58 chi bộ"))
    #expect(body.contains("của từng khu phố."))
    for chrome in ["Cỡ chữ", "Mẫu bài viết", "JavaScript", "Bản nháp", "Chia sẻ", "Từ khóa", "Tin liên quan", "12/12 chi bộ", "Họ tên", "Đọc nhiều", "Giấy phép", "Trang chủ", "Thứ năm, 08/10/2020", "dataLayer"] {
        #expect(!body.contains(chrome), "chrome in the body: \(chrome)")
    }
}

/// A category link with the dateline "(09.03.2021 08:45)", a header marquee about another
/// organization's congress, a photo caption between paragraphs, a "TIN MỚI HƠN" list whose items
/// carry the same stamp.
@Test func categoryDatelineLayout() throws {
    let p = try #require(page("layout-category-dateline.html"))
    #expect(p.title == "Tinh gọn bộ máy các phòng chuyên môn cấp huyện theo hướng hiệu quả")
    #expect(p.published?.iso == "2021-03-09")
    let body = bodyText(p)
    #expect(body.hasPrefix("Thực hiện kế hoạch của Ban Thường vụ Tỉnh ủy"))
    #expect(body.hasSuffix("công chức của các huyện."))
    for chrome in ["Hội Cựu chiến binh", "TIN MỚI HƠN", "50 cán bộ trẻ", "Thông báo", "Điện thoại"] {
        #expect(!body.contains(chrome), "chrome in the body: \(chrome)")
    }
}

/// A page without a date has none (not the copyright year's, not a guess); the site suffix
/// " - Cổng TTĐT …" is no part of the headline.
@Test func pageWithoutDate() throws {
    let p = try #require(page("layout-no-date.html"))
    #expect(p.published == nil)
    #expect(p.title == "Giới thiệu chung về xã Tân Hòa")
    #expect(bodyText(p).hasSuffix("nhiều năm liền."))
}

/// A page that is all menus and links has no article: a named reason, not an empty article.
@Test func pageWithoutArticleIsRefusedWithAReason() {
    let html = "<html><body><nav><a href='/'>Trang chủ</a> <a href='/a'>Tin tức</a></nav><ul><li><a href='/b'>Hội nghị tổng kết công tác năm của huyện</a></li></ul></body></html>"
    guard case .failure(let f) = reader.readPage(Array(html.utf8)) else { Issue.record("a page of links gave an article"); return }
    #expect(f.reason.contains("no article text"))
    guard case .failure(let g) = reader.readPage(Array("\u{0}\u{1}binary".utf8)) else { Issue.record("binary data gave an article"); return }
    #expect(g.reason.contains("binary"))
}

/// A page in Windows-1258 (not UTF-8) is decoded by the Vietnamese detection before parsing.
@Test func legacyEncodedPage() throws {
    let text = "Tỉnh ủy Lạng Sơn chỉ đạo các đảng bộ huyện tổ chức đại hội đúng kế hoạch, bảo đảm dân chủ và đoàn kết trong toàn Đảng bộ."
    let bytes = try #require(windows1258(text))
    let html = Array("<html><head><title>Tin tức</title></head><body><div><p>".utf8) + bytes + Array("</p></div></body></html>".utf8)
    guard case .success(let (p, encoding, _)) = reader.readPage(html) else { Issue.record("not read"); return }
    #expect(encoding == "html/windows-1258")
    #expect(bodyText(p) == text)
}

/// Every command reads a saved page through the same reader: the same article from the file, from
/// a JSON Lines record holding the page, and from a folder of both.
@Test func oneReaderForFilesRecordsAndFolders() throws {
    let d = try scratch("html-input")
    defer { try? FileManager.default.removeItem(at: d) }
    let src = repositoryRoot.appendingPathComponent("Tests/Fixtures/html/layout-table-portal.html")
    let html = try String(contentsOf: src, encoding: .utf8)
    try html.write(to: d.appendingPathComponent("a.html"), atomically: true, encoding: .utf8)
    let rec = try JSONSerialization.data(withJSONObject: ["id": "r1", "html": html])
    try (rec + Data("\n".utf8)).write(to: d.appendingPathComponent("b.jsonl"))
    try Data("x".utf8).write(to: d.appendingPathComponent("c.pdf"))
    var texts: [String] = [], failures: [String] = []
    for path in InputFiles.expand([d.path]) {
        for r in RawReader().read(path) {
            switch r.flatMap(reader.read) {
            case .success(let a): texts.append(String(decoding: a.text, as: UTF8.self)); #expect(a.hint.published?.iso == "2019-05-14")
            case .failure(let f): failures.append(f.description)
            }
        }
    }
    #expect(texts.count == 2 && texts.first == texts.last, "the page and the record give the same article")
    #expect(texts.first?.hasPrefix("HUYỆN ỦY HÒA BẮC: Sơ kết") == true, "headline first, no markup")
    #expect(failures.count == 1 && failures[0].contains("c.pdf") && failures[0].contains("unsupported file type .pdf"))
}

// MARK: the real pages of ../shared/real-html

struct RealPageScore {
    var stored = 0, body = 0, headline = 0, date = 0, chromeLeaks = 0, pages = 0, documentsAsGold = 0
    var lines: [String] = []
}

func scoreRealHTML(_ dir: URL) throws -> RealPageScore {
    var s = RealPageScore()
    let gold = dir.appendingPathComponent("gold")
    let names = try FileManager.default.contentsOfDirectory(atPath: gold.path).filter { $0.hasSuffix(".json") }.sorted()
    for g in names {
        let stem = String(g.dropLast(5))
        s.pages += 1
        let gj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: gold.appendingPathComponent(g))) as? [String: Any])
        let bytes = try Data(contentsOf: dir.appendingPathComponent("pages/\(stem).html"))
        guard case .success(let (p, _, _)) = reader.readPage(Array(bytes), name: stem) else { s.lines.append("\(stem): not stored"); continue }
        s.stored += 1
        let body = bodyText(p)
        let first = visible(gj["body_first"] as? String ?? "?"), last = visible(gj["body_last"] as? String ?? "?")
        let bodyOK = body.contains(first) && body.contains(last)
        if bodyOK { s.body += 1 }
        let titleOK = visible(p.title ?? "") == visible(gj["title"] as? String ?? "?")
        if titleOK { s.headline += 1 }
        let want = gj["published"] as? String
        let dateOK = p.published?.iso == want
        if dateOK { s.date += 1 }
        let leaks = (gj["chrome_samples"] as? [String] ?? []).filter { body.contains(visible($0)) }
        s.chromeLeaks += leaks.count
        // The documents the extractor reads in the article text (the extractor's work, reported
        // here), compared as gold.md's rules say: no white space, case or leading zeros.
        let input = ArticleInput(id: stem, path: stem, format: .html, text: Array((([p.title].compactMap { $0 }) + p.paragraphs).joined(separator: "\n\n").utf8),
                                 encoding: "html", hint: ArticleHint(title: p.title, published: p.published), url: nil, hash: "")
        // A document the gold's notes call optional (an uncertain short mention) may be found or
        // not (gold.md: optional items count neither way); every required one must be found and
        // nothing else.
        let notes = gj["notes"] as? String ?? ""
        let optional = notes.range(of: "Optional", options: .caseInsensitive).map { String(notes[$0.lowerBound...]) } ?? ""
        let wanted = Set((gj["documents"] as? [String] ?? []).map(EvaluationRules.documentKey))
        let found = Set(((try? Extractor(vocabulary: vocabulary).extract(utf8: input.text, id: stem, hint: input.hint))?.documents ?? []).map(\.id))
        let extra = found.filter { !wanted.contains(EvaluationRules.documentKey($0)) && !optional.contains($0) }
        let documentsOK = wanted.isSubset(of: Set(found.map(EvaluationRules.documentKey))) && extra.isEmpty
        if documentsOK { s.documentsAsGold += 1 }
        s.lines.append("\(stem): body \(bodyOK ? "ok" : "MISSED") title \(titleOK ? "ok" : "WRONG «\(p.title ?? "nil")»") date \(dateOK ? "ok" : "WRONG \(p.published?.iso ?? "nil") (\(p.publishedText ?? "-"))") leaks \(leaks) documents \(documentsOK ? "ok" : "WRONG \(found.sorted())")")
    }
    return s
}

/// The gold of ../shared/real-html (ten real portal pages; read at test time, never copied):
/// every page stored, the body found (its first and last paragraph inside), the headline and the
/// article's own date right, no chrome sample inside a body; the documents of the gold found by
/// the extractor in the article text.
@Test func realPortalPagesMatchTheirGold() throws {
    let dir = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/real-html")
    guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("gold").path) else { return }
    let s = try scoreRealHTML(dir)
    for l in s.lines { print("real-html \(l)") }
    print("real-html: stored \(s.stored)/\(s.pages), body \(s.body), headline \(s.headline), date \(s.date), chrome leaks \(s.chromeLeaks), documents as gold \(s.documentsAsGold)")
    #expect(s.stored == s.pages)
    #expect(s.body == s.pages)
    #expect(s.headline >= s.pages - 1)
    #expect(s.date >= s.pages - 1)
    #expect(s.chromeLeaks == 0)
    #expect(s.documentsAsGold == s.pages)
}

/// The reader's rules are checked: a bad role, an unknown hint kind, a pattern that does not
/// compile or lacks its groups are named with file and line.
@Test func readerRulesAreValidated() throws {
    let d = try scratch("rules")
    defer { try? FileManager.default.removeItem(at: d) }
    let h = d.appendingPathComponent("html")
    try FileManager.default.createDirectory(at: h, withIntermediateDirectories: true)
    try "element\trole\tnote\nscript\thidden\t\np\tblock\t\na\tlink\t\ndiv\tfloating\t\n".write(to: h.appendingPathComponent("elements.tsv"), atomically: true, encoding: .utf8)
    try "word\tkind\tnote\nmenu\tclass-chrome\t\nxem thêm\tsomething\t\n".write(to: h.appendingPathComponent("hints.tsv"), atomically: true, encoding: .utf8)
    try "pattern\torder\tnote\n(?<d>\\d+)/(?<m>\\d+)/(?<y>\\d{4})\tdmy\t\n(?<d>[\tdmy\t\n(\\d+)\tdmy\t\n".write(to: h.appendingPathComponent("datelines.tsv"), atomically: true, encoding: .utf8)
    let issues = HTMLRulesCheck.issues(in: d).map(\.description)
    #expect(issues.contains { $0.hasPrefix("html/elements.tsv:5:") && $0.contains("floating") })
    #expect(issues.contains { $0.hasPrefix("html/hints.tsv:3:") && $0.contains("something") })
    #expect(issues.contains { $0.hasPrefix("html/datelines.tsv:3:") && $0.contains("not a valid regular expression") })
    #expect(issues.contains { $0.hasPrefix("html/datelines.tsv:4:") && $0.contains("named groups") })
    #expect(HTMLRulesCheck.issues(in: gazetteerDirectory).isEmpty, "the shipped rules are valid")
}
