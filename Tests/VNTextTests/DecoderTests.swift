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
