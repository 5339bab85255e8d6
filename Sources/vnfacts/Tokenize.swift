import ArgumentParser
import Foundation
import VNText

extension VNFactsCommand {
    struct Tokenize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the tokens and sentences of each input with their byte spans.",
            discussion: """
            Tokens are syllables (kind word), numbers kept whole ("09", "2,5", "1.534", \
            "0294.3832012"), punctuation and symbols. Sentences follow ICU's sentence break, kept \
            together after abbreviations and initials ("TP.", "ThS.", "T.Ư", "Q.Hưng") and cut at \
            line breaks. Spans are [start, end) byte offsets of the input as given.

            TSV columns: sentence, kind, start, end, text (one token a line).

            Examples:
              vnfacts tokenize Corpus/seeds/001_dea457266020405d.txt
              vnfacts tokenize --format json - < article.txt
            """
        )

        @OptionGroup var input: InputOptions

        @Option(help: "tsv (one token a line) or json (tokens and sentences, one object per input).")
        var format: Format = .tsv

        enum Format: String, ExpressibleByArgument, CaseIterable { case tsv, json }

        @Argument(help: "Files or folders of articles (.txt, .html, .htm, .jsonl), or - for standard input.")
        var files: [String] = ["-"]

        func run() throws {
            let normalizer = Normalizer(options: NormalizationOptions(toneStyle: input.toneStyle))
            let tokenizer = try Tokenizer(abbreviations: .load(from: input.dataDirectory()))
            var out = StandardOutput()
            let failed = input.forEachArticle(files) { a in
                let doc = tokenizer.tokenize(normalizer.normalize(a.text))
                switch format {
                case .tsv:
                    out.write("sentence\tkind\tstart\tend\ttext\n")
                    for (si, s) in doc.sentences.enumerated() {
                        for t in doc.tokens[s.tokens] {
                            out.write("\(si)\t\(t.kind.rawValue)\t\(t.source.lowerBound)\t\(t.source.upperBound)\t\(doc.string(t))\n")
                        }
                    }
                case .json:
                    let tokens: [JSONValue] = doc.tokens.map { t in
                        .object([("kind", .string(t.kind.rawValue)), ("text", .string(doc.string(t))), ("span", .span(t.source))])
                    }
                    let sentences: [JSONValue] = doc.sentences.map { s in
                        .object([("text", .string(doc.text.originalText(s.range))), ("span", .span(s.source)),
                                 ("tokens", .span(s.tokens)), ("paragraph", .int(s.paragraph))])
                    }
                    out.write(JSONValue.object([("file", .string(a.path)), ("encoding", .string(a.encoding)),
                                                ("tokens", .array(tokens)), ("sentences", .array(sentences))]).serialized())
                    out.write("\n")
                }
            }
            out.flush()
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
