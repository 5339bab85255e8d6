import Foundation
import VNExtract
import VNGazetteer
import VNInput
import VNReconcile
import VNText

/// The libFuzzer entry point: one input through the layer VNFACTS_FUZZ_TARGET names, with the
/// layer's invariants checked. A broken invariant stops the run (a finding), like a trap does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    Harness.shared.run(bytes)
    return 0
}

/// Stops the run on a broken invariant, with what broke.
func check(_ ok: @autoclosure () -> Bool, _ what: @autoclosure () -> String) {
    if !ok() {
        FileHandle.standardError.write(Data("invariant broken: \(what())\n".utf8))
        abort()
    }
}

final class Harness: @unchecked Sendable {
    static let shared = Harness()
    let target = ProcessInfo.processInfo.environment["VNFACTS_FUZZ_TARGET"] ?? "extract"
    let dataDirectory: URL = {
        if let d = ProcessInfo.processInfo.environment["VNFACTS_GAZETTEER"] { return URL(fileURLWithPath: d) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Gazetteer")
    }()
    lazy var decoder = TextDecoder(dataDirectory: dataDirectory)
    lazy var reader = ArticleReader(dataDirectory: dataDirectory, lenient: true)
    let normalizer = Normalizer()
    lazy var tokenizer: Tokenizer = {
        guard let t = try? Tokenizer(abbreviations: .load(from: dataDirectory)) else { check(false, "no tokenizer"); return try! Tokenizer() }
        return t
    }()
    lazy var extractor: Extractor = {
        do { return try Extractor(vocabulary: CompiledVocabulary(gazetteer: Gazetteer(directory: dataDirectory))) } catch {
            check(false, "cannot load \(dataDirectory.path): \(error)")
            fatalError()
        }
    }()

    func run(_ bytes: [UInt8]) {
        switch target {
        case "decode": decode(bytes)
        case "normalize": normalize(bytes)
        case "tokenize": tokenize(bytes)
        case "extract": extract(bytes)
        case "html": html(bytes)
        case "csv": tracker(bytes, .csv)
        case "xlsx": tracker(bytes, .xlsx)
        default: check(false, "unknown VNFACTS_FUZZ_TARGET \(target)")
        }
    }

    /// Text as the commands read it (lenient: every input gives some text).
    func text(_ bytes: [UInt8]) -> [UInt8] {
        (try? decoder.decode(bytes, lenient: true).bytes) ?? []
    }

    func decode(_ bytes: [UInt8]) {
        for lenient in [false, true] {
            guard let d = try? decoder.decode(bytes, lenient: lenient) else { continue }
            check(String(validating: d.bytes, as: UTF8.self) != nil, "decoding gave bytes that are not UTF-8 (\(d.encoding))")
            if d.encoding == .utf8, d.warnings.isEmpty { check(d.bytes == bytes, "UTF-8 input changed by decoding") }
        }
    }

    func normalize(_ bytes: [UInt8]) {
        let t = text(bytes)
        let n = normalizer.normalize(t)
        check(normalizer.normalize(n.bytes).bytes == n.bytes, "normalization is not idempotent")
        let r = n.originalRange(0..<n.bytes.count)
        check(r.lowerBound >= 0 && r.upperBound <= t.count, "the offset map leaves the input")
    }

    func tokenize(_ bytes: [UInt8]) {
        let t = text(bytes)
        let doc = tokenizer.tokenize(normalizer.normalize(t))
        var last = 0
        for tok in doc.tokens {
            check(tok.source.lowerBound >= last && tok.source.upperBound <= t.count && !tok.source.isEmpty, "token span \(tok.source) out of order or outside the input")
            check(String(validating: t[tok.source], as: UTF8.self) != nil, "token span \(tok.source) cuts a character")
            last = tok.source.upperBound
        }
    }

    func extract(_ bytes: [UInt8]) {
        let t = text(bytes)
        spans(extractor.extract(utf8: t, id: "fuzz"), t)
    }

    func html(_ bytes: [UInt8]) {
        let item = RawItem(name: "fuzz.html", path: "fuzz.html", kind: .html, id: "fuzz", bytes: bytes)
        guard case .success(let a) = reader.read(item) else { return }
        check(String(validating: a.text, as: UTF8.self) != nil, "page text is not UTF-8")
        spans(extractor.extract(utf8: a.text, id: a.id, hint: a.hint), a.text)
    }

    func tracker(_ bytes: [UInt8], _ format: TrackerReader.Format) {
        _ = try? TrackerReader.read(data: Data(bytes), format: format)
    }

    /// Every span slices the input to exactly the fact's text.
    func spans(_ f: ArticleFacts, _ input: [UInt8]) {
        func ok(_ span: Range<Int>, _ text: String, _ kind: String) {
            check(span.lowerBound >= 0 && span.upperBound <= input.count, "\(kind) span \(span) outside the input")
            check(String(decoding: input[span], as: UTF8.self) == text, "\(kind) span \(span) does not slice to its text")
        }
        for d in f.documents { ok(d.span, d.text, "document") }
        for d in f.dates { ok(d.span, d.text, "date") }
        for d in f.terms { ok(d.span, d.text, "term") }
        for d in f.units { ok(d.span, d.text, "unit") }
        for d in f.counts { ok(d.span, d.text, "count") }
    }
}
