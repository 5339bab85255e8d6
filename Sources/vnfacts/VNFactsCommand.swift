import ArgumentParser
import Foundation
import VNExtract
import VNInput
import VNPipeline
import VNText

@main
struct VNFactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vnfacts",
        abstract: "Read Vietnamese news articles and official reports; turn them into checked facts.",
        discussion: """
        Every input is decoded to UTF-8 (UTF-8, UTF-16 with BOM, Windows-1258, TCVN3 and VNI are \
        recognised), normalized (NFC, one tone-mark style, spaces, dashes, quotes) and tokenized. \
        Every byte span printed refers to the input as given (or to its UTF-8 decoding for legacy \
        encodings).

        Examples:
          vnfacts normalize Corpus/seeds/000_df59e02c452cb29d.txt
          vnfacts tokenize --format json article.txt
          cat old-report.txt | vnfacts normalize --encoding tcvn3 -
          vnfacts bench --megabytes 50
          vnfacts export --db press.sqlite --format xlsx -o facts.xlsx
          vnfacts sql --db press.sqlite "SELECT COUNT(*) FROM articles"
        """,
        version: versionLine,
        subcommands: [Extract.self, Eval.self, Ingest.self, Reextract.self, Export.self, Facts.self, Sql.self, Reconcile.self, CoverageCommand.self, Serve.self, Normalize.self, Tokenize.self, GazetteerGroup.self, Bench.self, Worker.self]
    )

    /// As ArgumentParser runs a command, except that a bad option or value exits with 2 (the
    /// README's "the command could not run"), not 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that reads articles shares: how inputs are read and decoded.
struct InputOptions: ParsableArguments {
    @Option(help: "Force the input encoding instead of detecting it: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).")
    var encoding: TextEncoding?

    @Flag(help: "Replace undecodable bytes with U+FFFD and warn, instead of rejecting the file.")
    var lenient = false

    @Option(help: "Tone-mark style on final oa/oe/uy: new (hòa, ủy), old (hoà, uỷ) or keep.")
    var toneStyle: ToneStyle = .new

    @Option(help: "What standard input (-) holds: text, html or jsonl.")
    var stdinFormat: StdinFormat = .text

    @Option(help: "Largest input file, in bytes.")
    var maxBytes: Int = 20_000_000

    @OptionGroup var gazetteerOptions: GazetteerOptions
    var gazetteer: String? { gazetteerOptions.gazetteer }

    enum StdinFormat: String, ExpressibleByArgument, CaseIterable {
        case text, html, jsonl
        var kind: RawItem.Kind { switch self { case .text: .text; case .html: .html; case .jsonl: .jsonlRecord } }
    }

    func dataDirectory() -> URL? { try? DataDirectory.locate(explicit: gazetteer) }

    func validate() throws {
        if let gazetteer { _ = try DataDirectory.locate(explicit: gazetteer) }
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
    }

    /// Reads the bytes of inputs (files, JSON Lines records, standard input as `stdinID`).
    func rawReader(stdinID: String = "stdin") -> RawReader {
        RawReader(maxBytes: maxBytes, stdinID: stdinID, stdinKind: stdinFormat.kind)
    }

    /// Turns raw inputs into articles (decoding, pages, records), as every command does.
    func articleReader() -> ArticleReader {
        ArticleReader(dataDirectory: dataDirectory(), encoding: encoding, lenient: lenient)
    }

    /// The hidden worker subcommand of this executable, with the same reading options.
    func workerCommand() -> WorkerCommand {
        var args = ["_worker", "--tone-style", toneStyle.rawValue]
        if let d = dataDirectory() { args += ["--gazetteer", d.path] }
        if let encoding { args += ["--encoding", encoding.rawValue] }
        if lenient { args.append("--lenient") }
        return WorkerCommand(executable: WorkerCommand.currentExecutable, arguments: args)
    }

    /// Every article of the paths, read in process (no extraction): for `normalize` and
    /// `tokenize`. Failures are reported on stderr; returns how many inputs failed.
    func forEachArticle(_ paths: [String], _ body: (ArticleInput) throws -> Void) rethrows -> Int {
        let raw = rawReader(), reader = articleReader()
        var failed = 0
        for path in InputFiles.expand(paths) {
            for r in raw.read(path) {
                switch r.flatMap(reader.read) {
                case .failure(let f): Diagnostics.error(f.description); failed += 1
                case .success(let a):
                    for w in a.warnings { Diagnostics.warn("\(a.path): \(w)") }
                    try body(a)
                }
            }
        }
        return failed
    }
}

extension TextEncoding: ExpressibleByArgument {}
extension ToneStyle: ExpressibleByArgument {}

enum Diagnostics {
    static func warn(_ s: String) { FileHandle.standardError.write(Data("vnfacts: warning: \(s)\n".utf8)) }
    static func error(_ s: String) { FileHandle.standardError.write(Data("vnfacts: error: \(s)\n".utf8)) }
    static func note(_ s: String) { FileHandle.standardError.write(Data("vnfacts: \(s)\n".utf8)) }
}

/// Writes to standard output through a buffer (much faster than print for large outputs).
struct StandardOutput {
    private var buffer: [UInt8] = []

    init() {
        // A reader that stops early (`vnfacts export | head`) ends the output, not the process with a crash.
        signal(SIGPIPE, SIG_IGN)
    }

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { flush() }
    }
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        do { try FileHandle.standardOutput.write(contentsOf: Data(buffer)) } catch { exit(0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
