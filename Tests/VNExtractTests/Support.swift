import Foundation
import Testing
import VNExtract
import VNGazetteer
import VNText
import _VNTestSupport

/// One compiled vocabulary for every test.
let vocabulary: CompiledVocabulary = {
    do { return try CompiledVocabulary(gazetteer: Gazetteer(directory: gazetteerDirectory)) } catch { fatalError("cannot load Gazetteer/: \(error)") }
}()

/// Extracts a text written in a test, as an article of `published` (or undated).
func extract(_ text: String, published: String? = "2020-06-15", id: String = "test") -> ArticleFacts {
    let x = try! Extractor(vocabulary: vocabulary)
    return x.extract(utf8: Array(text.utf8), id: id, hint: ArticleHint(published: published.flatMap { Day(iso: $0) }))
}

/// A body of a few sentences is an article: a title line first, so the body starts after it.
func article(_ body: String) -> String { "Tin tức về đại hội đảng bộ các cấp nhiệm kỳ mới\n\n" + body + "\n" }

/// Every span slices the original bytes to exactly the fact's text.
func spanProblems(_ f: ArticleFacts, original: [UInt8]) -> [String] {
    var out: [String] = []
    func check(_ kind: String, _ span: Range<Int>, _ text: String) {
        guard span.lowerBound >= 0, span.upperBound <= original.count, span.lowerBound < span.upperBound else { out.append("\(kind) span \(span) out of range"); return }
        guard let s = String(validating: original[span], as: UTF8.self) else { out.append("\(kind) span \(span) cuts a character"); return }
        if s != text { out.append("\(kind) span \(span) slices '\(s)', not '\(text)'") }
    }
    for d in f.documents { check("document", d.span, d.text) }
    for d in f.dates { check("date", d.span, d.text) }
    for t in f.terms { check("term", t.span, t.text) }
    for u in f.units { check("unit", u.span, u.text) }
    for c in f.counts { check("count", c.span, c.text) }
    return out
}
