import Foundation
import VNExtract
import VNInput
import VNStore
import VNText

/// Reads inputs, extracts them through an engine (worker processes for the tool) and stores
/// them, a chunk at a time, each chunk in one transaction: memory stays flat however large the
/// batch, and a killed run leaves whole articles only.
///
/// An input that gave no article is recorded in the store's `ingest_errors` with its name and
/// reason; one the extractor failed on is recorded with its content hash, and later runs skip
/// that content (unless `retryFailed`), so a batch with a bad article always completes.
public final class Ingestor: @unchecked Sendable {
    public struct Summary: Sendable {
        public var stored = 0, skipped = 0, failed = 0, bytes = 0
        /// Of `failed`: the extractor failed on them in this run, or in an earlier one.
        public var extractorFailed = 0, failedBefore = 0
        public var failures: [InputFailure] = []
    }
    let store: any FactStore
    let engine: any ExtractionEngine
    let raw: RawReader
    let retryFailed: Bool
    /// Articles re-extracted per batch.
    let chunkItems = 64

    public init(store: any FactStore, engine: any ExtractionEngine, raw: RawReader = RawReader(), retryFailed: Bool = false) {
        self.store = store; self.engine = engine; self.raw = raw; self.retryFailed = retryFailed
    }

    /// Extraction on threads of this process (for library users; the tool uses worker processes).
    public convenience init(store: any FactStore, vocabulary: CompiledVocabulary, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                            raw: RawReader = RawReader()) throws {
        let reader = ArticleReader(dataDirectory: vocabulary.gazetteer.directory)
        self.init(store: store, engine: try InProcessEngine(vocabulary: vocabulary, reader: reader, jobs: jobs), raw: raw)
    }

    /// Ingests the paths; `progress` is called after each chunk with (summary, files done, files).
    public func run(_ paths: [String], progress: (Summary, Int, Int) -> Void = { _, _, _ in }) throws -> Summary {
        var summary = Summary()
        var seen = Set<String>()
        func fail(_ f: InputFailure, record: Bool = true) throws {
            summary.failed += 1
            if f.kind == .extractorFailed { summary.extractorFailed += 1 }
            if f.kind == .failedBefore { summary.failedBefore += 1 }
            summary.failures.append(f)
            if record { try store.recordError(path: f.path, reason: f.reason, hash: f.hash, extractorFailed: f.kind == .extractorFailed) }
        }
        var chunks = RawChunks(paths, raw: raw)
        // The store writes one batch while the next is read and extracted (a pipeline one batch
        // deep: memory stays bounded by two batches). Its outcome is taken before the next is handed on.
        let writer = BatchWriter(store: store)
        // A failure elsewhere still lets the batch being written finish before `run` returns.
        defer { _ = try? writer.wait() }
        func settle() throws {
            guard let (count, stored) = try writer.wait() else { return }
            // Another machine may have stored some of them meanwhile: those count as skipped.
            summary.stored += stored
            summary.skipped += count - stored
            progress(summary, chunks.filesRead, chunks.fileCount)
        }
        while let chunk = chunks.next() {
            var todo: [RawItem] = []
            for r in chunk {
                switch r {
                case .failure(let f): try fail(f)
                case .success(let item):
                    // Stored already, or the same content twice in this batch.
                    if try !seen.insert(item.hash).inserted || store.contains(hash: item.hash) { summary.skipped += 1; continue }
                    if !retryFailed, let why = try store.failedBefore(hash: item.hash) {
                        try fail(InputFailure(path: item.name, reason: "skipped: the extractor failed on this content in an earlier run (\(why)); --retry-failed tries it again",
                                              kind: .failedBefore, hash: item.hash), record: false)
                        continue
                    }
                    todo.append(item)
                }
            }
            var batch: [(ArticleFacts, ArticleInput)] = []
            for (item, outcome) in zip(todo, engine.run(todo)) {
                switch outcome {
                case .article(let a, let f):
                    batch.append((f, a))
                    summary.bytes += item.bytes.count
                case .failed(let f): try fail(f)
                }
            }
            try settle()
            writer.start(batch)
        }
        try settle()
        progress(summary, chunks.fileCount, chunks.fileCount)
        return summary
    }

    /// Re-reads the articles stored by an older extractor version; returns (re-read, failed).
    public func reextract(progress: (Int, Int) -> Void = { _, _ in }) throws -> (done: Int, failed: [InputFailure]) {
        let stale = try store.staleArticles()
        var failed: [InputFailure] = []
        var done = 0
        var start = 0
        while start < stale.count {
            let slice = stale[start..<min(stale.count, start + chunkItems)]
            var items: [RawItem] = []
            for s in slice {
                let hash = try store.hash(of: s.id) ?? contentHash(s.text)
                items.append(RawItem(name: s.path ?? s.id, path: s.path ?? "", kind: .stored, id: s.id, bytes: s.text, hash: hash, hint: ArticleHint(url: s.url)))
            }
            for (s, outcome) in zip(slice, engine.run(items)) {
                switch outcome {
                case .article(var a, let f):
                    a.format = ArticleInput.Format(rawValue: s.format) ?? .txt
                    try store.save(f, input: a, encoding: "utf-8")
                    done += 1
                case .failed(let f):
                    failed.append(f)
                    try store.recordError(path: f.path, reason: f.reason, hash: f.hash, extractorFailed: f.kind == .extractorFailed)
                }
            }
            start += slice.count
            progress(start, stale.count)
        }
        return (done, failed)
    }
}

/// Saves one batch at a time on its own thread; `wait` gives the outcome of the batch started
/// last (its size and how many were stored) or rethrows its error.
final class BatchWriter: @unchecked Sendable {
    private let store: any FactStore
    private let queue = DispatchQueue(label: "vnfacts.ingest.writer")
    private let done = DispatchSemaphore(value: 0)
    private var running = false
    private var outcome: Result<(Int, Int), any Error> = .success((0, 0))

    init(store: any FactStore) { self.store = store }

    func start(_ batch: [(ArticleFacts, ArticleInput)]) {
        running = true
        queue.async { [self] in
            do { outcome = .success((batch.count, try store.saveAll(batch))) } catch { outcome = .failure(error) }
            done.signal()
        }
    }

    func wait() throws -> (Int, Int)? {
        guard running else { return nil }
        done.wait()
        running = false
        return try outcome.get()
    }
}
