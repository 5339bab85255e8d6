import Foundation
import Testing
import VNExtract
import VNText
import _VNTestSupport

func gold(for a: CorpusArticle) -> [String: Any]? {
    let url = a.url.deletingPathExtension().appendingPathExtension("json")
    guard let d = FileManager.default.contents(atPath: url.path) else { return nil }
    return try? JSONSerialization.jsonObject(with: d) as? [String: Any]
}

/// The five seed articles are extracted exactly as their hand-checked gold says: every type at
/// F1 = 1 and every attribute right.
@Test(arguments: corpusArticles("seeds").map(\.name))
func seedArticleMatchesItsGold(_ name: String) throws {
    let a = try #require(corpusArticles("seeds").first { $0.name == name })
    let g = try #require(gold(for: a))
    let x = try Extractor(vocabulary: vocabulary)
    var ev = Evaluation()
    ev.add(gold: g, facts: x.extract(utf8: a.bytes, id: a.name))
    for t in Evaluation.types {
        let tally = ev.tallies[t] ?? Evaluation.Tally()
        #expect(tally.fp == 0 && tally.fn == 0, "\(t): \(ev.diffs.filter { $0.contains(t) })")
    }
    for (k, v) in ev.attributes { #expect(v.right == v.total, "\(k): \(ev.diffs.filter { $0.contains(k) })") }
}

/// Every span of every fact of every article in Corpus/ slices the input to the fact's text.
@Test func everySpanInTheCorpusSlicesTheInputToItsText() throws {
    let x = try Extractor(vocabulary: vocabulary)
    let all = corpusArticles()
    #expect(all.count >= 5)
    for a in all {
        let decoded = try TextDecoder(dataDirectory: gazetteerDirectory).decode(a.bytes)
        let f = x.extract(utf8: decoded.bytes, id: a.name)
        let problems = spanProblems(f, original: decoded.bytes)
        #expect(problems.isEmpty, "\(a.name): \(problems.prefix(5))")
    }
}

@Test func theArticleReaderSeparatesTitleDateAndChrome() throws {
    let x = try Extractor(vocabulary: vocabulary)
    let seeds = corpusArticles("seeds")
    let f0 = x.extract(utf8: seeds[0].bytes, id: seeds[0].name)
    #expect(f0.article.title == "Tỉnh ủy Lạng Sơn tích cực chỉ đạo tổ chức tốt Đại hội Đảng bộ cấp huyện", "the ticker above it is chrome")
    #expect(f0.article.published?.iso == "2020-08-05", "05/08/2020 on a Wednesday is 5 August")
    #expect(f0.article.byline == "Mai Loan")
    let f4 = x.extract(utf8: seeds[4].bytes, id: seeds[4].name)
    #expect(f4.article.published == nil, "'Hôm nay, Thứ bảy ngày 16/01/2021' is the crawl date")
    #expect(f4.article.title?.hasPrefix("100% chi bộ") == true)
    #expect(f4.article.source == "thanhtra.com.vn")
    let f3 = x.extract(utf8: seeds[3].bytes, id: seeds[3].name)
    // The footer (phone number, "đường 3 tháng 2", visitor counters) yields no date or count.
    #expect(!f3.dates.contains { $0.text.contains("3 tháng 2") })
    #expect(f3.counts.isEmpty)
    let body = try #require(f3.article.body)
    #expect(!String(decoding: seeds[3].bytes[body], as: UTF8.self).contains("Đang online"))
}
