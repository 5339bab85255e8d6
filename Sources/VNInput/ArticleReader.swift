internal import CVNHTML
import Foundation
import VNExtract
import VNGazetteer
import VNText

/// Turns a raw input into the article the extractor reads: decodes text (detecting or forcing
/// the encoding), reads a saved page's article text, or a JSON Lines record's fields. Every
/// command reads through it, so the same file gives the same article everywhere.
public struct ArticleReader: Sendable {
    public let decoder: TextDecoder
    /// Forces the encoding of text inputs instead of detecting it.
    public var encoding: TextEncoding?
    /// Undecodable bytes become U+FFFD and a warning instead of a failure.
    public var lenient: Bool

    public init(dataDirectory: URL?, encoding: TextEncoding? = nil, lenient: Bool = false) {
        decoder = TextDecoder(dataDirectory: dataDirectory)
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
        if data.isEmpty { return failure(item, "the file is empty", .empty) }
        if data.prefix(4096).contains(0) { return failure(item, "binary data (NUL bytes), not an HTML page") }
        guard data.count < Int(Int32.max) else { return failure(item, "too large for the HTML parser", .tooLarge) }
        var page = vnhtml_page()
        let rc = data.withUnsafeBufferPointer { b -> Int32 in
            guard let base = b.baseAddress else { return -1 }
            return base.withMemoryRebound(to: CChar.self, capacity: b.count) { vnhtml_parse($0, Int64(b.count), &page) }
        }
        defer { vnhtml_free(&page) }
        guard rc == 0, let textPtr = page.text else { return failure(item, "not a parseable HTML page") }
        let text = Array(String(cString: textPtr).utf8)
        if !ArticleReader.hasText(text) { return failure(item, "the page has no text outside scripts, menus and footers", .empty) }
        var h = hint
        // The page's own title line first, so the article reader sees it as the title.
        let rawTitle = page.title.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let title = rawTitle.map(ArticleReader.headline)
        if h.title == nil, let title, !title.isEmpty { h.title = title }
        if h.published == nil, let p = page.published.map({ String(cString: $0) }) { h.published = Day(iso: String(p.prefix(10))) }
        if h.source == nil, let s = page.site.map({ String(cString: $0) }) { h.source = s }
        let u = h.url ?? page.url.map { String(cString: $0) }
        if h.url == nil { h.url = u }
        return .success(ArticleInput(id: id, path: item.name, format: format, text: text, encoding: "html", hint: h, url: u, hash: item.hash))
    }

    /// "Headline | Site name" / "Headline - Site name": the headline.
    static func headline(_ t: String) -> String {
        for sep in [" | ", " – ", " - "] {
            guard let r = t.range(of: sep, options: .backwards) else { continue }
            let head = String(t[t.startIndex..<r.lowerBound])
            if head.count > 20 { return head }
        }
        return t
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
                               source: obj["source"] as? String, url: url)
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
