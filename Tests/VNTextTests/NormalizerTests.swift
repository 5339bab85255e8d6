import Foundation
import Testing
import VNText
import _VNTestSupport

/// One normalization rule, a real phrase (from the seeds where one exists), what it must become.
struct NormalizationCase: CustomTestStringConvertible, Sendable {
    let rule: String
    let input: String
    let expected: String
    var style: ToneStyle = .new
    var testDescription: String { rule }
}

let normalizationCases: [NormalizationCase] = [
    .init(rule: "old tone style uỷ → ủy (seed 000)", input: "Tỉnh uỷ Lạng Sơn đã tập trung", expected: "Tỉnh ủy Lạng Sơn đã tập trung"),
    .init(rule: "old tone style in a list (seed 000)", input: "các huyện uỷ, thành uỷ, đảng uỷ trực thuộc", expected: "các huyện ủy, thành ủy, đảng ủy trực thuộc"),
    .init(rule: "old tone style hoà → hòa", input: "Dệt may Hoà Thọ", expected: "Dệt may Hòa Thọ"),
    .init(rule: "old tone style thuý → thúy", input: "chị Thuý", expected: "chị Thúy"),
    .init(rule: "old tone style khoẻ → khỏe (oe)", input: "khám sức khoẻ cho nhân sự", expected: "khám sức khỏe cho nhân sự"),
    .init(rule: "tone move at end of text", input: "Huyện uỷ", expected: "Huyện ủy"),
    .init(rule: "tone move before punctuation", input: "Tỉnh uỷ.", expected: "Tỉnh ủy."),
    .init(rule: "upper-case tone move", input: "QUẬN UỶ CẨM LỆ", expected: "QUẬN ỦY CẨM LỆ"),
    .init(rule: "quý keeps its mark (qu is the onset)", input: "Quý IV năm 2018", expected: "Quý IV năm 2018"),
    .init(rule: "a closed syllable keeps its mark (hoàn)", input: "hoàn thành duyệt", expected: "hoàn thành duyệt"),
    .init(rule: "thuyền and khuya are not final uy", input: "thuyền khuya", expected: "thuyền khuya"),
    .init(rule: "new → old style on request", input: "Tỉnh ủy Khánh Hòa", expected: "Tỉnh uỷ Khánh Hoà", style: .old),
    .init(rule: "keep leaves tone placement alone", input: "Tỉnh uỷ Khánh Hòa", expected: "Tỉnh uỷ Khánh Hòa", style: .keep),
    .init(rule: "NFD letters compose (NFC)", input: "Ti\u{0309}nh u\u{0309}y La\u{0323}ng So\u{031B}n", expected: "Tỉnh ủy Lạng Sơn"),
    .init(rule: "decomposed old tone style: NFC, then the mark moves", input: "Khánh Hoa\u{0300} và Tỉnh u\u{0079}\u{0309}", expected: "Khánh Hòa và Tỉnh ủy"),
    .init(rule: "old style output from decomposed new style", input: "Kha\u{0301}nh Ho\u{0300}a, Thu\u{0309}y", expected: "Khánh Hoà, Thuỷ", style: .old),
    .init(rule: "tone move next to a deleted zero-width space", input: "ho\u{200B}à bình", expected: "hòa bình"),
    .init(rule: "Icelandic eth before a zero-width space at a paragraph start", input: "tới.\n\n\u{00D0}\u{200B}ồng chí", expected: "tới.\n\nĐồng chí"),
    .init(rule: "tone move before a zero-width space", input: "Tỉnh uỷ\u{200B} Bà Rịa", expected: "Tỉnh ủy Bà Rịa"),
    .init(rule: "tone move before a soft hyphen at a line end", input: "Minh Hoà\u{00AD}\n\nÝ kiến", expected: "Minh Hòa\n\nÝ kiến"),
    .init(rule: "Windows-1258 style: precomposed ê + combining tone", input: "Vi\u{00EA}\u{0323}t Nam", expected: "Việt Nam"),
    .init(rule: "Icelandic eth Ð → Đ in words", input: "\u{00D0}ảng bộ phường Khuê Trung", expected: "Đảng bộ phường Khuê Trung"),
    .init(rule: "lower-case eth ð → đ in words", input: "\u{00F0}ại hội", expected: "đại hội"),
    .init(rule: "NBSP → space", input: "Tỉnh\u{00A0}ủy Lạng\u{00A0}Sơn", expected: "Tỉnh ủy Lạng Sơn"),
    .init(rule: "thin, em and narrow spaces → space", input: "121/235\u{2009}chi\u{2003}bộ\u{202F}trực", expected: "121/235 chi bộ trực"),
    .init(rule: "runs of spaces and tabs → one space", input: "Mai   \t Loan", expected: "Mai Loan"),
    .init(rule: "indented byline (seed 000)", input: "trong thời gian 2 ngày.\n\n                                    Mai Loan", expected: "trong thời gian 2 ngày.\n\nMai Loan"),
    .init(rule: "blank lines → one paragraph break", input: "Gửi bình luận\n\n \n\n   \n\nreset captcha", expected: "Gửi bình luận\n\nreset captcha"),
    .init(rule: "single line break kept", input: "Lượt xem: 3451\nThực hiện", expected: "Lượt xem: 3451\nThực hiện"),
    .init(rule: "CRLF → LF", input: "dòng một\r\ndòng hai\r\n\r\ndòng ba", expected: "dòng một\ndòng hai\n\ndòng ba"),
    .init(rule: "trailing spaces before a line break dropped", input: "kịp thời.  \nTiếp", expected: "kịp thời.\nTiếp"),
    .init(rule: "en dash → hyphen (seed 003)", input: "nhiệm kỳ 2020 – 2025", expected: "nhiệm kỳ 2020 - 2025"),
    .init(rule: "em dash and minus → hyphen", input: "Đảng—Nhà nước −5", expected: "Đảng-Nhà nước -5"),
    .init(rule: "curly double quotes (seed 002)", input: "“Đây là cơ sở quan trọng”, ông Khánh nói", expected: "\"Đây là cơ sở quan trọng\", ông Khánh nói"),
    .init(rule: "guillemets and single quotes", input: "«tiêu chuẩn» ‘đúng’", expected: "\"tiêu chuẩn\" 'đúng'"),
    .init(rule: "zero-width space removed", input: "Chỉ\u{200B} thị số 35-CT/\u{200B}TW", expected: "Chỉ thị số 35-CT/TW"),
    .init(rule: "soft hyphen removed", input: "đảng bộ cấp trên cơ\u{00AD}sở", expected: "đảng bộ cấp trên cơsở"),
    .init(rule: "BOM and leading blank lines removed", input: "\u{FEFF}\n\nHôm nay", expected: "Hôm nay"),
    .init(rule: "trailing white space removed (seed 002 tail)", input: "ĐẶNG NỞ\n \n\n", expected: "ĐẶNG NỞ"),
]

@Test(arguments: normalizationCases)
func normalizationRule(_ c: NormalizationCase) {
    let n = Normalizer(options: NormalizationOptions(toneStyle: c.style)).normalize(c.input)
    #expect(n.string == c.expected)
    // Whatever changed, the whole output maps back to the whole input.
    #expect(n.originalRange(0..<n.bytes.count).upperBound <= Array(c.input.utf8).count)
}

@Test func normalizationIsIdempotentOnTheCorpus() {
    let normalizer = Normalizer()
    var rng = SeededRandom(seed: 7)
    for article in corpusArticles() {
        for round in 0..<4 {
            let messy = round == 0 ? article.string : messUp(article.string, using: &rng, edits: 40)
            let once = normalizer.normalize(messy).string
            let twice = normalizer.normalize(once).string
            if once != twice {
                let a = Array(once.unicodeScalars), b = Array(twice.unicodeScalars)
                let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                func around(_ x: [Unicode.Scalar]) -> String {
                    x[max(0, i - 30)..<min(x.count, i + 20)].map { $0.value < 0x20 || $0.value > 0x7E && $0.value < 0xC0 || $0.value >= 0x2000 && $0.value < 0x2100 ? String(format: "<%04X>", $0.value) : String($0) }.joined()
                }
                Issue.record("not idempotent on \(article.name) round \(round): once «\(around(a))» twice «\(around(b))»")
            }
        }
    }
}

@Test func oldStyleIsIdempotentToo() {
    let n = Normalizer(options: NormalizationOptions(toneStyle: .old))
    for article in corpusArticles("seeds") {
        let once = n.normalize(article.string).string
        #expect(n.normalize(once).string == once)
    }
}

@Test func messyCopiesNormalizeLikeTheCleanText() {
    // A page with decomposed letters, odd spaces and zero-width characters must give the same
    // normalized words as the clean page (only white space may differ).
    let normalizer = Normalizer()
    var rng = SeededRandom(seed: 11)
    for article in corpusArticles("seeds") {
        let clean = normalizer.normalize(article.string).string
        var s = ""
        for u in article.string.unicodeScalars {
            s += Int.random(in: 0..<10, using: &rng) == 0 ? String(u).decomposedStringWithCanonicalMapping : String(u)
            if Int.random(in: 0..<50, using: &rng) == 0 { s += "\u{200B}" }
        }
        let messy = normalizer.normalize(s).string
        #expect(messy == clean, "\(article.name)")
    }
}

/// Found by fuzzing (issue 12): controls inside a run of white space split it in two, so a
/// second normalization changed the first one's output ("\n" then " ").
@Test func controlsInsideWhiteSpaceDoNotSplitTheRun() {
    let n = Normalizer()
    for s in ["Tin\r\u{0}\u{0}\u{2000}mới", "Tin \u{1}\n\u{7F} mới", "Tin\u{0}\u{3000}\u{0}mới"] {
        let once = n.normalize(Array(s.utf8))
        #expect(n.normalize(once.bytes).bytes == once.bytes, "not idempotent on \(s.unicodeScalars.map { String($0.value, radix: 16) })")
    }
    #expect(n.normalize(Array("Tin\r\u{0}\u{0}\u{2000}mới".utf8)).string == "Tin\nmới")
}

/// Found by fuzzing (issue 12): a combining mark after removed ignorables stayed apart from its
/// base ("U", a control, a hook above), and only a second normalization composed them.
@Test func marksAfterRemovedIgnorablesComposeWithTheirBase() {
    let n = Normalizer()
    let cases: [(String, String)] = [
        ("U\u{3}\u{309}y ban", "Ủy ban"), ("U\u{200B}\u{309}y ban", "Ủy ban"),
        ("a\u{3}\u{3}\u{301} b", "á b"), ("Tho\u{FEFF}\u{300}a thuận", "Thòa thuận"), ("Uy\u{0}\u{309} ban", "Ủy ban"),
    ]
    for (input, want) in cases {
        let once = n.normalize(Array(input.utf8))
        #expect(once.string == want, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(n.normalize(once.bytes).bytes == once.bytes)
        // The map still takes the whole output back to the whole input.
        #expect(once.originalRange(0..<once.bytes.count) == 0..<input.utf8.count)
    }
}

/// Found by fuzzing (issue 12): Ð after removed ignorables was not seen as inside a word.
@Test func ethAfterRemovedIgnorablesIsInsideTheWord() {
    let n = Normalizer()
    for input in ["Qu\u{0}\u{0}\u{D0}ng", "Qu\u{200B}\u{D0}ng", "\u{D0}\u{200B}ảng"] {
        let once = n.normalize(Array(input.utf8))
        #expect(n.normalize(once.bytes).bytes == once.bytes, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(once.string.contains("Đ"))
    }
}
