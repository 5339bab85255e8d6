import Foundation

/// What a streaming XML scan reports.
protocol XMLSink {
    /// An element starts (`name` without its namespace prefix; attributes with their qualified names).
    mutating func start(_ name: String, _ attributes: [(name: String, value: String)], line: Int) throws
    mutating func end(_ name: String, line: Int) throws
    /// Character data (entities resolved), possibly in several pieces.
    mutating func text(_ bytes: ArraySlice<UInt8>, line: Int) throws
}

struct XMLFailure: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "XML line \(line): \(message)" }
}

/// A small streaming XML scanner for the parts of a workbook: bytes go in as they are
/// decompressed, elements and text come out, and only an unfinished tag is held (at most
/// `maxToken` bytes). It reads elements, attributes, character and entity references, CDATA,
/// comments and processing instructions; a document type declaration is refused (so no entity
/// expansion), and malformed markup is an `XMLFailure` with its line.
struct XMLScanner {
    static let maxToken = 1 << 20

    private var buffer: [UInt8] = []
    private var position = 0
    private(set) var line = 1
    private var scratch: [UInt8] = []

    mutating func feed<S: XMLSink>(_ data: Data, into sink: inout S) throws {
        if position > 0 {
            buffer.removeSubrange(0 ..< position)
            position = 0
        }
        buffer.append(contentsOf: data)
        try scan(into: &sink, final: false)
        if buffer.count - position > XMLScanner.maxToken { throw XMLFailure(line: line, message: "a tag or reference longer than \(XMLScanner.maxToken) bytes") }
    }

    mutating func finish<S: XMLSink>(into sink: inout S) throws {
        try scan(into: &sink, final: true)
        if position < buffer.count { throw XMLFailure(line: line, message: "the document ends inside a tag") }
    }

    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard let first = pattern.first, buffer.count >= pattern.count else { return nil }
        var i = from
        let last = buffer.count - pattern.count
        while i <= last {
            if buffer[i] == first {
                var k = 1
                while k < pattern.count && buffer[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func hasPrefix(_ p: [UInt8], at i: Int) -> Bool {
        guard buffer.count - i >= p.count else { return false }
        for k in 0 ..< p.count where buffer[i + k] != p[k] { return false }
        return true
    }

    private mutating func consume(to end: Int) {
        var i = position
        while i < end { if buffer[i] == 0x0A { line += 1 }; i += 1 }
        position = end
    }

    private static let commentOpen: [UInt8] = Array("<!--".utf8), commentClose: [UInt8] = Array("-->".utf8)
    private static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8), cdataClose: [UInt8] = Array("]]>".utf8)
    private static let piClose: [UInt8] = Array("?>".utf8)

    private mutating func scan<S: XMLSink>(into sink: inout S, final: Bool) throws {
        while position < buffer.count {
            if buffer[position] != 0x3C {   // text up to the next '<'
                let stop = buffer[position...].firstIndex(of: 0x3C) ?? buffer.count
                var end = stop
                if stop == buffer.count && !final {
                    // Keep a reference that may go on in the next piece.
                    if let amp = buffer[position ..< stop].lastIndex(of: 0x26), !buffer[amp ..< stop].contains(0x3B) {
                        guard stop - amp <= 16 else { throw XMLFailure(line: line, message: "'&' starts no reference") }
                        end = amp
                    }
                }
                if end > position {
                    try emitText(position ..< end, into: &sink)
                    consume(to: end)
                }
                if end < stop || stop == buffer.count { return }
                continue
            }
            guard buffer.count - position >= 2 else {
                if final { throw XMLFailure(line: line, message: "the document ends inside a tag") }
                return
            }
            let second = buffer[position + 1]
            if second == 0x21 {   // <!
                if hasPrefix(XMLScanner.commentOpen, at: position) {
                    guard let e = find(XMLScanner.commentClose, from: position + 4) else { if final { throw XMLFailure(line: line, message: "a comment is never closed") }; return }
                    consume(to: e + 3)
                } else if hasPrefix(XMLScanner.cdataOpen, at: position) {
                    guard let e = find(XMLScanner.cdataClose, from: position + 9) else { if final { throw XMLFailure(line: line, message: "a CDATA section is never closed") }; return }
                    try sink.text(buffer[position + 9 ..< e], line: line)
                    consume(to: e + 3)
                } else if buffer.count - position < 9 && !final {
                    return
                } else {
                    throw XMLFailure(line: line, message: "a document type declaration or other '<!' markup, which a workbook does not have")
                }
                continue
            }
            if second == 0x3F {   // <? … ?>
                guard let e = find(XMLScanner.piClose, from: position + 2) else { if final { throw XMLFailure(line: line, message: "a processing instruction is never closed") }; return }
                consume(to: e + 2)
                continue
            }
            // A start or end tag: up to the '>' outside quoted attribute values.
            var i = position + 1
            var q: UInt8 = 0
            var close: Int? = nil
            while i < buffer.count {
                let b = buffer[i]
                if q != 0 { if b == q { q = 0 } } else if b == 0x22 || b == 0x27 { q = b } else if b == 0x3E { close = i; break } else if b == 0x3C {
                    throw XMLFailure(line: line, message: "'<' inside a tag")
                }
                i += 1
            }
            guard let close else {
                if final { throw XMLFailure(line: line, message: "the document ends inside a tag") }
                return
            }
            let tagLine = line
            if second == 0x2F {
                let name = try XMLScanner.name(buffer[position + 2 ..< close], line: tagLine)
                consume(to: close + 1)
                try sink.end(name, line: tagLine)
            } else {
                let selfClosing = buffer[close - 1] == 0x2F && close - 1 > position
                let (name, attributes) = try parseTag(position + 1 ..< (selfClosing ? close - 1 : close), line: tagLine)
                consume(to: close + 1)
                try sink.start(name, attributes, line: tagLine)
                if selfClosing { try sink.end(name, line: tagLine) }
            }
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// A name without its namespace prefix.
    private static func name(_ s: ArraySlice<UInt8>, line: Int) throws -> String {
        var a = s.startIndex, b = s.endIndex
        while a < b && isSpace(s[a]) { a += 1 }
        while b > a && isSpace(s[b - 1]) { b -= 1 }
        guard a < b else { throw XMLFailure(line: line, message: "a tag without a name") }
        let local = s[a ..< b].lastIndex(of: 0x3A).map { $0 + 1 } ?? a
        return String(decoding: s[local ..< b], as: UTF8.self)
    }

    private mutating func parseTag(_ r: Range<Int>, line: Int) throws -> (String, [(name: String, value: String)]) {
        var i = r.lowerBound
        while i < r.upperBound && !XMLScanner.isSpace(buffer[i]) { i += 1 }
        let name = try XMLScanner.name(buffer[r.lowerBound ..< i], line: line)
        var attributes: [(name: String, value: String)] = []
        while true {
            while i < r.upperBound && XMLScanner.isSpace(buffer[i]) { i += 1 }
            if i >= r.upperBound { break }
            let n0 = i
            while i < r.upperBound && buffer[i] != 0x3D && !XMLScanner.isSpace(buffer[i]) { i += 1 }
            let attrName = String(decoding: buffer[n0 ..< i], as: UTF8.self)
            while i < r.upperBound && XMLScanner.isSpace(buffer[i]) { i += 1 }
            guard i < r.upperBound, buffer[i] == 0x3D else { throw XMLFailure(line: line, message: "attribute '\(attrName)' of <\(name)> has no value") }
            i += 1
            while i < r.upperBound && XMLScanner.isSpace(buffer[i]) { i += 1 }
            guard i < r.upperBound, buffer[i] == 0x22 || buffer[i] == 0x27 else { throw XMLFailure(line: line, message: "attribute '\(attrName)' of <\(name)> is not quoted") }
            let q = buffer[i]
            i += 1
            let v0 = i
            while i < r.upperBound && buffer[i] != q { i += 1 }
            guard i < r.upperBound else { throw XMLFailure(line: line, message: "attribute '\(attrName)' of <\(name)> is not closed") }
            scratch.removeAll(keepingCapacity: true)
            try XMLScanner.decode(buffer[v0 ..< i], into: &scratch, line: line)
            attributes.append((attrName, String(decoding: scratch, as: UTF8.self)))
            i += 1
        }
        return (name, attributes)
    }

    private mutating func emitText<S: XMLSink>(_ r: Range<Int>, into sink: inout S) throws {
        guard buffer[r].contains(0x26) else { return try sink.text(buffer[r], line: line) }
        scratch.removeAll(keepingCapacity: true)
        try XMLScanner.decode(buffer[r], into: &scratch, line: line)
        try sink.text(scratch[...], line: line)
    }

    /// Character data with its references resolved.
    static func decode(_ s: ArraySlice<UInt8>, into out: inout [UInt8], line: Int) throws {
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            guard b == 0x26 else { out.append(b); i += 1; continue }
            guard let semi = s[i ..< min(s.endIndex, i + 16)].firstIndex(of: 0x3B) else { throw XMLFailure(line: line, message: "'&' starts no reference") }
            let ref = s[(i + 1) ..< semi]
            switch String(decoding: ref, as: UTF8.self) {
            case "lt": out.append(0x3C)
            case "gt": out.append(0x3E)
            case "amp": out.append(0x26)
            case "quot": out.append(0x22)
            case "apos": out.append(0x27)
            case let r where r.hasPrefix("#"):
                let hex = r.hasPrefix("#x")
                let digits = r.dropFirst(hex ? 2 : 1)
                guard !digits.isEmpty, digits.count <= 8, let v = UInt32(digits, radix: hex ? 16 : 10), v != 0, let scalar = Unicode.Scalar(v) else {
                    throw XMLFailure(line: line, message: "'&\(r);' is not a character")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            case let r:
                throw XMLFailure(line: line, message: "unknown entity '&\(r);'")
            }
            i = semi + 1
        }
    }
}
