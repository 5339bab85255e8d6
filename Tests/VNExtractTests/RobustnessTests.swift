import Foundation
import Testing
import VNExtract
import VNText
import _VNTestSupport

/// Random and adversarial text: no crash, no hang (each input is large; a quadratic extractor
/// would blow the time limit), and every span still slices the input to its text.
@Test(.timeLimit(.minutes(2)))
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
