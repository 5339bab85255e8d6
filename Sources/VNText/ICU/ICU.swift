internal import CVNICU

/// An error reported by ICU, with the name ICU gives it.
public struct ICUError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String
    public var description: String {
        "ICU \(operation) failed: \(String(cString: vnicu_error_name(code))) (\(code))"
    }
}

/// The one place where ICU status codes are checked.
@inline(__always)
func checkICU(_ err: Int32, _ operation: String) throws(ICUError) {
    if err > 0 { throw ICUError(code: err, operation: operation) }
}

let icuBufferOverflow: Int32 = 15

/// ICU's version string, e.g. "72.1".
public var icuVersion: String {
    var buf = [CChar](repeating: 0, count: 32)
    vnicu_version(&buf, 32)
    return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Thin wrappers over the C shim: Swift arrays in, Swift arrays out.
enum ICU {
    /// NFC of a short UTF-16 sequence (one normalization segment, usually a few units).
    static func nfc(_ units: [UInt16]) throws(ICUError) -> [UInt16] {
        guard units.count < Int(Int32.max / 4) else { throw ICUError(code: 1, operation: "NFC normalization of \(units.count) UTF-16 units (too long)") }
        var cap = Int32(units.count * 3 + 8)
        while true {
            var out = [UInt16](repeating: 0, count: Int(cap))
            var err: Int32 = 0
            let n = units.withUnsafeBufferPointer { src in
                vnicu_nfc_utf16(src.baseAddress, Int32(src.count), &out, cap, &err)
            }
            if err == icuBufferOverflow { cap = n + 1; continue }
            try checkICU(err, "NFC normalization")
            out.removeSubrange(Int(n)...)
            return out
        }
    }

    /// 65,536 bits: whether NFC has a boundary before each BMP code point.
    static func nfcBoundaryBits() -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: 8192)
        var err: Int32 = 0
        vnicu_nfc_boundary_table(&bits, &err)
        if err > 0 { bits = [UInt8](repeating: 0xFF, count: 8192) }  // degrade: treat all as boundaries
        return bits
    }

    static func nfcHasBoundaryBefore(_ cp: UInt32) -> Bool {
        vnicu_nfc_has_boundary_before(Int32(bitPattern: cp)) != 0
    }

    /// Converts bytes in an ICU-known charset to UTF-8; on an undefined byte, reports its offset.
    /// Strict UTF-8 validation (C loop): first invalid offset, invalid byte count, multi-byte sequences.
    static func utf8Scan(_ bytes: [UInt8]) -> (first: Int?, invalid: Int, multi: Int) {
        var bad: Int64 = 0, multi: Int64 = 0
        let first = bytes.withUnsafeBufferPointer { vnicu_utf8_scan($0.baseAddress, Int64($0.count), &bad, &multi) }
        return (first < 0 ? nil : Int(first), Int(bad), Int(multi))
    }

    static func convertToUTF8(charset: String, bytes: [UInt8]) -> (utf8: [UInt8]?, badOffset: Int?, error: Int32) {
        guard bytes.count < Int(Int32.max / 4) else { return (nil, nil, 1) }
        var cap = Int32(bytes.count * 3 + 16)
        while true {
            var out = [UInt8](repeating: 0, count: Int(cap))
            var bad: Int32 = -1
            var err: Int32 = 0
            let n = bytes.withUnsafeBufferPointer { src in
                vnicu_convert_to_utf8(charset, src.baseAddress, Int32(src.count), &out, cap, &bad, &err)
            }
            if err == icuBufferOverflow { cap = n + 1; continue }
            if err > 0 { return (nil, bad >= 0 ? Int(bad) : nil, err) }
            out.removeSubrange(Int(n)...)
            return (out, nil, 0)
        }
    }
}

/// A word or sentence break iterator over UTF-8 text. Owns its ICU handle.
final class BreakIterator {
    enum Kind { case word, sentence }
    private let handle: OpaquePointer

    init(_ kind: Kind, locale: String = "vi") throws(ICUError) {
        var err: Int32 = 0
        let h = vnicu_breaker_open(kind == .word ? Int32(VNICU_BREAK_WORD) : Int32(VNICU_BREAK_SENTENCE), locale, &err)
        try checkICU(err, "opening a break iterator")
        guard let h else { throw ICUError(code: 1, operation: "opening a break iterator") }
        handle = h
    }

    deinit { vnicu_breaker_close(handle) }

    /// Every boundary after the start (UTF-8 byte offsets, increasing) with its rule status.
    func boundaries(in text: UnsafeBufferPointer<UInt8>) throws(ICUError) -> (bounds: [Int32], statuses: [Int32]) {
        var err: Int32 = 0
        guard text.count < Int(Int32.max) else { throw ICUError(code: 1, operation: "break iteration over \(text.count) bytes (too long)") }
        vnicu_breaker_set_utf8(handle, text.baseAddress, Int32(text.count), &err)
        try checkICU(err, "setting break iterator text")
        var bounds: [Int32] = []
        var statuses: [Int32] = []
        // At most one boundary per byte (plus the start): small texts need small buffers.
        let chunk = min(4096, text.count + 2)
        while true {
            let before = bounds.count
            bounds.append(contentsOf: repeatElement(0, count: chunk))
            statuses.append(contentsOf: repeatElement(0, count: chunk))
            let n = bounds.withUnsafeMutableBufferPointer { b in
                statuses.withUnsafeMutableBufferPointer { s -> Int in
                    guard let bb = b.baseAddress, let sb = s.baseAddress else { return 0 }
                    return Int(vnicu_breaker_next_batch(handle, bb + before, sb + before, Int32(chunk)))
                }
            }
            bounds.removeLast(chunk - n)
            statuses.removeLast(chunk - n)
            if n < chunk { break }
        }
        return (bounds, statuses)
    }
}

/// An ICU transliterator (e.g. "Any-Latin; Latin-ASCII; Lower"). Owns its handle.
final class Transliterator {
    private let handle: OpaquePointer

    init(_ id: String) throws(ICUError) {
        let units = Array(id.utf16)
        var err: Int32 = 0
        let h = units.withUnsafeBufferPointer { vnicu_translit_open($0.baseAddress, Int32($0.count), &err) }
        try checkICU(err, "opening transliterator \(id)")
        guard let h else { throw ICUError(code: 1, operation: "opening transliterator \(id)") }
        handle = h
    }

    deinit { vnicu_translit_close(handle) }

    func transliterate(_ s: String) throws(ICUError) -> String {
        var units = Array(s.utf16)
        guard units.count < Int(Int32.max / 5) else { throw ICUError(code: 1, operation: "transliteration of \(units.count) UTF-16 units (too long)") }
        let len = Int32(units.count)
        let cap = Int32(units.count * 4 + 16)
        units.append(contentsOf: repeatElement(0, count: Int(cap) - units.count))
        var err: Int32 = 0
        let n = vnicu_translit_utf16(handle, &units, len, cap, &err)
        try checkICU(err, "transliteration")
        return String(decoding: units[0..<Int(n)], as: UTF16.self)
    }
}

/// The plain C loops over the same ICU calls, for benchmarks to race against.
public enum ICUCeiling {
    /// UTF-8 → UTF-16 → NFC over `bytes`; returns the output length (to keep the work observable).
    public static func decodeNFC(_ bytes: [UInt8]) -> Int64 {
        var err: Int32 = 0
        return bytes.withUnsafeBufferPointer { vnicu_bench_decode_nfc($0.baseAddress, Int64($0.count), &err) }
    }

    /// UTF-8 → UTF-16 → ICU word break; returns the number of word-like segments.
    public static func words(_ bytes: [UInt8]) -> Int64 {
        var err: Int32 = 0
        return bytes.withUnsafeBufferPointer { vnicu_bench_words($0.baseAddress, Int64($0.count), &err) }
    }
}
