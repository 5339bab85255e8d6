import Testing
import VNText

/// Tokenizes and returns (kind, text) pairs.
func tokenTexts(_ s: String) throws -> [(TokenKind, String)] {
    let doc = try Tokenizer().tokenize(Normalizer().normalize(s))
    return doc.tokens.map { ($0.kind, doc.string($0)) }
}

func sentenceTexts(_ s: String) throws -> [String] {
    let doc = try Tokenizer().tokenize(Normalizer().normalize(s))
    return doc.sentences.map { doc.text.text($0.range) }
}

struct NumberCase: Sendable, CustomTestStringConvertible {
    let input: String
    let number: String
    var testDescription: String { number }
}

@Test(arguments: [
    NumberCase(input: "còn lại 06/15 đảng bộ", number: "06"),
    NumberCase(input: "trong thời gian 2,5 ngày", number: "2,5"),
    NumberCase(input: "Trong tuần: 1.534 lượt", number: "1.534"),
    NumberCase(input: "Điện thoại: 0294.3832012. Email", number: "0294.3832012"),
    NumberCase(input: "đã có 09/15 đảng bộ", number: "09"),
    NumberCase(input: "1.234 chi bộ trên tổng số 2.345 chi bộ, đạt 52,6%", number: "52,6"),
])
func numbersStayWhole(_ c: NumberCase) throws {
    let toks = try tokenTexts(c.input)
    #expect(toks.contains { $0.0 == .number && $0.1 == c.number }, "\(toks.map(\.1))")
}

@Test func syllablesAndKinds() throws {
    let toks = try tokenTexts("Tỉnh ủy Lạng Sơn: 09/15 (60%).")
    #expect(toks.map(\.1) == ["Tỉnh", "ủy", "Lạng", "Sơn", ":", "09", "/", "15", "(", "60", "%", ")", "."])
    #expect(toks.map(\.0) == [.word, .word, .word, .word, .punctuation, .number, .punctuation, .number,
                              .punctuation, .number, .punctuation, .punctuation, .punctuation])
}

@Test func documentNumberPieces() throws {
    let toks = try tokenTexts("Chỉ thị số 35-CT/TW")
    #expect(toks.map(\.1) == ["Chỉ", "thị", "số", "35", "-", "CT", "/", "TW"])
}

@Test func dottedAbbreviationsAreOneToken() throws {
    let toks = try tokenTexts("Bí thư T.Ư Đảng; P.Hoa, Q.Hưng; TP.HCM")
    #expect(toks.contains { $0.1 == "T.Ư" })
    #expect(toks.contains { $0.1 == "P.Hoa" })
    #expect(toks.contains { $0.1 == "Q.Hưng" })
    #expect(toks.contains { $0.1 == "TP.HCM" })
}

@Test func symbolsAreNotPunctuation() throws {
    let toks = try tokenTexts("a + b = c")
    #expect(toks.filter { $0.0 == .symbol }.map(\.1) == ["+", "="])
}

struct SentenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    let sentences: [String]
    var testDescription: String { name }
}

@Test(arguments: [
    SentenceCase(name: "T.Ư inside a sentence (seed 001)",
                 input: "Đồng chí Nguyễn Văn Nên, Bí thư T.Ư Đảng, Chánh Văn phòng chủ trì Hội nghị. Trong bối cảnh đó.",
                 sentences: ["Đồng chí Nguyễn Văn Nên, Bí thư T.Ư Đảng, Chánh Văn phòng chủ trì Hội nghị.", "Trong bối cảnh đó."]),
    SentenceCase(name: "TP. before a name", input: "Thành ủy TP. Hồ Chí Minh họp. Sau đó.",
                 sentences: ["Thành ủy TP. Hồ Chí Minh họp.", "Sau đó."]),
    SentenceCase(name: "Tp. before a name", input: "Đảng bộ Tp. Vinh đã họp. Kết thúc.",
                 sentences: ["Đảng bộ Tp. Vinh đã họp.", "Kết thúc."]),
    SentenceCase(name: "TS. and ThS. titles", input: "Phát biểu của TS. Nguyễn An và ThS. Lê Bình. Hết.",
                 sentences: ["Phát biểu của TS. Nguyễn An và ThS. Lê Bình.", "Hết."]),
    SentenceCase(name: "an initial", input: "Ông Nguyễn V. An cho biết. Tiếp theo.",
                 sentences: ["Ông Nguyễn V. An cho biết.", "Tiếp theo."]),
    SentenceCase(name: "byline of initials stays one line (seed 001)", input: "trước Đại hội.\nP.Hoa, Q.Hưng\n\nÝ kiến bạn đọc",
                 sentences: ["trước Đại hội.", "P.Hoa, Q.Hưng", "Ý kiến bạn đọc"]),
    SentenceCase(name: "paragraph break ends a sentence without a period", input: "Tỉnh ủy Lạng Sơn tích cực chỉ đạo\n\nSubmitted by Banbientap",
                 sentences: ["Tỉnh ủy Lạng Sơn tích cực chỉ đạo", "Submitted by Banbientap"]),
    SentenceCase(name: "ordinary period ends a sentence", input: "Đã hoàn thành. Còn lại 06/15.",
                 sentences: ["Đã hoàn thành.", "Còn lại 06/15."]),
])
func sentenceSegmentation(_ c: SentenceCase) throws {
    #expect(try sentenceTexts(c.input) == c.sentences)
}

@Test func paragraphsAreNumbered() throws {
    let doc = try Tokenizer().tokenize(Normalizer().normalize("Một. Hai.\n\nBa."))
    #expect(doc.sentences.map(\.paragraph) == [0, 0, 1])
}

@Test func tokenSpansSliceTheOriginalBytes() throws {
    // ruler:          0         1         2
    //                 0123456789012345678901234567
    let input = "Tỉnh uỷ\u{00A0}Lạng Sơn"
    let original = Array(input.utf8)
    let doc = try Tokenizer().tokenize(Normalizer().normalize(original))
    let slices = doc.tokens.map { String(decoding: original[$0.source], as: UTF8.self) }
    #expect(slices == ["Tỉnh", "uỷ", "Lạng", "Sơn"])
    #expect(doc.tokens.map { doc.string($0) } == ["Tỉnh", "ủy", "Lạng", "Sơn"])
}

/// An NFC segment that word break splits (a changed mark, then a Hangul vowel jamo, which has no
/// NFC boundary before it) is one replacement: its pieces become one token, so token sources stay
/// in order and never overlap (found by fuzzing).
@Test(arguments: [".\u{0340}\u{1161} chi bộ", "x.\u{0340}\u{1161}\u{1161}", "a \u{0301}\u{1161}.", "1\u{0340}\u{1175}5"])
func tokenSourcesNeverOverlap(_ input: String) throws {
    let original = Array(input.utf8)
    let doc = try Tokenizer().tokenize(Normalizer().normalize(original))
    var last = 0
    for t in doc.tokens {
        #expect(t.source.lowerBound >= last && t.source.upperBound <= original.count && !t.source.isEmpty,
                "\(t.source) after \(last) in \(doc.tokens.map(\.source))")
        last = t.source.upperBound
    }
}

@Test func aPlaceTypeAbbreviationSplitsFromTheNameWrittenAgainstIt() throws {
    // "TP.Tam Kỳ" reads as "TP. Tam Kỳ"; an acronym ("TP.HCM") and an initial ("P.Hoa") stay whole.
    #expect(try tokenTexts("về TP.Vĩnh Long, TX.Bình Minh").map(\.1) == ["về", "TP", ".", "Vĩnh", "Long", ",", "TX", ".", "Bình", "Minh"])
    #expect(try tokenTexts("TP.HCM và P.Hoa").map(\.1) == ["TP.HCM", "và", "P.Hoa"])
    let text = Normalizer().normalize("Đảng bộ TX.Ánh Dương")
    let doc = try Tokenizer().tokenize(text)
    #expect(doc.tokens.map { text.text($0.range) } == ["Đảng", "bộ", "TX", ".", "Ánh", "Dương"])
    #expect(doc.sentences.count == 1)
}
