import ArgumentParser
import Foundation
import VNExtract
import VNGazetteer
import VNInput
import VNPipeline
import VNText

/// Loads the gazetteer and compiles the extractor vocabulary once, with a clear message on failure.
func loadVocabulary(_ path: String?) throws -> CompiledVocabulary {
    let g = try loadGazetteer(path)
    do { return try CompiledVocabulary(gazetteer: g) } catch {
        Diagnostics.error("cannot compile the vocabulary of \(g.directory.path): \(error)")
        throw ExitCode(2)
    }
}

extension VNFactsCommand {
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Extract documents, dates, terms, units and completion counts from articles.",
            discussion: """
            Prints one JSON object per article (JSON Lines) in the vnfacts/1 shape (see the README), \
            or with --format table a summary for a person: the counts first, with unit, tier, date \
            and the words they were read from. Every span is [start, end) in bytes of the input.

            A file that cannot be read or decoded is reported on stderr with its name and why; the \
            others go on; the exit code is 1 if any failed.

            Examples:
              vnfacts extract Corpus/seeds/000_df59e02c452cb29d.txt
              vnfacts extract --format table Corpus/seeds
              curl -s … | vnfacts extract --id my-article -
            """
        )
        @OptionGroup var input: InputOptions
        @Option(help: "json (JSON Lines, one object per article) or table.") var format: Format = .json
        @Option(help: "Article id for standard input (default: stdin).") var id: String?
        @OptionGroup var workers: WorkerOptions
        @Flag(help: "Show, per fact, the rule that made it and the tokens it matched, and for x/y figures that made no count the rule that refused them (in this process).") var explain = false
        @Argument(help: "Files or folders of articles (.txt, .html, .htm, .jsonl), or - for standard input.") var paths: [String] = ["-"]
        enum Format: String, ExpressibleByArgument, CaseIterable { case json, table }

        func run() throws {
            let vocabulary = try loadVocabulary(input.gazetteer)   // a bad data folder is one clear error, not one per worker
            if explain { return try runExplain(vocabulary) }
            let engine = workers.engine(input)
            var out = StandardOutput()
            var failed = 0
            for chunk in RawChunks(paths, raw: input.rawReader(stdinID: id ?? "stdin")) {
                let items = chunk.compactMap { try? $0.get() }
                var outcomes = engine.run(items).makeIterator()
                for r in chunk {
                    let o: Outcome
                    switch r {
                    case .failure(let f): o = .failed(f)
                    case .success: o = outcomes.next() ?? .failed(InputFailure(path: "?", reason: "not processed", kind: .extractorFailed))
                    }
                    switch o {
                    case .failed(let f):
                        failed += 1
                        Diagnostics.error(f.description)
                    case .article(let a, let facts):
                        for w in a.warnings { Diagnostics.warn("\(a.path): \(w)") }
                        switch format {
                        case .json: out.write(facts.json().serialized() + "\n")
                        case .table: out.write(FactsTable.render(facts))
                        }
                    }
                }
                out.flush()
            }
            if failed > 0 { throw ExitCode(1) }
        }

        /// `--explain`: each article read and extracted here, its rules' matches printed.
        func runExplain(_ vocabulary: CompiledVocabulary) throws {
            let extractor = try Extractor(vocabulary: vocabulary)
            extractor.explains = true
            let reader = input.articleReader()
            var out = StandardOutput()
            var failed = 0
            for chunk in RawChunks(paths, raw: input.rawReader(stdinID: id ?? "stdin")) {
                for r in chunk {
                    switch r.flatMap({ reader.read($0) }) {
                    case .failure(let f): failed += 1; Diagnostics.error(f.description)
                    case .success(let a):
                        _ = extractor.extract(utf8: a.text, id: a.id, encoding: a.encoding, hint: a.hint)
                        out.write(Extractor.renderExplanation(extractor.explanation, id: a.id))
                    }
                }
                out.flush()
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score extraction against gold files: precision, recall, F1 per type and attribute accuracies.",
            discussion: """
            Gold files are NAME.json beside NAME.txt (the README's "Gold files and scores"; the \
            matching rules are version 2 of spec/gold.md). Folders are searched recursively. Prints \
            micro-averaged precision, recall and F1 per type, the macro-F1 over documents, dates, \
            units and counts, and attribute accuracies over matched items. With --diff, every \
            missed, spurious or wrongly attributed item is listed, by article.

            Examples:
              vnfacts eval --gold Corpus
              vnfacts eval --gold Corpus/seeds --diff
              vnfacts eval --gold ../shared/real-dev/articles --format json
            """
        )
        @Option(help: "Folder of gold .json files (searched recursively).") var gold: String = "Corpus"
        @Option(help: "Folder of the articles (default: beside each gold file).") var articles: String?
        @Flag(help: "List each missed, spurious and wrong item, by article.") var diff = false
        @Option(help: "table (for a person) or json (one object: scores, and with --diff the differences).") var format: Format = .table
        @OptionGroup var workers: WorkerOptions
        @OptionGroup var input: InputOptions
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        func run() throws {
            _ = try loadVocabulary(input.gazetteer)
            let engine = workers.engine(input)
            let raw = input.rawReader()
            let fm = FileManager.default
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: gold, isDirectory: &isDir), isDir.boolValue else {
                Diagnostics.error("\(gold): no such folder of gold files")
                throw ExitCode(2)
            }
            var golds: [String] = []
            let e = fm.enumerator(atPath: gold)
            while let f = e?.nextObject() as? String { if f.hasSuffix(".json") { golds.append((gold as NSString).appendingPathComponent(f)) } }
            golds.sort()
            var ev = Evaluation()
            var failed = 0
            // Each gold file with its article (a gold file without one beside it is not scored).
            var pairs: [(gold: [String: Any], item: RawItem)] = []
            func score() {
                for (p, outcome) in zip(pairs, engine.run(pairs.map(\.item))) {
                    switch outcome {
                    case .article(_, let facts): ev.add(gold: p.gold, facts: facts)
                    case .failed(let f): Diagnostics.error(f.description); failed += 1
                    }
                }
                pairs.removeAll()
            }
            for g in golds {
                let base = ((g as NSString).lastPathComponent as NSString).deletingPathExtension
                let txt = articles.map { ($0 as NSString).appendingPathComponent(base + ".txt") } ?? ((g as NSString).deletingPathExtension + ".txt")
                guard fm.fileExists(atPath: txt) else { continue }
                guard let gj = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: g))) as? [String: Any] else {
                    Diagnostics.error("\(g): not a JSON object"); failed += 1; continue
                }
                for r in raw.read(txt) {
                    switch r {
                    case .success(var item): item.id = base; pairs.append((gj, item))
                    case .failure(let f): Diagnostics.error(f.description); failed += 1
                    }
                }
                if pairs.count >= 64 { score() }
            }
            score()
            if ev.articles == 0 { Diagnostics.warn("\(gold): no gold file with its article beside it") }
            var out = StandardOutput()
            switch format {
            case .table:
                out.write(ev.report())
                if diff { out.write("\n" + ev.diffReport()) }
            case .json:
                out.write(ev.json(differences: diff).serialized() + "\n")
            }
            out.flush()
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

enum FactsTable {
    static func render(_ f: ArticleFacts) -> String {
        var s = "== \(f.article.id)  \(f.article.title ?? "(no title)")\n"
        s += "   published \(f.article.published?.iso ?? "unknown")\(f.article.byline.map { "  by \($0)" } ?? "")\(f.article.source.map { "  \($0)" } ?? "")\n"
        for c in f.counts {
            let fig = c.percent.map { "\($0 == $0.rounded() ? String(Int($0)) : String($0))%" } ?? "\(c.done.map(String.init) ?? "?")/\(c.total.map(String.init) ?? "?")"
            s += "   COUNT \(fig.padding(toLength: 8, withPad: " ", startingAt: 0)) \(c.level) \(c.status) \(c.activity)  unit: \(c.unit?.name ?? "?")  as of \(c.asOf ?? "?")\n      «\(c.text)»\n"
        }
        for d in f.documents { s += "   DOC   \(d.id)\(d.date.map { " of \($0)" } ?? "")\(d.issuerName.map { " — \($0)" } ?? "")\n" }
        for d in f.dates { s += "   DATE  \(d.value ?? "?")\(d.end.map { "…\($0)" } ?? "") \(d.role)  «\(d.text)»\n" }
        for t in f.terms { s += "   TERM  \(t.from)–\(t.to)\n" }
        for u in f.units { s += "   UNIT  \(u.name) [\(u.kind)]\(u.placeCode.map { " code \($0)" } ?? "")\n" }
        for w in f.warnings { s += "   WARN  \(w.code): \(w.message)\n" }
        return s + "\n"
    }
}
