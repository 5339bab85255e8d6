import Foundation
import VNExtract
import VNInput

/// What became of one input: an article with its facts, or why there is none.
public enum Outcome: Sendable {
    case article(ArticleInput, ArticleFacts)
    case failed(InputFailure)
}

/// Reads and extracts inputs on every core. Two engines: `SupervisedEngine` (worker processes,
/// what the commands use: an input that traps or hangs the extractor costs that input only) and
/// `InProcessEngine` (threads; for library users and tests that need no executable).
public protocol ExtractionEngine: AnyObject {
    /// The outcome of each item, in the items' order.
    func run(_ items: [RawItem]) -> [Outcome]
}

/// One input through the reader and the extractor (the work of a thread or a worker process).
func process(_ item: RawItem, reader: ArticleReader, extractor: Extractor) -> Outcome {
    switch reader.read(item) {
    case .failure(let f): return .failed(f)
    case .success(let a):
        return .article(a, extractor.extract(utf8: a.text, id: a.id, encoding: a.encoding, hint: a.hint))
    }
}

/// Extraction on threads of this process, one extractor each.
public final class InProcessEngine: ExtractionEngine, @unchecked Sendable {
    let reader: ArticleReader
    let extractors: [Extractor]

    public init(vocabulary: CompiledVocabulary, reader: ArticleReader, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        self.reader = reader
        extractors = try (0..<max(1, jobs)).map { _ in try Extractor(vocabulary: vocabulary) }
    }

    public func run(_ items: [RawItem]) -> [Outcome] {
        let work = SharedQueue(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(extractors.count, max(1, items.count))) { w in
            while let k = work.next() { work.set(k, process(items[k], reader: reader, extractor: extractors[w])) }
        }
        return work.outcomes()
    }
}

/// The items of one `run`, handed out by index to the threads, with a result slot each.
final class SharedQueue: @unchecked Sendable {
    private var results: [Outcome?]
    private var nextIndex = 0
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.withLock {
            guard nextIndex < results.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func set(_ k: Int, _ o: Outcome) { lock.withLock { results[k] = o } }

    func outcomes() -> [Outcome] {
        lock.withLock {
            results.map { $0 ?? .failed(InputFailure(path: "?", reason: "not processed", kind: .extractorFailed)) }
        }
    }
}
