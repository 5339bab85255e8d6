
/// One article as the extractor reads it: its text (spans refer to it), what the page or record
/// said about it, and where it came from.
public struct ArticleInput: Sendable, Codable {
    public enum Format: String, Sendable, Codable { case txt, html, jsonl, stdin }
    public var id: String
    public var path: String
    public var format: Format
    /// UTF-8 text (for a .txt file: its decoding; for HTML: the page's article text).
    public var text: [UInt8]
    public var encoding: String
    public var hint: ArticleHint
    public var url: String?
    /// Content hash of the input as given (re-ingesting the same content is a no-op).
    public var hash: String
    /// What decoding noticed (bytes replaced under --lenient, a close second encoding).
    public var warnings: [String]

    public init(id: String, path: String, format: Format, text: [UInt8], encoding: String, hint: ArticleHint, url: String?, hash: String, warnings: [String] = []) {
        self.id = id; self.path = path; self.format = format; self.text = text; self.encoding = encoding
        self.hint = hint; self.url = url; self.hash = hash; self.warnings = warnings
    }
}
