import ArgumentParser
import Foundation
import VNExtract
import VNGazetteer
import VNInput
import VNPipeline
import VNStore
import VNText

struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The store: an SQLite file (created if missing), or a PostgreSQL database as postgres://user:password@host:port/database.",
        valueName: "path-or-url"))
    var db = "vnfacts.sqlite"

    /// The store, for messages (a PostgreSQL URL without its password).
    var name: String { displayLocation(db) }

    /// The store to write (an SQLite file is created when missing).
    func open() throws -> any FactStore {
        do { return try openStore(db) } catch {
            Diagnostics.error("cannot open the store \(name): \(error)")
            throw ExitCode(2)
        }
    }

    /// The store a read command reads: it must exist (a missing SQLite path exits 1 instead of
    /// creating an empty store). An SQLite file this user may not write is opened read-only.
    func openForReading() throws -> any FactStore {
        if !isPostgresLocation(db) && !FileManager.default.fileExists(atPath: db) {
            Diagnostics.error("no store at \(db): ingest articles into it first (vnfacts ingest --db \(db) …), or pass --db with an existing store")
            throw ExitCode(1)
        }
        do {
            if isPostgresLocation(db) { return try openStore(db) }
            let dir = (db as NSString).deletingLastPathComponent
            let writable = FileManager.default.isWritableFile(atPath: db) && FileManager.default.isWritableFile(atPath: dir.isEmpty ? "." : dir)
            return try openStore(db, mustExist: true, readOnly: !writable)
        } catch {
            Diagnostics.error("cannot open the store \(name): \(error)")
            throw ExitCode(2)
        }
    }
}

/// Builds the coverage roll-ups of the articles stored without them (ingest builds them in its
/// batches; this is a cheap check then), so `coverage` and the dashboard answer at once.
func rollUp(_ s: any FactStore, _ g: Gazetteer) throws {
    if s.readOnly { return }
    let t0 = Date()
    let n = try s.refreshRollups(gazetteer: g)
    if n > 0 { Diagnostics.note(String(format: "coverage roll-ups: %d article(s) in %.1f s", n, Date().timeIntervalSince(t0))) }
}

/// Progress on stderr: a line redrawn in place on a terminal, a line every few seconds otherwise.
final class Progress {
    let tty = isatty(2) != 0
    let start = Date()
    var last = Date.distantPast
    var lastDone = 0, lastTotal = 0
    func show(done doneIn: Int, total totalIn: Int, stored: Int, skipped: Int, failed: Int, bytes: Int, final: Bool = false) {
        let now = Date()
        let done = final ? lastDone : doneIn
        let total = final ? lastTotal : totalIn
        lastDone = done
        lastTotal = total
        guard final || now.timeIntervalSince(last) >= (tty ? 0.2 : 5) else { return }
        last = now
        let secs = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / secs
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "%d/%d files  %.0f/s  %.1f MB/s  stored %d, skipped %d, failed %d  ETA %.0fs",
                          done, total, rate, Double(bytes) / 1e6 / secs, stored, skipped, failed, eta)
        FileHandle.standardError.write(Data((tty ? "\r\u{1B}[K" + line + (final ? "\n" : "") : line + "\n").utf8))
    }
}

extension VNFactsCommand {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read article batches (folders of .txt, .html, .jsonl; or stdin) into the store.",
            discussion: """
            Extracts on all cores; writes each article with its facts in one transaction; skips \
            content already stored (re-running a batch is a no-op); a bad file (unreadable, binary, \
            empty, undecodable, too large, unsupported) is listed with its reason and the batch goes \
            on. Killing it at any moment leaves the store consistent; the next run resumes. Exit code \
            1 when any input failed.

            JSON Lines: one article per line with "id", "url", "title", "published" and "text" or "html".
            HTML pages: the text outside scripts, menus, headers and footers is read; title and \
            dates come from <title> and <meta>. Spans of facts refer to that text (stored with the article).

            Several machines can ingest into one PostgreSQL store at once; content stored by \
            another machine meanwhile is skipped.

            Examples:
              vnfacts ingest --db press.sqlite Corpus
              vnfacts ingest --db press.sqlite crawl-2020-03.jsonl saved-pages/
              vnfacts ingest --db postgres://vnfacts:secret@db.example:5432/press saved-pages/
            """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var input: InputOptions
        @OptionGroup var workers: WorkerOptions
        @Flag(help: "Extract again the content the extractor failed on in an earlier run (skipped otherwise).") var retryFailed = false
        @Argument(help: "Files or folders (recursive), or - for standard input.") var paths: [String]

        func run() throws {
            let s = try store.open()
            let vocab = try loadVocabulary(input.gazetteer)
            // Articles are rolled up in the batches that store them (the store's roll-ups must
            // be of this unit data first).
            try rollUp(s, vocab.gazetteer)
            s.rollupGazetteer = vocab.gazetteer
            let ingestor = Ingestor(store: s, engine: workers.engine(input), raw: input.rawReader(), retryFailed: retryFailed)
            let progress = Progress()
            var reported = 0
            let summary = try ingestor.run(paths) { sum, done, total in
                for f in sum.failures.dropFirst(reported) { Diagnostics.error(f.description) }
                reported = sum.failures.count
                progress.show(done: done, total: total, stored: sum.stored, skipped: sum.skipped, failed: sum.failed, bytes: sum.bytes)
            }
            for f in summary.failures.dropFirst(reported) { Diagnostics.error(f.description) }
            progress.show(done: 0, total: 0, stored: summary.stored, skipped: summary.skipped, failed: summary.failed, bytes: summary.bytes, final: true)
            var failedNote = ""
            if summary.extractorFailed + summary.failedBefore > 0 {
                failedNote = " (the extractor failed on \(summary.extractorFailed) in this run" + (summary.failedBefore > 0 ? ", \(summary.failedBefore) skipped as failed before: --retry-failed tries them again)" : ")")
            }
            print("ingested into \(store.name): \(summary.stored) stored, \(summary.skipped) already stored (skipped), \(summary.failed) failed\(failedNote); \(try s.articleCount()) articles in the store")
            try rollUp(s, vocab.gazetteer)
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }

    struct Reextract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-read the articles a store holds that an older extractor version read.",
            discussion: "Example:\n  vnfacts reextract --db press.sqlite"
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var input: InputOptions
        @OptionGroup var workers: WorkerOptions
        func run() throws {
            let s = try store.open()
            let vocab = try loadVocabulary(input.gazetteer)
            let ingestor = Ingestor(store: s, engine: workers.engine(input))
            let (n, failed) = try ingestor.reextract()
            for f in failed { Diagnostics.error(f.description) }
            print("re-extracted \(n) article(s) with extractor \(Extractor.version)" + (failed.isEmpty ? "" : "; \(failed.count) failed (kept as they were)"))
            try rollUp(s, vocab.gazetteer)
            if !failed.isEmpty { throw ExitCode(1) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export stored facts: JSON Lines (one facts object per article) or CSV (one row per fact).",
            discussion: """
            Examples:
              vnfacts export --db press.sqlite > facts.jsonl
              vnfacts export --db press.sqlite --format csv --type counts --unit "Cẩm Lệ" --from 2020-03-01 > counts.csv
            """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "jsonl or csv.") var format: Format = .jsonl
        @Option(help: "For CSV: counts, documents, dates or units.") var type: String = "counts"
        @Option(help: "A place name (diacritics optional) or code.") var unit: String?
        @Option(help: "A tier: cell, grassroots, upper-grassroots, province, other.") var level: String?
        @Option(help: "From this date (YYYY-MM-DD; as-of date for counts, article date otherwise).") var from: String?
        @Option(help: "Up to this date.") var to: String?
        enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

        func run() throws {
            let s = try store.openForReading()
            let filter = CountFilter(place: unit, level: level, from: from, to: to)
            var out = StandardOutput()
            switch format {
            case .jsonl:
                try s.exportJSONL(filter: filter) { out.write($0 + "\n") }
            case .csv:
                guard let t = FactType(rawValue: type) else { throw ValidationError("--type must be one of \(FactType.allCases.map(\.rawValue).joined(separator: ", "))") }
                let (header, rows) = try s.rows(type: t, filter: filter)
                out.write(header.map(csvField).joined(separator: ",") + "\n")
                for r in rows { out.write(r.map(csvField).joined(separator: ",") + "\n") }
            }
            out.flush()
        }
    }

    struct Facts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show stored completion counts as a table, filtered by place, tier and date.",
            discussion: """
            Example:
              vnfacts facts --db press.sqlite --unit "Cẩm Lệ" --level cell --from 2020-03-01
            """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "A place name (diacritics optional) or code.") var unit: String?
        @Option(help: "A tier: cell, grassroots, upper-grassroots, province, other.") var level: String?
        @Option(help: "From this as-of date (YYYY-MM-DD).") var from: String?
        @Option(help: "Up to this as-of date.") var to: String?

        func run() throws {
            let s = try store.openForReading()
            let (header, rows) = try s.rows(type: .counts, filter: CountFilter(place: unit, level: level, from: from, to: to))
            var out = StandardOutput()
            let cols = ["as_of", "unit_place", "done", "total", "percent", "level", "status", "activity", "article_id", "text"]
            let idx = cols.map { header.firstIndex(of: $0) }
            out.write(cols.joined(separator: "\t") + "\n")
            for r in rows { out.write(idx.map { $0.flatMap { $0 < r.count ? r[$0] : nil } ?? "" }.joined(separator: "\t") + "\n") }
            out.write("\(rows.count) count(s)\n")
            out.flush()
        }
    }
}

func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
