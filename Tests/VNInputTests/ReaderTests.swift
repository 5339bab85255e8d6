import Foundation
import Testing
import VNExtract
import VNGazetteer
import VNInput
import VNText
import _VNTestSupport
#if canImport(Glibc)
import Glibc
#endif

let vocabulary: CompiledVocabulary = {
    do { return try CompiledVocabulary(gazetteer: Gazetteer(directory: gazetteerDirectory)) } catch { fatalError("\(error)") }
}()

let reader = ArticleReader(dataDirectory: gazetteerDirectory)

/// The first article of a path, or its failure, as every command reads it.
func readOne(_ path: String, raw: RawReader = RawReader()) -> Result<ArticleInput, InputFailure> {
    guard let first = raw.read(path).first else { return .failure(InputFailure(path: path, reason: "nothing read", kind: .empty)) }
    return first.flatMap(reader.read)
}

func reason(_ path: String, raw: RawReader = RawReader()) -> String? {
    if case .failure(let f) = readOne(path, raw: raw) { return f.reason }
    return nil
}

func scratch(_ name: String) throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-input-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

/// Each way a path can fail to be a readable file has its own plain reason.
@Test func pathsThatAreNotReadableFilesSayWhy() throws {
    let d = try scratch("paths")
    defer { try? FileManager.default.removeItem(at: d) }
    let p = { (n: String) in d.appendingPathComponent(n).path }
    #expect(mkfifo(p("pipe.txt"), 0o600) == 0)
    try FileManager.default.createSymbolicLink(atPath: p("dangling.txt"), withDestinationPath: p("gone.txt"))
    try FileManager.default.createSymbolicLink(atPath: p("loop-a.txt"), withDestinationPath: p("loop-b.txt"))
    try FileManager.default.createSymbolicLink(atPath: p("loop-b.txt"), withDestinationPath: p("loop-a.txt"))
    try FileManager.default.createDirectory(atPath: p("folder.txt"), withIntermediateDirectories: true)
    try Data([0xEF, 0xBB, 0xBF]).write(to: URL(fileURLWithPath: p("bom.txt")))
    try Data(" \t\r\n\u{00A0}\n".utf8).write(to: URL(fileURLWithPath: p("blank.txt")))
    try Data().write(to: URL(fileURLWithPath: p("empty.txt")))
    try Data("x".utf8).write(to: URL(fileURLWithPath: p("notes.docx")))
    try Data(repeating: 0x61, count: 100).write(to: URL(fileURLWithPath: p("big.txt")))

    #expect(reason(p("pipe.txt"))?.contains("named pipe") == true)
    #expect(reason(p("dangling.txt"))?.contains("symbolic link to \(p("gone.txt")), which does not exist") == true)
    #expect(reason(p("loop-a.txt"))?.contains("loop of symbolic links") == true)
    #expect(reason(p("folder.txt"))?.contains("a folder with no articles") == true)
    #expect(reason(p("bom.txt"))?.contains("only a byte-order mark") == true)
    #expect(reason(p("blank.txt"))?.contains("only white space") == true)
    #expect(reason(p("empty.txt"))?.contains("empty") == true)
    #expect(reason(p("notes.docx"))?.contains("unsupported file type .docx") == true)
    #expect(reason(p("missing.txt")) == "no such file")
    #expect(reason(p("big.txt"), raw: RawReader(maxBytes: 10))?.contains("too large") == true)
}

/// A folder is walked: articles in it, gold files and notes skipped, other files kept (to be
/// reported), hidden entries and links to folders not followed.
@Test func foldersAreWalkedWithoutLoops() throws {
    let d = try scratch("walk")
    defer { try? FileManager.default.removeItem(at: d) }
    let fm = FileManager.default
    try fm.createDirectory(at: d.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
    for n in ["a.txt", "sub/b.html", "sub/deeper/c.jsonl", "a.json", "README.md", "LICENSE", ".hidden.txt", "sub/table.xls"] {
        try Data("Tin.".utf8).write(to: d.appendingPathComponent(n))
    }
    try fm.createSymbolicLink(atPath: d.appendingPathComponent("sub/up").path, withDestinationPath: d.path)   // a loop
    let found = InputFiles.expand([d.path]).map { String($0.dropFirst(d.path.count + 1)) }
    #expect(found == ["a.txt", "sub/b.html", "sub/deeper/c.jsonl", "sub/table.xls"])
}

/// JSON Lines: each line its own article; a bad line costs that line only.
@Test func jsonLinesAreReadLineByLine() throws {
    let d = try scratch("jsonl")
    defer { try? FileManager.default.removeItem(at: d) }
    let path = d.appendingPathComponent("batch.jsonl").path
    let lines = [
        #"{"id":"x1","title":"Tin một","published":"2021-05-04","text":"Đảng bộ xã Tân Lập có 9/9 chi bộ đã tổ chức đại hội."}"#,
        "12 chi bộ",
        "",
        #"{"id":"x3","html":"<html><body><p>Huyện ủy Kim Sơn chỉ đạo các chi bộ tổ chức đại hội đúng kế hoạch đề ra.</p></body></html>"}"#,
        #"{"id":"x4","text":"   "}"#,
    ]
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
    let results = RawReader().read(path).map { $0.flatMap(reader.read) }
    #expect(results.count == 4, "blank lines are not records")
    guard case .success(let a) = results[0] else { Issue.record("line 1"); return }
    #expect(a.id == "x1" && a.hint.published?.iso == "2021-05-04" && a.hint.title == "Tin một")
    guard case .failure(let bad) = results[1] else { Issue.record("line 2 is not JSON"); return }
    #expect(bad.path.hasSuffix("batch.jsonl:2") && bad.reason == "not a JSON object")
    guard case .success(let page) = results[2] else { Issue.record("line 4"); return }
    #expect(page.format == .jsonl && String(decoding: page.text, as: UTF8.self).contains("Huyện ủy Kim Sơn"))
    guard case .failure(let empty) = results[3] else { Issue.record("line 5 is empty"); return }
    #expect(empty.kind == .empty)
}

/// HTML pages that look like real news sites: the article text comes out, menus, related
/// headlines, comment forms, scripts and footers do not.
@Test func htmlPagesGiveTheArticleWithoutChrome() throws {
    let path = repositoryRoot.appendingPathComponent("Tests/Fixtures/html/baodanang.html").path
    guard case .success(let a) = readOne(path) else { Issue.record("page not read"); return }
    let text = String(decoding: a.text, as: UTF8.self)
    #expect(text.contains("121/235 chi bộ"))
    #expect(!text.contains("Trang chủ"), "menu")
    #expect(!text.contains("24/24 xã"), "related headlines")
    #expect(!text.contains("Họ tên"), "comment form")
    #expect(!text.contains("dataLayer") && !text.contains("12/3"), "scripts")
    #expect(!text.contains("Giấy phép"), "footer")
    #expect(a.hint.title == "Quận Cẩm Lệ tập trung chỉ đạo đại hội Đảng các cấp")
    #expect(a.hint.published?.iso == "2020-03-03")
    #expect(a.url == "https://baodanang.vn/channel/5399/202003/quan-cam-le-tap-trung-chi-dao-dai-hoi.htm")
    let f = try Extractor(vocabulary: vocabulary).extract(utf8: a.text, id: "page", hint: a.hint)
    #expect(f.counts.contains { $0.done == 121 && $0.total == 235 && $0.unit?.place == "Cẩm Lệ" && $0.asOf == "2020-03-02" })
    #expect(!f.counts.contains { $0.done == 24 }, "the related headline is not a count")

    let portal = repositoryRoot.appendingPathComponent("Tests/Fixtures/html/tinhuy-portal.html").path
    guard case .success(let b) = readOne(portal) else { Issue.record("portal page not read"); return }
    let g = try Extractor(vocabulary: vocabulary).extract(utf8: b.text, id: "portal", hint: b.hint)
    #expect(g.article.published?.iso == "2020-08-05", "the dateline in the page body, weekday-checked")
    #expect(g.counts.contains { $0.done == 9 && $0.total == 15 })
}


/// The author a saved page names (metadata or byline block) is the article's byline, as is a JSON
/// line's "author".
@Test func thePageBylineReachesTheFacts() throws {
    let path = repositoryRoot.appendingPathComponent("Tests/Fixtures/html/layout-news-portal.html").path
    guard case .success(let a) = readOne(path) else { Issue.record("page not read"); return }
    #expect(a.hint.byline == "Lan Anh")
    let f = try Extractor(vocabulary: vocabulary).extract(utf8: a.text, id: "page", hint: a.hint)
    #expect(f.article.byline == "Lan Anh")
    let d = try scratch("byline")
    defer { try? FileManager.default.removeItem(at: d) }
    let line = d.appendingPathComponent("one.jsonl")
    try Data(#"{"id": "x", "author": "Minh Khoa", "text": "Tỉnh ủy Lạng Sơn chỉ đạo đại hội."}"#.utf8).write(to: line)
    guard case .success(let b) = readOne(line.path) else { Issue.record("line not read"); return }
    #expect(b.hint.byline == "Minh Khoa")
}
