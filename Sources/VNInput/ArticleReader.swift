import Foundation
import VNExtract
import VNGazetteer
import VNText

/// Turns a raw input into the article the extractor reads: decodes text (detecting or forcing
/// the encoding), reads a saved page's article text, or a JSON Lines record's fields. Every
/// command reads through it, so the same file gives the same article everywhere.
public struct ArticleReader: Sendable {
    public let decoder: TextDecoder
    /// The Gazetteer folder (legacy tables, the HTML reader's rules).
    public let dataDirectory: URL?
    /// Forces the encoding of text inputs instead of detecting it.
    public var encoding: TextEncoding?
    /// Undecodable bytes become U+FFFD and a warning instead of a failure.
    public var lenient: Bool

    public init(dataDirectory: URL?, encoding: TextEncoding? = nil, lenient: Bool = false) {
        decoder = TextDecoder(dataDirectory: dataDirectory)
        self.dataDirectory = dataDirectory
        self.encoding = encoding
        self.lenient = lenient
    }

    public func read(_ item: RawItem) -> Result<ArticleInput, InputFailure> {
        switch item.kind {
        case .text: return readText(item)
        case .html: return readHTML(item.bytes, item: item, id: item.id, hint: item.hint, format: .html)
        case .jsonlRecord: return readRecord(item)
        case .stored:
            return .success(ArticleInput(id: item.id, path: item.path, format: .txt, text: item.bytes, encoding: "utf-8",
                                         hint: item.hint, url: item.hint.url, hash: item.hash))
        }
    }

    func failure(_ item: RawItem, _ reason: String, _ kind: InputFailure.Kind = .malformed) -> Result<ArticleInput, InputFailure> {
        .failure(InputFailure(path: item.name, reason: reason, kind: kind, hash: item.hash))
    }

    func readText(_ item: RawItem) -> Result<ArticleInput, InputFailure> {
        let d: DecodedText
        do { d = try decoder.decode(item.bytes, forcing: encoding, lenient: lenient) } catch {
            return failure(item, error.message, error.code == .empty ? .empty : .malformed)
        }
        if !ArticleReader.hasText(d.bytes) {
            let onlyBOM = String(decoding: d.bytes, as: UTF8.self).unicodeScalars.allSatisfy { $0.value == 0xFEFF }
            return failure(item, "no text: the file holds only \(onlyBOM ? "a byte-order mark" : "white space")", .empty)
        }
        return .success(ArticleInput(id: item.id, path: item.name, format: item.path == "-" ? .stdin : .txt, text: d.bytes,
                                     encoding: d.encoding.rawValue, hint: item.hint, url: nil, hash: item.hash,
                                     warnings: d.warnings.map(\.message)))
    }

    /// Whether UTF-8 text holds anything but white space, byte-order marks and invisible characters.
    static func hasText(_ utf8: [UInt8]) -> Bool {
        for s in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            if s.properties.isWhitespace { continue }
            switch s.value {
            case 0xFEFF, 0x200B...0x200F, 0x2060...0x2064, 0x00AD: continue
            default: return true
            }
        }
        return false
    }

    func readHTML(_ data: [UInt8], item: RawItem, id: String, hint: ArticleHint, format: ArticleInput.Format) -> Result<ArticleInput, InputFailure> {
        switch readPage(data, name: item.name) {
        case .failure(let why): return failure(item, why.reason, why.kind)
        case .success(let (page, encoding, warnings)):
            var h = hint
            if h.title == nil, let t = page.title, !t.isEmpty { h.title = t }
            if h.published == nil { h.published = page.published }
            if h.source == nil { h.source = page.site }
            if h.url == nil { h.url = page.url }
            if h.byline == nil, let b = page.byline, !b.isEmpty { h.byline = b }
            // The headline first, so the extractor sees it as the title; then the paragraphs.
            var text = ""
            if let t = page.title, !t.isEmpty { text = t + "\n\n" }
            text += page.paragraphs.joined(separator: "\n\n")
            return .success(ArticleInput(id: id, path: item.name, format: format, text: Array(text.utf8), encoding: encoding,
                                         hint: h, url: h.url, hash: item.hash, warnings: warnings))
        }
    }

    /// Reads a saved page into its article: decodes it (UTF-8, or the legacy encoding that reads
    /// most like Vietnamese), parses it with libxml2 and reads it with the rules of
    /// `Gazetteer/html/`. The encoding is `html` for UTF-8 pages, `html/NAME` otherwise.
    public func readPage(_ data: [UInt8], name: String = "page") -> Result<(PageArticle, String, [String]), InputFailure> {
        func fail(_ r: String, _ k: InputFailure.Kind = .malformed) -> Result<(PageArticle, String, [String]), InputFailure> {
            .failure(InputFailure(path: name, reason: r, kind: k))
        }
        if data.isEmpty { return fail("the file is empty", .empty) }
        if data.prefix(4096).contains(0) { return fail("binary data (NUL bytes), not an HTML page") }
        guard data.count < Int(Int32.max) else { return fail("too large for the HTML parser", .tooLarge) }
        guard let dir = dataDirectory, let rules = PageRulesCache.shared.rules(for: dir) else {
            return fail("the HTML reader's rules (Gazetteer/html/) are missing or invalid; run vnfacts gazetteer check", .unreadable)
        }
        var utf8 = data
        var encoding = "html"
        var warnings: [String] = []
        let forcedLegacy = self.encoding.map { $0 != .utf8 && $0 != .utf8BOM } ?? false
        if forcedLegacy || String(validating: data, as: UTF8.self) == nil {
            do {
                let d = try decoder.decode(data, forcing: self.encoding, lenient: lenient)
                utf8 = d.bytes
                if d.encoding != .utf8 && d.encoding != .utf8BOM { encoding = "html/" + d.encoding.rawValue }
                warnings += d.warnings.map(\.message)
            } catch {
                return fail("the page's bytes are not text: \(error.message)")
            }
        }
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        let tree: HTMLTree
        switch HTMLTree.parse(utf8: utf8) {
        case .success(let t): tree = t
        case .failure(.outOfMemory): return fail("out of memory while parsing the page", .tooLarge)
        case .failure: return fail("not a parseable HTML page")
        }
        guard let page = PageReader(rules: rules, tree: tree).read() else {
            return fail("the page has no article text: no paragraph of prose outside scripts, hidden parts, menus, lists of links and footers", .empty)
        }
        return .success((page, encoding, warnings))
    }

    /// One JSON Lines record: `id`, `url`, `title`, `published`, and `text` or `html`.
    func readRecord(_ item: RawItem) -> Result<ArticleInput, InputFailure> {
        guard String(validating: item.bytes, as: UTF8.self) != nil else { return failure(item, "not UTF-8 (JSON Lines files are UTF-8)") }
        guard let obj = (try? JSONSerialization.jsonObject(with: Data(item.bytes))) as? [String: Any] else {
            return failure(item, "not a JSON object")
        }
        let id = (obj["id"] as? String) ?? (obj["id"] as? NSNumber)?.stringValue ?? item.id
        let url = obj["url"] as? String
        let hint = ArticleHint(title: obj["title"] as? String, published: (obj["published"] as? String).flatMap { Day(iso: String($0.prefix(10))) },
                               source: obj["source"] as? String, url: url, byline: (obj["byline"] as? String) ?? (obj["author"] as? String))
        if let text = obj["text"] as? String {
            let bytes = Array(text.utf8)
            if !ArticleReader.hasText(bytes) { return failure(item, "empty text", .empty) }
            return .success(ArticleInput(id: id, path: item.name, format: .jsonl, text: bytes, encoding: "utf-8", hint: hint, url: url, hash: item.hash))
        }
        if let html = obj["html"] as? String {
            return readHTML(Array(html.utf8), item: item, id: id, hint: hint, format: .jsonl)
        }
        return failure(item, "needs a \"text\" or an \"html\" field")
    }
}
