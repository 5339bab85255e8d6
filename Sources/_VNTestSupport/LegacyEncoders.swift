import Foundation
import VNText

/// Encoders into the legacy encodings, for tests that generate samples: TCVN3 and VNI from the
/// tables of `Gazetteer/encodings/` (the first row for a letter is the spelling written),
/// Windows-1258 from ICU's decoding of each byte (precomposed letters where the code page has
/// them, else the base letter and a combining tone mark, as Windows writes it).
public enum LegacyEncoders {
    static func table(_ name: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        guard let tsv = try? String(contentsOf: gazetteerDirectory.appendingPathComponent("encodings/\(name).tsv"), encoding: .utf8) else { return out }
        for line in tsv.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 2 else { continue }
            let bytes = cols[0].split(separator: " ").compactMap { UInt8($0, radix: 16) }
            var s = String.UnicodeScalarView()
            for tok in cols[1].split(separator: " ") {
                if let v = UInt32(tok.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { s.append(u) }
            }
            let key = String(s).precomposedStringWithCanonicalMapping
            if out[key] == nil { out[key] = bytes }
        }
        return out
    }
    static let tcvn3Map = table("tcvn3")
    static let vniMap = table("vni")
    static let cp1258Map: [String: UInt8] = {
        var out: [String: UInt8] = [:]
        let d = TextDecoder(tcvn3: nil, vni: nil)
        for b in 0x80...0xFF {
            guard let t = try? d.decode([UInt8(b)], as: .windows1258, lenient: false) else { continue }
            let s = String(decoding: t.bytes, as: UTF8.self)
            if s.unicodeScalars.count == 1, out[s] == nil { out[s] = UInt8(b) }
        }
        return out
    }()

    public static func encode(_ text: String, as e: TextEncoding) -> [UInt8]? {
        switch e {
        case .tcvn3: return encodeTable(text, tcvn3Map)
        case .vni: return encodeTable(text, vniMap)
        case .windows1258: return windows1258(text)
        default: return Array(text.utf8)
        }
    }

    static func encodeTable(_ text: String, _ map: [String: [UInt8]]) -> [UInt8]? {
        var out: [UInt8] = []
        for ch in text.precomposedStringWithCanonicalMapping {
            let s = String(ch)
            if let a = ch.asciiValue { out.append(a); continue }
            guard let b = map[s] else { return nil }
            out += b
        }
        return out
    }

    static let tones: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]

    static func windows1258(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        for ch in text.precomposedStringWithCanonicalMapping {
            if let a = ch.asciiValue { out.append(a); continue }
            if let b = cp1258Map[String(ch)] { out.append(b); continue }
            var base = String.UnicodeScalarView(), tone: Unicode.Scalar? = nil
            for u in String(ch).decomposedStringWithCanonicalMapping.unicodeScalars {
                if tones.contains(u.value) { tone = u } else { base.append(u) }
            }
            let b = String(base).precomposedStringWithCanonicalMapping
            if let a = b.unicodeScalars.first, b.unicodeScalars.count == 1, a.isASCII { out.append(UInt8(a.value)) }
            else if let x = cp1258Map[b] { out.append(x) } else { return nil }
            if let tone {
                guard let t = cp1258Map[String(tone)] else { return nil }
                out.append(t)
            }
        }
        return out
    }
}

/// The Windows-1258 bytes of a text (nil when it has a character the code page cannot write).
public func windows1258(_ text: String) -> [UInt8]? { LegacyEncoders.encode(text, as: .windows1258) }
