import Foundation
import Testing
@testable import VNText

/// The JSON writer's strings read back as written: the fast path (no escape needed) and the
/// escaping one give valid JSON for every mix of plain text, quotes, backslashes, control
/// characters and the two line separators JavaScript does not allow in strings.
@Test func writtenStringsReadBackUnchanged() throws {
    let pieces = ["Tỉnh ủy Lạng Sơn", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "–", "“x”", "121/235", "", "\u{301}", "😀"]
    var rng = SystemRandomNumberGenerator()
    var cases = pieces
    for _ in 0..<300 { cases.append((0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()) }
    for str in cases {
        var out = ""
        JSONValue.array([.string(str)]).write(to: &out)
        let back = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String])
        #expect(back == [str], "\(out)")
        #expect(!out.contains("\u{2028}") && !out.contains("\u{2029}"))
    }
    #expect(JSONValue.needsNoEscape("Đảng bộ phường Khuê Trung – 2020"))
    #expect(!JSONValue.needsNoEscape("a\u{2028}b") && !JSONValue.needsNoEscape("say \"x\""))
}
