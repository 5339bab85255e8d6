import ArgumentParser
import Foundation
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
        """,
        subcommands: [Extract.self, Eval.self, Ingest.self, Reextract.self, Export.self, Facts.self, Reconcile.self, CoverageCommand.self, Serve.self, Normalize.self, Tokenize.self, GazetteerGroup.self, Bench.self]
    )
}

/// Options every command that reads text shares.
struct InputOptions: ParsableArguments {
    @Option(help: "Force the input encoding instead of detecting it: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).")
    var encoding: TextEncoding?

    @Flag(help: "Replace undecodable bytes with U+FFFD and warn, instead of rejecting the file.")
    var lenient = false

    @Option(help: "Tone-mark style on final oa/oe/uy: new (hòa, ủy), old (hoà, uỷ) or keep.")
    var toneStyle: ToneStyle = .new

    @Option(help: "The Gazetteer data folder (default: found beside the executable or the working directory).")
    var gazetteer: String?

    func dataDirectory() -> URL? { try? DataDirectory.locate(explicit: gazetteer) }

    func validate() throws {
        if let gazetteer { _ = try DataDirectory.locate(explicit: gazetteer) }
    }
}

extension TextEncoding: ExpressibleByArgument {}
extension ToneStyle: ExpressibleByArgument {}

/// Output formats for commands that print records.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, tsv, json
}

/// Reads one input (a path or "-" for standard input) and decodes it, reporting failures with the
/// input's name.
struct InputReader {
    let decoder: TextDecoder
    let options: InputOptions

    init(options: InputOptions) {
        self.options = options
        self.decoder = TextDecoder(dataDirectory: options.dataDirectory())
    }

    func read(_ path: String) throws -> (name: String, decoded: DecodedText) {
        let name = path == "-" ? "<stdin>" : path
        let data: Data
        do {
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        } catch {
            throw InputFailure(name: name, message: "cannot read: \((error as NSError).localizedDescription)")
        }
        do {
            let decoded = try decoder.decode(Array(data), forcing: options.encoding, lenient: options.lenient)
            for w in decoded.warnings { Diagnostics.warn("\(name): \(w.message)") }
            return (name, decoded)
        } catch {
            throw InputFailure(name: name, message: error.message)
        }
    }
}

struct InputFailure: Error, CustomStringConvertible {
    let name: String
    let message: String
    var description: String { "\(name): \(message)" }
}

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
