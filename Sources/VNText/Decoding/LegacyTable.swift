import Foundation

/// A byte-sequence → text table for a Vietnamese font encoding (TCVN3, VNI), read from
/// `Gazetteer/encodings/NAME.tsv` (columns `bytes`, `unicode`, `char`, `note`).
public struct LegacyTable: Sendable {
    public let name: String
    var single: [[UInt8]?] = Array(repeating: nil, count: 256)
    var double: [UInt16: [UInt8]] = [:]

    public init(name: String, tsv: String) throws {
        self.name = name
        var lineNo = 0
        for line in tsv.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if lineNo == 1 || line.isEmpty { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 2 else { throw DataDirectoryError(message: "\(name).tsv:\(lineNo): expected bytes and unicode columns") }
            let bytes = cols[0].split(separator: " ").compactMap { UInt8($0, radix: 16) }
            let scalars = cols[1].split(separator: " ").compactMap { tok -> Unicode.Scalar? in
                let hex = tok.hasPrefix("U+") ? tok.dropFirst(2) : tok[...]
                return UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init)
            }
            guard !bytes.isEmpty, bytes.count <= 2, !scalars.isEmpty else {
                throw DataDirectoryError(message: "\(name).tsv:\(lineNo): cannot read '\(line)'")
            }
            var s = String.UnicodeScalarView(); s.append(contentsOf: scalars)
            let utf8 = Array(String(s).utf8)
            if bytes.count == 1 { single[Int(bytes[0])] = utf8 } else { double[UInt16(bytes[0]) << 8 | UInt16(bytes[1])] = utf8 }
        }
    }

    public static func load(_ name: String, from dir: URL) throws -> LegacyTable {
        let url = dir.appendingPathComponent("encodings").appendingPathComponent("\(name).tsv")
        return try LegacyTable(name: name, tsv: String(contentsOf: url, encoding: .utf8))
    }

    /// Decodes bytes: the longest table entry at each position, ASCII as itself.
    /// Returns the UTF-8 text, or the offset of the first byte the table does not define.
    func decode(_ bytes: [UInt8], replaceUnknown: Bool = false) -> (utf8: [UInt8], firstUnknown: Int?, unknownCount: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        var firstUnknown: Int? = nil
        var unknown = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if i + 1 < n, let d = double[UInt16(b) << 8 | UInt16(bytes[i + 1])] {
                out.append(contentsOf: d); i += 2; continue
            }
            if let s = single[Int(b)] { out.append(contentsOf: s); i += 1; continue }
            if b < 0x80 { out.append(b); i += 1; continue }
            if firstUnknown == nil { firstUnknown = i }
            unknown += 1
            if replaceUnknown { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
            i += 1
        }
        return (out, firstUnknown, unknown)
    }
}
