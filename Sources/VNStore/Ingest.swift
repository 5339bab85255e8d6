import CVNHTML
import Foundation
import VNExtract
import VNGazetteer
import VNText

/// One article to ingest: the text the extractor reads (spans refer to it), where it came from.
public struct ArticleInput: Sendable {
    public enum Format: String, Sendable { case txt, html, jsonl, stdin }
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
}

/// Why an input was not ingested.
public struct IngestFailure: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads inputs (files, folders, JSON Lines, stdin) into `ArticleInput`s, one at a time.
public struct InputReader: Sendable {
    public var maxBytes: Int
    public let decoder: TextDecoder

    public init(maxBytes: Int = 20_000_000, dataDirectory: URL?) {
        self.maxBytes = maxBytes
        decoder = TextDecoder(dataDirectory: dataDirectory)
    }

    /// Every file under the paths (folders recursively), sorted; "-" is standard input.
    public static func files(_ paths: [String]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        let known = Set(["txt", "html", "htm", "jsonl"])
        for p in paths {
            var isDir: ObjCBool = false
            if p != "-", fm.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                var found: [String] = []
                if let e = fm.enumerator(atPath: p) {
                    while let f = e.nextObject() as? String {
                        if known.contains((f as NSString).pathExtension.lowercased()) { found.append((p as NSString).appendingPathComponent(f)) }
                        // Gold files and notes beside articles are not inputs; other files are reported.
                        else if !(f as NSString).lastPathComponent.hasPrefix("."), (f as NSString).pathExtension != "",
                                !["json", "md"].contains((f as NSString).pathExtension.lowercased()) {
                            var d: ObjCBool = false
                            if fm.fileExists(atPath: (p as NSString).appendingPathComponent(f), isDirectory: &d), !d.boolValue {
                                found.append((p as NSString).appendingPathComponent(f))   // reported as unsupported
                            }
                        }
                    }
                }
                out += found.sorted()
            } else { out.append(p) }
        }
        return out
    }

    /// The articles of one path (one for .txt/.html, one per line for .jsonl); failures per item.
    public func read(_ path: String) -> [Result<ArticleInput, IngestFailure>] {
        let name = path == "-" ? "<stdin>" : path
        let data: [UInt8]
        if path == "-" {
            data = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: path) else {
                return [.failure(IngestFailure(path: name, reason: "cannot read: no such file or not readable"))]
            }
            if let size = attrs[.size] as? Int, size > maxBytes {
                return [.failure(IngestFailure(path: name, reason: "too large: \(size) bytes, the limit is \(maxBytes) (--max-bytes)"))]
            }
            guard let d = FileManager.default.contents(atPath: path) else {
                return [.failure(IngestFailure(path: name, reason: "cannot read: permission denied or not a file"))]
            }
            data = Array(d)
        }
        let ext = (path as NSString).pathExtension.lowercased()
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        switch ext {
        case "jsonl": return readJSONL(data, name: name, stem: stem)
        case "html", "htm": return [readHTML(data, name: name, id: stem, hint: ArticleHint(), url: nil)]
        case "txt", "": return [readText(data, name: name, id: path == "-" ? "stdin" : stem, format: path == "-" ? .stdin : .txt)]
        default: return [.failure(IngestFailure(path: name, reason: "unsupported file type .\(ext) (ingest reads .txt, .html, .htm, .jsonl)"))]
        }
    }

    func readText(_ data: [UInt8], name: String, id: String, format: ArticleInput.Format) -> Result<ArticleInput, IngestFailure> {
        do {
            let d = try decoder.decode(data)
            return .success(ArticleInput(id: id, path: name, format: format, text: d.bytes, encoding: d.encoding.rawValue, hint: ArticleHint(), url: nil, hash: contentHash(data)))
        } catch {
            return .failure(IngestFailure(path: name, reason: error.message))
        }
    }

    func readHTML(_ data: [UInt8], name: String, id: String, hint: ArticleHint, url: String?) -> Result<ArticleInput, IngestFailure> {
        if data.isEmpty { return .failure(IngestFailure(path: name, reason: "the file is empty")) }
        if data.prefix(4096).contains(0) { return .failure(IngestFailure(path: name, reason: "binary data (NUL bytes), not an HTML page")) }
        var page = vnhtml_page()
        let rc = data.withUnsafeBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { vnhtml_parse($0, Int64(b.count), &page) }
        }
        defer { vnhtml_free(&page) }
        guard rc == 0, let textPtr = page.text else { return .failure(IngestFailure(path: name, reason: "not a parseable HTML page")) }
        let text = Array(String(cString: textPtr).utf8)
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x0A }) { return .failure(IngestFailure(path: name, reason: "the page has no text outside scripts, menus and footers")) }
        var h = hint
        // The page's own title line first, so the article reader sees it as the title.
        let rawTitle = page.title.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let title = rawTitle.map(InputReader.headline)
        if h.title == nil, let title, !title.isEmpty { h.title = title }
        if h.published == nil, let p = page.published.map({ String(cString: $0) }) { h.published = Day(iso: String(p.prefix(10))) }
        if h.source == nil, let s = page.site.map({ String(cString: $0) }) { h.source = s }
        let u = url ?? page.url.map { String(cString: $0) }
        if h.url == nil { h.url = u }
        return .success(ArticleInput(id: id, path: name, format: .html, text: text, encoding: "html", hint: h, url: u, hash: contentHash(data)))
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

    func readJSONL(_ data: [UInt8], name: String, stem: String) -> [Result<ArticleInput, IngestFailure>] {
        var out: [Result<ArticleInput, IngestFailure>] = []
        var lineNo = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let where_ = "\(name):\(lineNo)"
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                out.append(.failure(IngestFailure(path: where_, reason: "not a JSON object"))); continue
            }
            let id = (obj["id"] as? String) ?? (obj["id"] as? NSNumber)?.stringValue ?? "\(stem)-\(lineNo)"
            var hint = ArticleHint(title: obj["title"] as? String, published: (obj["published"] as? String).flatMap { Day(iso: String($0.prefix(10))) },
                                   source: obj["source"] as? String, url: obj["url"] as? String)
            if let text = obj["text"] as? String {
                if hint.url == nil { hint.url = obj["url"] as? String }
                let bytes = Array(text.utf8)
                if bytes.isEmpty { out.append(.failure(IngestFailure(path: where_, reason: "empty text"))); continue }
                out.append(.success(ArticleInput(id: id, path: where_, format: .jsonl, text: bytes, encoding: "utf-8", hint: hint,
                                                 url: obj["url"] as? String, hash: contentHash(Array(line)))))
            } else if let html = obj["html"] as? String {
                var r = readHTML(Array(html.utf8), name: where_, id: id, hint: hint, url: obj["url"] as? String)
                if case .success(var a) = r { a.format = .jsonl; a.hash = contentHash(Array(line)); r = .success(a) }
                out.append(r)
            } else {
                out.append(.failure(IngestFailure(path: where_, reason: "needs a \"text\" or an \"html\" field")))
            }
        }
        if out.isEmpty { out.append(.failure(IngestFailure(path: name, reason: "no articles (empty JSON Lines file)"))) }
        return out
    }
}

/// Extracts inputs on all cores and stores them, article by article, each in one transaction.
public final class Ingestor: @unchecked Sendable {
    public struct Summary: Sendable {
        public var stored = 0, skipped = 0, failed = 0, bytes = 0
        public var failures: [IngestFailure] = []
    }
    let store: any FactStore
    let vocabulary: CompiledVocabulary
    let reader: InputReader
    let jobs: Int

    public init(store: any FactStore, vocabulary: CompiledVocabulary, reader: InputReader, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.store = store; self.vocabulary = vocabulary; self.reader = reader; self.jobs = max(1, jobs)
    }

    /// Ingests the paths; `progress` is called after each article with (done, total files).
    public func run(_ paths: [String], progress: (Summary, Int, Int) -> Void = { _, _, _ in }) throws -> Summary {
        let files = InputReader.files(paths)
        var summary = Summary()
        // Work in chunks so memory stays flat however large the batch: read a chunk, extract it
        // on every core, write it.
        let chunk = 64
        let extractors: [Extractor] = try (0..<jobs).map { _ in try Extractor(vocabulary: vocabulary) }
        var start = 0
        while start < files.count {
            let slice = Array(files[start..<min(files.count, start + chunk)])
            var items: [Result<ArticleInput, IngestFailure>] = []
            for f in slice { items += reader.read(f) }
            // Skip what the store already has.
            var todo: [ArticleInput] = []
            var seen = Set<String>()
            for r in items {
                switch r {
                case .failure(let e):
                    summary.failed += 1; summary.failures.append(e)
                    try? store.recordError(path: e.path, reason: e.reason)
                case .success(let a):
                    // Stored already, or the same content twice in this batch.
                    if try !seen.insert(a.hash).inserted || store.contains(hash: a.hash) { summary.skipped += 1 } else { todo.append(a) }
                }
            }
            let work = ParallelWork(items: todo, extractors: extractors)
            DispatchQueue.concurrentPerform(iterations: min(jobs, max(1, todo.count))) { w in work.run(worker: w) }
            let results = work.results
            // One transaction per chunk: every article in it is stored whole or not at all.
            var batch: [(ArticleFacts, ArticleInput)] = []
            for (k, a) in todo.enumerated() {
                guard let f = results[k] else { continue }
                batch.append((f, a))
                summary.bytes += a.text.count
            }
            // Another machine may have stored some of them meanwhile: those count as skipped.
            let stored = try store.saveAll(batch)
            summary.stored += stored
            summary.skipped += batch.count - stored
            start += slice.count
            progress(summary, start, files.count)
        }
        return summary
    }

    /// Re-reads articles stored by an older extractor version.
    public func reextract(progress: (Int, Int) -> Void = { _, _ in }) throws -> Int {
        let stale = try store.staleArticles()
        let x = try Extractor(vocabulary: vocabulary)
        for (k, s) in stale.enumerated() {
            let f = x.extract(utf8: s.text, id: s.id, hint: ArticleHint(url: s.url))
            let input = ArticleInput(id: s.id, path: s.path ?? "", format: ArticleInput.Format(rawValue: s.format) ?? .txt, text: s.text,
                                     encoding: "utf-8", hint: ArticleHint(), url: s.url, hash: try store.hash(of: s.id) ?? contentHash(s.text))
            try store.save(f, input: input, encoding: "utf-8")
            progress(k + 1, stale.count)
        }
        return stale.count
    }
}

/// Articles shared by the worker threads of one chunk: each worker takes the next index and
/// writes only its own result slot; one extractor per worker.
final class ParallelWork: @unchecked Sendable {
    let items: [ArticleInput]
    let extractors: [Extractor]
    var results: [ArticleFacts?]
    private var next = 0
    private let lock = NSLock()

    init(items: [ArticleInput], extractors: [Extractor]) {
        self.items = items
        self.extractors = extractors
        results = Array(repeating: nil, count: items.count)
    }

    func run(worker w: Int) {
        let x = extractors[w]
        while true {
            lock.lock(); let k = next; next += 1; lock.unlock()
            guard k < items.count else { return }
            let a = items[k]
            let f = x.extract(utf8: a.text, id: a.id, encoding: a.encoding, hint: a.hint)
            lock.lock(); results[k] = f; lock.unlock()
        }
    }
}
