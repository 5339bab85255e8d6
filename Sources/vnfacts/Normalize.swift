import ArgumentParser
import Foundation
import VNText

extension VNFactsCommand {
    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the normalized text of each input (or, as JSON, with its offset map).",
            discussion: """
            Normalization: NFC; one tone-mark style ("uỷ, hoà" → "ủy, hòa" by default); Ð → Đ in \
            words; every kind of space → one space; blank lines → one paragraph break; dash and \
            quote variants → - " '; zero-width characters and soft hyphens removed.

            The JSON form gives the offset map: pieces [normalizedStart, originalStart, identity]; \
            a normalized byte range maps back to the exact original bytes that produced it.

            Examples:
              vnfacts normalize Corpus/seeds/000_df59e02c452cb29d.txt
              vnfacts normalize --format json --tone-style old article.txt
              printf 'Tỉnh uỷ Lạng Sơn' | vnfacts normalize -
            """
        )

        @OptionGroup var input: InputOptions

        @Option(help: "text (the normalized text) or json (text, encoding and offset map).")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "Files or folders of articles (.txt, .html, .htm, .jsonl), or - for standard input.")
        var files: [String] = ["-"]

        func run() throws {
            let normalizer = Normalizer(options: NormalizationOptions(toneStyle: input.toneStyle))
            var out = StandardOutput()
            let failed = input.forEachArticle(files) { a in
                let n = normalizer.normalize(a.text)
                switch format {
                case .text:
                    out.write(n.string)
                    out.write("\n")
                case .json:
                    var pieces: [JSONValue] = []
                    for k in 0..<n.map.derivedStarts.count {
                        pieces.append(.array([.int(n.map.derivedStarts[k]), .int(n.map.originalStarts[k]), .bool(n.map.identity[k])]))
                    }
                    let obj: JSONValue = .object([
                        ("file", .string(a.path)),
                        ("encoding", .string(a.encoding)),
                        ("text", .string(n.string)),
                        ("normalizedLength", .int(n.bytes.count)),
                        ("originalLength", .int(n.original.count)),
                        ("map", .array(pieces)),
                    ])
                    out.write(obj.serialized())
                    out.write("\n")
                }
            }
            out.flush()
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
