import ArgumentParser
import Foundation
import VNExtract
import VNInput
import VNPipeline

extension VNFactsCommand {
    /// A worker process of `extract`, `ingest`, `reextract` and `eval` (started by them, not by a
    /// person): reads framed inputs on standard input and answers on descriptor 3.
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "_worker", abstract: "Internal: an extraction worker process.", shouldDisplay: false)
        @OptionGroup var input: InputOptions

        func run() throws {
            let vocab = try loadVocabulary(input.gazetteer)
            let extractor = try Extractor(vocabulary: vocab)
            let status = WorkerLoop.serve(reader: input.articleReader(), extractor: extractor)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// Options of the commands that extract: how many worker processes, and how long an article may take.
struct WorkerOptions: ParsableArguments {
    @Option(help: "Worker processes (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Seconds one article may take before its worker is stopped and the article reported (default: 60, plus 10 per MB).", valueName: "seconds"))
    var articleTimeout: Double?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let t = articleTimeout, !(t > 0) { throw ValidationError("--article-timeout must be positive") }
    }

    /// Supervised worker processes reading with `input`'s options.
    func engine(_ input: InputOptions) -> SupervisedEngine {
        let fixed = articleTimeout
        return SupervisedEngine(command: input.workerCommand(), workers: jobs, timeout: { bytes in fixed ?? 60 + Double(bytes) / 100_000 })
    }
}
