import ArgumentParser
import Foundation
import VNExtract
import VNGazetteer
import VNInput
import VNPipeline
import VNStore
import VNText
import VNExport
import VNReconcile

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
            abstract: "Export stored facts: JSON Lines or a JSON array (one facts object per article), or tables (CSV, XLSX) of one row per fact.",
            discussion: """
            Tables carry the article of every fact (article_id, title, url, source, published) and \
            are sorted by date (a count's as-of date, else the article's). Codes, ids and document \
            numbers are text: in CSV every text field is quoted ("01078" stays 01078 in readers that \
            honour quotes), in XLSX they are text cells. --bom starts a CSV with a UTF-8 byte-order \
            mark, which Excel on Windows needs to show Vietnamese; --delimiter ';' suits a spreadsheet \
            set up for comma decimals. XLSX without --type holds every kind of fact, one sheet each \
            (counts first). JSON and JSON Lines with --type are rows as objects.

            Examples:
              vnfacts export --db press.sqlite > facts.jsonl
              vnfacts export --db press.sqlite --format csv --type counts --unit "Cẩm Lệ" --from 2020-03-01 > counts.csv
              vnfacts export --db press.sqlite --format csv --bom --delimiter ';' --type units > units.csv
              vnfacts export --db press.sqlite --format xlsx -o facts.xlsx
            """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "jsonl, json, csv or xlsx.") var format: Format = .jsonl
        @Option(help: ArgumentHelp("The kind of fact: \(FactKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: counts for CSV; every kind for XLSX; whole facts objects for JSON).", valueName: "kind"))
        var type: FactKind?
        @OptionGroup var filter: FactFilterOptions
        @Flag(help: "CSV: begin with a UTF-8 byte-order mark (Excel on Windows reads Vietnamese right only with it).") var bom = false
        @Option(help: ArgumentHelp("CSV: the field delimiter: ',' (default), ';' or 'tab'.", valueName: "char"), transform: parseDelimiter) var delimiter: Character?
        @Option(name: [.short, .long], help: "Write to this file instead of standard output (needed for xlsx on a terminal).") var output: String?
        enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, json, csv, xlsx }

        func validate() throws {
            if format != .csv, bom || delimiter != nil { throw ValidationError("--bom and --delimiter apply to --format csv only") }
            if format == .xlsx, output == nil, isatty(1) != 0 { throw ValidationError("an .xlsx workbook is binary: give --output file.xlsx, or redirect standard output to a file") }
        }

        func run() throws {
            let s = try store.openForReading()
            let f = FactFilter(place: filter.unit, level: filter.level?.rawValue, from: filter.from, to: filter.to)
            var sink = try OutputSink(path: output)
            defer { sink.close() }
            if type == nil, format == .jsonl || format == .json {
                var first = true
                if format == .json { sink.write("[") }
                try s.exportJSONL(filter: CountFilter()) { line in
                    guard let o = parseObject(line), f.accepts(factsObject: o) else { return }
                    if format == .json { sink.write(first ? "\n" : ",\n") }
                    sink.write(line + (format == .jsonl ? "\n" : ""))
                    first = false
                }
                if format == .json { sink.write(first ? "]\n" : "\n]\n") }
                return
            }
            let kinds = type.map { [$0] } ?? (format == .xlsx ? FactKind.allCases : [.counts])
            var tables = kinds.map(FactTable.init(kind:))
            try s.exportJSONL(filter: CountFilter()) { line in
                guard let o = parseObject(line) else { return }
                for k in tables.indices { tables[k].add(factsObject: o, filter: f) }
            }
            for k in tables.indices { tables[k].sort() }
            switch format {
            case .csv:
                let w = CSVWriter(delimiter: delimiter ?? ",", byteOrderMark: bom)
                for t in tables { w.write(t) { sink.write($0) } }
            case .jsonl:
                for t in tables { for r in t.rows { sink.write(JSONRows.object(t, r).serialized() + "\n") } }
            case .json:
                let all = tables.flatMap { t in t.rows.map { JSONRows.object(t, $0) } }
                sink.write("[" + all.map { "\n" + $0.serialized() }.joined(separator: ",") + (all.isEmpty ? "]\n" : "\n]\n"))
            case .xlsx:
                let book: XLSXWriter.Result
                do { book = try XLSXWriter.workbook(tables.map { ($0.kind.sheetName, $0) }) } catch {
                    Diagnostics.error("cannot write the workbook: \(error)"); throw ExitCode(1)
                }
                for (sheet, n) in book.truncated { Diagnostics.warn("sheet '\(sheet)': \(n) row(s) past Excel's last row were left out (export them as CSV)") }
                sink.write(book.data)
            }
            if let output { Diagnostics.note("wrote " + tables.map { "\($0.rows.count) \($0.kind.rawValue)" }.joined(separator: ", ") + " to \(output)") }
        }
    }

    struct Facts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show stored completion counts, sorted by date, filtered by place, tier and date.",
            discussion: """
            On a terminal: aligned columns with Vietnamese headings and dates as dd/mm/yyyy, a \
            remaining count shown as what is done ("9/15 đã xong (6 còn lại)"). Piped to another \
            program: tab-separated values with ISO dates and the contract's codes. The number of \
            counts goes to standard error, so it never mixes with the rows.

            Example:
              vnfacts facts --db press.sqlite --unit "Cẩm Lệ" --level cell --from 2020-03-01
              vnfacts facts --db press.sqlite --level upper-grassroots | sort -t$'\\t' -k2
            """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var filter: FactFilterOptions
        @Option(help: "table (aligned; the default on a terminal) or tsv (the default otherwise).") var format: TableFormat?

        func run() throws {
            let s = try store.openForReading()
            let f = FactFilter(place: filter.unit, level: filter.level?.rawValue, from: filter.from, to: filter.to)
            var t = FactTable(kind: .counts)
            try s.exportJSONL(filter: CountFilter()) { line in if let o = parseObject(line) { t.add(factsObject: o, filter: f) } }
            t.sort()
            var out = StandardOutput()
            func col(_ row: [Cell], _ name: String) -> Cell { t.header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil } ?? .empty }
            if (format ?? (isatty(1) != 0 ? .table : .tsv)) == .tsv {
                let cols = ["as_of", "unit_place", "done", "total", "percent", "level", "status", "activity", "article_id", "text"]
                out.write(TextTable.tsv(header: cols, rows: t.rows.map { r in cols.map { col(r, $0).string } }))
            } else {
                let rows = t.rows.map { r -> [String] in
                    let claim = Claim(articleID: col(r, "article_id").string, published: nil, done: col(r, "done").intValue, total: col(r, "total").intValue,
                                      percent: col(r, "percent").doubleValue, level: col(r, "level").string, status: col(r, "status").string,
                                      activity: col(r, "activity").string, unitName: nil, unitPlace: nil, unitCode: nil, asOf: nil, text: "", span: [], json: [:])
                    let asOf = col(r, "as_of").string
                    return [asOf.isEmpty ? "?" : Labels.date(asOf), col(r, "unit_place").string, claim.figure, Labels.tier(claim.level),
                            Labels.activity(claim.activity), col(r, "article_id").string, col(r, "text").string]
                }
                out.write(TextTable.aligned(header: ["tính đến", "đơn vị", "số liệu", "cấp", "nội dung", "bài báo", "câu"], rows: rows, maxWidth: 48))
            }
            out.flush()
            Diagnostics.note("\(t.rows.count) số liệu tiến độ (count(s))")
        }
    }
}

enum TableFormat: String, ExpressibleByArgument, CaseIterable { case table, tsv }

extension FactKind: ExpressibleByArgument {}

extension Cell {
    var intValue: Int? { if case .integer(let i) = self { return i }; return nil }
    var doubleValue: Double? {
        switch self { case .number(let d): return d; case .integer(let i): return Double(i); default: return nil }
    }
}

func parseObject(_ line: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
}

/// `--delimiter`: one character, or "tab".
func parseDelimiter(_ s: String) throws -> Character {
    switch s {
    case "tab", "\\t", "\t": return "\t"
    case ",", ";", "|": return Character(s)
    default: throw ValidationError("--delimiter must be ',', ';', '|' or 'tab', not '\(s)'")
    }
}

/// Standard output, or a file: text through a buffer, or bytes (a workbook).
struct OutputSink {
    var out = StandardOutput()
    var file: FileHandle?

    init(path: String?) throws {
        guard let path, path != "-" else { return }
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            Diagnostics.error("cannot write \(path)")
            throw ExitCode(2)
        }
        file = h
    }

    mutating func write(_ s: String) {
        if let file { try? file.write(contentsOf: Data(s.utf8)) } else { out.write(s) }
    }
    mutating func write(_ d: Data) {
        if let file { try? file.write(contentsOf: d) } else { out.flush(); try? FileHandle.standardOutput.write(contentsOf: d) }
    }
    mutating func close() {
        out.flush()
        try? file?.close()
    }
}

func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
