import Foundation
import Testing
@testable import VNText
import _VNTestSupport

let decoder = TextDecoder(dataDirectory: gazetteerDirectory)
let viet = "Tỉnh ủy Lạng Sơn: 09/15 đảng bộ cấp trên cơ sở tổ chức thành công đại hội."

@Test func plainUTF8() throws {
    let d = try decoder.decode(Array(viet.utf8))
    #expect(d.encoding == .utf8)
    #expect(d.bytes == Array(viet.utf8))
}

@Test func utf8WithBOMKeepsItsBytesSoSpansSliceTheFile() throws {
    let data: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(viet.utf8)
    let d = try decoder.decode(data)
    #expect(d.encoding == .utf8BOM)
    #expect(d.bytes == data)
    #expect(Normalizer().normalize(d.bytes).string == viet)
}

@Test(arguments: [true, false])
func utf16WithBOM(littleEndian: Bool) throws {
    var data: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
    for u in viet.utf16 { data += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)] }
    let d = try decoder.decode(data)
    #expect(d.encoding == (littleEndian ? .utf16LE : .utf16BE))
    #expect(String(decoding: d.bytes, as: UTF8.self) == viet)
}

@Test func windows1258ThroughICU() throws {
    // "Việt Nam đại hội": ê = 0xEA, combining dot below = 0xF2, đ = 0xF0, combining grave = 0xCC.
    let data: [UInt8] = Array("Vi".utf8) + [0xEA, 0xF2] + Array("t Nam ".utf8) + [0xF0] + Array("a".utf8) + [0xF2] + Array("i h".utf8) + [0xF4] + [0xF2] + Array("i".utf8)
    let d = try decoder.decode(data)
    #expect(d.encoding == .windows1258)
    #expect(Normalizer().normalize(d.bytes).string == "Việt Nam đại hội")
}

@Test func emptyFileIsAnError() {
    #expect(throws: DecodingError.self) { try decoder.decode([]) }
}

@Test func binaryFileIsRejectedWithTheOffset() {
    let data: [UInt8] = Array("PK".utf8) + [0x03, 0x04, 0x00, 0x00, 0xFF]
    do {
        _ = try decoder.decode(data)
        Issue.record("binary data was accepted")
    } catch {
        #expect(error.code == .binary)
        #expect(error.offset == 4)
    }
}

@Test func mixedUTF8AndLegacyBytesIsRejectedWithTheOffset() {
    let good = Array("Đảng bộ phường Khuê Trung đã tiến hành đại hội. ".utf8)
    let data = good + Array("Ban Th".utf8) + [0xAD, 0xEA, 0x6E, 0x67, 0x20, 0x76, 0xF6, 0x20, 0x54, 0xD8, 0x6E, 0x68]  // a TCVN3 line after real UTF-8
    do {
        _ = try decoder.decode(data)
        Issue.record("mixed data was accepted")
    } catch {
        #expect(error.code == .mixed)
        #expect(error.offset == good.count + 6)
        #expect(error.message.contains("byte \(good.count + 6)"))
    }
}

@Test func lenientReplacesAndWarns() throws {
    let good = Array("Đảng bộ phường Khuê Trung đã tiến hành đại hội. ".utf8)
    let d = try decoder.decode(good + [0xB8] + Array(" xong".utf8), lenient: true)
    #expect(d.warnings.count == 1)
    #expect(d.warnings[0].offset == good.count)
    #expect(String(decoding: d.bytes, as: UTF8.self).hasSuffix("\u{FFFD} xong"))
}

@Test func forcedEncodingIsObeyed() throws {
    let d = try decoder.decode(Array(viet.utf8), forcing: .utf8)
    #expect(d.encoding == .utf8)
    #expect(throws: DecodingError.self) { try decoder.decode([0x41, 0xFF, 0x42], forcing: .utf8) }
}

/// Round trips: the same Vietnamese sample in every encoding the decoder knows decodes to the same
/// text, detected without being told; files it must reject say why and where (Tests/Fixtures/encodings,
/// written by Scripts/make-encoding-fixtures.py).
@Test func encodingFixturesRoundTrip() throws {
    let dir = repositoryRoot.appendingPathComponent("Tests/Fixtures/encodings")
    let expected = try String(contentsOf: dir.appendingPathComponent("expected.tsv"), encoding: .utf8)
    let d = TextDecoder(dataDirectory: gazetteerDirectory)
    var checked = 0
    for line in expected.split(separator: "\n").dropFirst() {
        let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let (file, encoding, expect, detail) = (c[0], c[1], c[2], c[3])
        let data = try Array(Data(contentsOf: dir.appendingPathComponent(file)))
        if expect == "ok" {
            let decoded = try d.decode(data)
            #expect(decoded.encoding.rawValue == encoding, "\(file)")
            let want = try String(contentsOf: dir.appendingPathComponent(detail), encoding: .utf8)
            // A BOM stays in the decoded bytes (spans count it); the text after it is what matters.
            var got = String(decoding: decoded.bytes, as: UTF8.self)
            if got.hasPrefix("\u{FEFF}") { got.removeFirst() }
            #expect(got.precomposedStringWithCanonicalMapping == want.precomposedStringWithCanonicalMapping, "\(file) decodes differently")
            // Forcing the right encoding gives the same text.
            if let enc = TextEncoding(rawValue: encoding) {
                #expect(try d.decode(data, forcing: enc).bytes == decoded.bytes)
            }
        } else {
            let parts = detail.split(separator: "@")
            do {
                _ = try d.decode(data)
                Issue.record("\(file) was accepted")
            } catch {
                #expect(error.code.rawValue == String(parts[0]), "\(file): \(error.message)")
                if parts.count == 2 { #expect(error.offset == Int(parts[1]), "\(file): \(error.message)") }
            }
        }
        checked += 1
    }
    #expect(checked == 11)
}

/// Windows-1258 of a line of our own (tone marks as combining bytes, as the code page has them).
func cp1258(_ s: String) -> [UInt8] {
    let tones: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
    let toneByte: [UInt32: UInt8] = [0x300: 0xCC, 0x301: 0xEC, 0x303: 0xDE, 0x309: 0xD2, 0x323: 0xF2]
    var out: [UInt8] = []
    for ch in s {
        let scalars = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars
        let base = String(String.UnicodeScalarView(scalars.filter { !tones.contains($0.value) })).precomposedStringWithCanonicalMapping
        let data = base.data(using: .windowsCP1252) ?? Data()
        // The letters cp1258 adds to cp1252's table (ă â đ ê ô ơ ư and their capitals).
        let extra: [Character: UInt8] = ["ă": 0xE3, "Ă": 0xC3, "đ": 0xF0, "Đ": 0xD0, "ơ": 0xF5, "Ơ": 0xD5, "ư": 0xFD, "Ư": 0xDD]
        if let b = extra[Character(base)] { out.append(b) } else { out += data }
        for t in scalars where tones.contains(t.value) { out.append(toneByte[t.value] ?? 0x3F) }
    }
    return out
}

/// A file saved in parts: Windows-1258 lines around a UTF-8 line (issue 12: was stored as
/// mojibake). Rejected with the byte where it switches; with --lenient each part decoded right.
@Test func mixedEncodingsByLineAreRejectedOrDecodedPartByPart() throws {
    let legacy = cp1258("Tỉnh ủy Hà Giang chỉ đạo các huyện tổ chức đại hội.") + [0x0A]
    let utf8 = Array("Đảng bộ huyện Mèo Vạc có 212/230 chi bộ hoàn thành đại hội.\n".utf8)
    let data = legacy + utf8 + legacy
    do {
        _ = try decoder.decode(data)
        Issue.record("a mixed file was accepted")
    } catch {
        #expect(error.code == .mixed)
        #expect(error.offset == legacy.count, "the switch is where the UTF-8 line starts")
        #expect(error.message.contains("line 2"))
    }
    let d = try decoder.decode(data, lenient: true)
    #expect(d.encoding == .windows1258)
    #expect(Normalizer().normalize(d.bytes).string == "Tỉnh ủy Hà Giang chỉ đạo các huyện tổ chức đại hội.\nĐảng bộ huyện Mèo Vạc có 212/230 chi bộ hoàn thành đại hội.\nTỉnh ủy Hà Giang chỉ đạo các huyện tổ chức đại hội.")
    #expect(d.warnings.map(\.code) == ["mixed-encodings"])
    // UTF-8 first, then a legacy line: the switch is the first byte that is not UTF-8.
    do {
        _ = try decoder.decode(utf8 + legacy)
        Issue.record("a mixed file was accepted")
    } catch {
        #expect(error.code == .mixed)
        #expect(error.offset == utf8.count + 2, "'Ti', then the hook tone byte")
    }
    // A whole file in Windows-1258 is not mixed.
    #expect(try decoder.decode(legacy + legacy).encoding == .windows1258)
    // UTF-8 with a few bad bytes on several lines is damaged UTF-8, not a legacy part: --lenient
    // replaces the bytes and decodes nothing as Windows-1258.
    let damaged = Array("Chi bộ thôn Đông có ".utf8) + [0xFF, 0x80, 0xFE] + Array("15 đảng viên.\n".utf8)
    let repaired = try decoder.decode(utf8 + damaged + damaged + utf8 + damaged, lenient: true)
    #expect(repaired.encoding == .utf8)
    #expect(String(decoding: repaired.bytes, as: UTF8.self).contains("Chi bộ thôn Đông có \u{FFFD}"))
}
