import Foundation
import Testing
import VNExtract
import VNGazetteer
import VNInput
@testable import VNPipeline
import _VNTestSupport

/// JSON of a value with every field (internal ones too), keys sorted: two values that encode
/// to the same JSON are the same facts.
private func json<T: Encodable>(_ v: T) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return String(decoding: try e.encode(v), as: UTF8.self)
}

/// A worker's reply goes through the binary form and comes back the same, field for field, for
/// every article of the Corpus (documents, dates, terms, units, counts, warnings, spans, rules).
@Test func workerRepliesComeBackTheSame() throws {
    let vocab = try CompiledVocabulary(gazetteer: Gazetteer(directory: gazetteerDirectory))
    let x = try Extractor(vocabulary: vocab)
    var articles = 0, facts = 0
    for a in corpusArticles() {
        let f = x.extract(utf8: a.bytes, id: a.name)
        let input = ArticleInput(id: a.name, path: a.url.path, format: .txt, text: a.bytes, encoding: "utf-8",
                                 hint: ArticleHint(title: "Tiêu đề", published: Day(2020, 3, 2), source: "example.vn", url: nil, byline: "Tác giả"),
                                 url: "https://example.vn/a", hash: "h\(articles)", warnings: ["một cảnh báo"])
        let frame = try Frames.response(.article(input, f))
        var parser = FrameParser(withStatus: true)
        parser.buffer = frame
        let parts = try #require(try parser.next())
        guard case .article(let back, let g) = try Frames.decodeResponse(status: parts.status, header: parts.header, body: parts.body) else {
            Issue.record("\(a.name): not an article"); continue
        }
        #expect(try json(g) == json(f), "\(a.name)")
        #expect(try json(back) == json(input), "\(a.name)")
        #expect(g.json().serialized() == f.json().serialized())
        articles += 1
        facts += f.documents.count + f.dates.count + f.units.count + f.counts.count
    }
    #expect(articles > 20 && facts > 500)
    // A failure, and a request.
    let failure = InputFailure(path: "x/ả.txt", reason: "không đọc được", kind: .malformed, hash: nil)
    let ff = try Frames.response(.failed(failure))
    var p = FrameParser(withStatus: true)
    p.buffer = ff
    let fp = try #require(try p.next())
    guard case .failed(let f2) = try Frames.decodeResponse(status: fp.status, header: fp.header, body: fp.body) else { Issue.record("not a failure"); return }
    #expect(try json(f2) == json(failure))
    let item = RawItem(name: "n", path: "p", kind: .text, id: "i", bytes: Array("Tỉnh ủy".utf8), hash: "abc", hint: ArticleHint(title: nil, published: nil, source: "s", url: "u", byline: nil))
    var q = FrameParser(withStatus: false)
    q.buffer = try Frames.request(item)
    let qp = try #require(try q.next())
    let item2 = try Frames.decodeRequest(header: qp.header, body: qp.body)
    #expect(item2.bytes == item.bytes && item2.hash == "abc" && item2.hint.source == "s" && item2.hint.url == "u" && item2.hint.title == nil)
}

private struct Sample: Codable, Equatable {
    var a: Int, b: Int64?, c: UInt8, d: Double, e: String?, f: [String], g: [[Int]], h: Bool?, r: Range<Int>, s: Range<Int>?, n: [Sample]
}

/// Integers at their limits, empty and nested sequences, optionals both ways.
@Test func binaryFormRoundTripsEdgeValues() throws {
    let inner = Sample(a: 0, b: nil, c: 0, d: -0.0, e: "", f: [], g: [[]], h: false, r: 0..<0, s: nil, n: [])
    let v = Sample(a: Int.min, b: Int64.max, c: 255, d: .infinity, e: "Đảng bộ \u{0}\u{2028}", f: ["", "x"], g: [[1, -1], [], [Int.max]],
                   h: nil, r: -5..<7, s: 3..<3, n: [inner, inner])
    #expect(try BinaryCoding.decode(Sample.self, from: BinaryCoding.encode(v)) == v)
    let nan = try BinaryCoding.decode(Double.self, from: BinaryCoding.encode(Double.nan))
    #expect(nan.isNaN)
}

/// Bad bytes never trap the reader: every cut of a valid value and random bytes are refused
/// with an error (or, by chance, read as some value), never a crash or a huge allocation.
@Test func badBytesAreRefusedNotTrapped() throws {
    let v = Sample(a: 42, b: 7, c: 1, d: 2.5, e: "Khuê Trung", f: ["a", "bb"], g: [[1, 2]], h: true, r: 1..<9, s: 2..<4, n: [])
    let bytes = try BinaryCoding.encode(v)
    for cut in 0..<bytes.count {
        #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode(Sample.self, from: Array(bytes.prefix(cut))) }
    }
    #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode(Sample.self, from: bytes + [0]) }
    var rng = SeededRandom(seed: 15)
    for _ in 0..<2_000 {
        var b = bytes
        for _ in 0..<3 { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
        _ = try? BinaryCoding.decode(Sample.self, from: b)
        let junk = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        _ = try? BinaryCoding.decode(ArticleFacts.self, from: junk)
    }
    // Huge counts and lengths are refused before anything is allocated.
    #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode([String].self, from: [0xFF, 0xFF, 0xFF, 0x7F]) }
    #expect(throws: BinaryCodingError.self) { try BinaryCoding.decode(String.self, from: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }
    // What the form cannot say is refused when written, not misread later.
    #expect(throws: BinaryCodingError.self) { try BinaryCoding.encode([Int?.none]) }
}
