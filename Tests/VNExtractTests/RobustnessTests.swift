import Foundation
import Testing
import VNExtract
import VNText
import _VNTestSupport

/// Random and adversarial text: no crash, no hang (each input is large; a quadratic extractor
/// would blow the time limit, which leaves room for a machine busy with other tests), and every
/// span still slices the input to its text.
@Test(.timeLimit(.minutes(10)))
func adversarialInputs() throws {
    let x = try Extractor(vocabulary: vocabulary)
    var rng = SeededRandom(seed: 42)
    let seeds = corpusArticles("seeds").map(\.string)
    var inputs: [String] = [
        String(repeating: "1", count: 30_000),                                   // one huge digit run
        String(repeating: "12/", count: 30_000),                                 // unbalanced slashes
        String(repeating: "a\u{0301}\u{0323}\u{0309}", count: 20_000),           // combining-mark flood
        String(repeating: "Đảng bộ ", count: 10_000),                             // a phrase start repeated
        String(repeating: "ngày 1/1/2020 ", count: 5_000),
        String(repeating: "Chỉ thị số 35-CT/TW, ", count: 4_000),
        String(repeating: "x", count: 150_000),                                   // a huge line, no spaces
        String(repeating: "(", count: 30_000) + String(repeating: ")", count: 30_000),
        String(repeating: "09/15 đảng bộ ", count: 5_000),
        "",
        "\n\n\n",
        "9/\n7/2020",                                                            // a date read across a line break (fuzz finding: a first line's dateline range past the line)
        "Tin\n\n2020-07\n-14 08:30",
    ]
    // Random bytes that are valid UTF-8, and shuffled real text.
    for _ in 0..<20 {
        let n = Int.random(in: 1...5000, using: &rng)
        var s = String.UnicodeScalarView()
        for _ in 0..<n {
            let pick = Int.random(in: 0..<10, using: &rng)
            let v: UInt32 = pick < 5 ? UInt32.random(in: 0x20...0x7E, using: &rng)
                : pick < 8 ? UInt32.random(in: 0xC0...0x1EF9, using: &rng) : UInt32.random(in: 0x2000...0x206F, using: &rng)
            if let u = Unicode.Scalar(v) { s.append(u) }
        }
        inputs.append(String(s))
    }
    for s in seeds {
        var words = s.split(separator: " ")
        words.shuffle(using: &rng)
        inputs.append(words.joined(separator: " "))
    }
    for input in inputs {
        let bytes = Array(input.utf8)
        let f = x.extract(utf8: bytes, id: "fuzz")
        #expect(spanProblems(f, original: bytes).isEmpty)
    }
}

/// Reproductions of traps real articles hit (issue 12), in sentences of our own.
@Test func unitNamedBeforeItExisted() {
    // A committee named on a date before its province's first version: no "last version" to take.
    let f = extract("Tỉnh ủy Lạng Sơn, ngày 3/2/1975.", published: nil)
    #expect(f.dates.map(\.value) == ["1975-02-03"])
}

@Test func textEndingRightAfterACountSubject() {
    for s in ["12 chi bộ", "Có 7 đảng bộ", "3/4 tổ chức cơ sở đảng", "40 chi"] {
        let f = extract(s, published: nil)
        #expect(spanProblems(f, original: Array(s.utf8)).isEmpty, "\(s)")
    }
}

/// An article longer than `Extractor.windowBytes` is read in parts: facts come from every part,
/// their spans still slice the input, and the article says it was cut.
@Test func aLongArticleIsReadInPartsWithExactSpans() throws {
    var body = "Tin tức về đại hội đảng bộ các cấp nhiệm kỳ mới\n\n"
    var k = 0
    while body.utf8.count < Extractor.windowBytes * 2 + 5000 {
        k += 1
        body += "Đến ngày 3/4/2020, Đảng bộ huyện Kim Sơn có \(k)/\(k + 5) chi bộ trực thuộc đã tổ chức xong đại hội.\n"
    }
    let bytes = Array(body.utf8)
    let f = try Extractor(vocabulary: vocabulary).extract(utf8: bytes, id: "long")
    #expect(spanProblems(f, original: bytes).isEmpty)
    #expect(f.warnings.contains { $0.code == "long-article" })
    #expect(f.counts.count >= 1000)
    let last = try #require(f.counts.last)
    #expect(last.span.lowerBound > Extractor.windowBytes * 2, "the last part gives counts too")
    #expect(last.asOf == "2020-04-03")
    #expect(f.counts.filter { $0.span.lowerBound > Extractor.windowBytes }.allSatisfy { $0.unit?.place == "Kim Sơn" }, "later parts attribute as the first")
}

/// A flood of look-alikes keeps at most `maxFactsPerType` facts of a type, and says so.
@Test func aFloodOfFactsIsCappedWithAWarning() throws {
    let text = String(repeating: "ngày 1/1/2020 ", count: 40_000)
    let f = try Extractor(vocabulary: vocabulary).extract(utf8: Array(text.utf8), id: "flood")
    #expect(f.dates.count == Extractor.maxFactsPerType)
    #expect(f.warnings.contains { $0.code == "facts-truncated" && $0.message.contains("dates") })
}

/// Extraction time is linear in the input on the pathological shapes a fuzz run found
/// (a digit-and-slash run, one huge token of letters and combining marks, a date flood). CPU
/// time of this thread, so other work does not count; linear gives a ratio of 4 from 1 to 4 MB,
/// the bound of 6 leaves room for a loaded machine's caches, and quadratic would give 16.
@Test(.timeLimit(.minutes(10)), arguments: ["1/", "a\u{0301}\u{0323}", "ngày 1/1/2020 "])
func extractionTimeIsLinearInTheInputSize(_ unit: String) throws {
    let x = try Extractor(vocabulary: vocabulary)
    func cpu() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    var seconds: [Double] = []
    for mb in [1, 2, 4] {
        let bytes = Array(String(repeating: unit, count: (mb << 20) / unit.utf8.count).utf8)
        let t0 = cpu()
        let f = x.extract(utf8: bytes, id: "size\(mb)")
        seconds.append(cpu() - t0)
        #expect(spanProblems(f, original: bytes).isEmpty)
    }
    #expect(seconds[1] / seconds[0] <= 3, "2 MB vs 1 MB: \(seconds)")
    #expect(seconds[2] / seconds[0] <= 6, "4 MB vs 1 MB: \(seconds)")
}
