import Foundation
import Testing
import VNText
import _VNTestSupport

/// Property: for random edits of real text, every token's span slices the original input to text
/// that normalizes to exactly the token.
@Test func everyTokenSpanSlicesTheOriginal() throws {
    let normalizer = Normalizer()
    let tokenizer = try Tokenizer()
    var rng = SeededRandom(seed: 2026)
    var checked = 0
    for article in corpusArticles() {
        for round in 0..<5 {
            let input = round == 0 ? article.string : messUp(article.string, using: &rng, edits: 60)
            let original = Array(input.utf8)
            let doc = tokenizer.tokenize(normalizer.normalize(original))
            for t in doc.tokens {
                if let problem = spanProblem(original: original, span: t.source, normalizedText: doc.string(t)) {
                    Issue.record("\(article.name) round \(round): \(problem)")
                    return
                }
                checked += 1
            }
            for s in doc.sentences {
                #expect(s.source.lowerBound <= s.source.upperBound && s.source.upperBound <= original.count)
            }
        }
    }
    #expect(checked > 10_000)
}

/// Property: mapping is monotone and covers the input; random ranges between token boundaries
/// of the normalized text map to original ranges that normalize back to the range's text.
@Test func randomRangesMapMonotonically() throws {
    let normalizer = Normalizer()
    let tokenizer = try Tokenizer()
    var rng = SeededRandom(seed: 99)
    let collapse = { (s: String) in s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    for article in corpusArticles("seeds") {
        let input = messUp(article.string, using: &rng, edits: 80)
        let original = Array(input.utf8)
        let n = normalizer.normalize(original)
        var previous = 0
        for (i, b) in n.bytes.enumerated() where b & 0xC0 != 0x80 {
            let o = n.map.originalStart(ofDerived: i)
            #expect(o >= previous, "\(article.name): start of \(i) went back")
            previous = o
        }
        let tokens = tokenizer.tokens(n)
        for _ in 0..<300 {
            let a = Int.random(in: 0..<tokens.count, using: &rng), b = Int.random(in: 0..<tokens.count, using: &rng)
            let r = tokens[min(a, b)].range.lowerBound..<tokens[max(a, b)].range.upperBound
            let o = n.originalRange(r)
            #expect(o.lowerBound >= 0 && o.upperBound <= original.count)
            let renormalized = collapse(normalizer.normalize(Array(original[o])).string)
            let claimed = collapse(n.text(r))
            #expect(renormalized == claimed, "\(article.name): normalized range \(r) maps to \(o), which does not normalize back to it")
        }
    }
}

@Test func identityMapForCleanText() {
    let n = Normalizer().normalize("Tỉnh ủy Lạng Sơn đã chỉ đạo.")
    #expect(n.map.derivedStarts.count == 1)
    #expect(n.originalRange(3..<9) == 3..<9)
}

@Test func replacementMapsToItsWholeSource() {
    //                   0123456789…  "uỷ" is bytes 7..<11 in the input ("u" + 3-byte "ỷ")
    let input = "Tỉnh uỷ Lạng Sơn"
    let n = Normalizer().normalize(input)
    #expect(n.string == "Tỉnh ủy Lạng Sơn")
    let uy = n.string.utf8.count - "Lạng Sơn".utf8.count - " ".utf8.count
    let r = n.originalRange(7..<uy)
    #expect(String(decoding: Array(input.utf8)[r], as: UTF8.self) == "uỷ")
    // A span inside the replaced pair still maps to the whole pair.
    #expect(String(decoding: Array(input.utf8)[n.originalRange(7..<10)], as: UTF8.self) == "uỷ")
}

@Test func deletedCharactersAreOutsideNeighbouringSpans() {
    let input = "Chỉ\u{200B} thị"
    let n = Normalizer().normalize(input)
    #expect(n.string == "Chỉ thị")
    let chi = 0..<"Chỉ".utf8.count
    #expect(n.originalRange(chi) == chi)
    let thi = (n.bytes.count - "thị".utf8.count)..<n.bytes.count
    #expect(String(decoding: Array(input.utf8)[n.originalRange(thi)], as: UTF8.self) == "thị")
}
