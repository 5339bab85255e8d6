import Foundation
import VNGazetteer
import VNText

/// Why a tracker cannot be used at all (the commands exit 2 with it). Rows that cannot be used are
/// not failures: they are `Tracker.errors`, and the rest of the file is used.
public struct TrackerFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case unreadable, notUTF8, empty, missingColumns, noRows, noUsableRow, workbook, tooLarge
    }
    public var kind: Kind
    /// The line (CSV) or sheet row (workbook) it is about, when there is one.
    public var line: Int?
    public var message: String
    /// For `noUsableRow`: why each row could not be used.
    public var rowErrors: [TrackerError]

    public init(_ kind: Kind, line: Int? = nil, message: String, rowErrors: [TrackerError] = []) {
        self.kind = kind; self.line = line; self.message = message; self.rowErrors = rowErrors
    }
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Reads a tracker, streaming: a CSV file line by line, or the first sheet of an .xlsx workbook
/// row by row; only what reconciliation needs is kept (see `Tracker`). Over bytes (`read(data:)`)
/// or a file (`read(path:)`); never traps on any input: what cannot be read is a `TrackerFailure`
/// or a `TrackerError` with its line.
public enum TrackerReader {
    public enum Format: Sendable { case csv, xlsx, auto }

    /// Bytes read at a time from a file.
    static let chunkSize = 1 << 20

    /// A tracker from bytes: CSV text, or an .xlsx workbook (`auto` tells them apart by the ZIP
    /// signature). `chunkSize` feeds CSV bytes to the parser in pieces of that size, as a file is read.
    public static func read(data: Data, format: Format = .auto, chunkSize: Int = 1 << 20,
                            knownCode: @escaping (String) -> Bool = { _ in true },
                            linkName: @escaping (String, Day) -> String? = { _, _ in nil }) throws -> Tracker {
        var builder = TrackerBuilder(knownCode: knownCode, linkName: linkName)
        if format == .xlsx || (format == .auto && isZIP(data.prefix(4))) {
            try XLSXReader.read(data: data, into: &builder)
        } else {
            let step = max(1, chunkSize)
            var offset = data.startIndex
            try readCSV(into: &builder) {
                guard offset < data.endIndex else { return nil }
                let end = data.index(offset, offsetBy: step, limitedBy: data.endIndex) ?? data.endIndex
                defer { offset = end }
                return data[offset ..< end]
            }
        }
        return try builder.finish()
    }

    /// A tracker from a file: an .xlsx workbook (by its name or its ZIP signature), else CSV.
    public static func read(path: String, knownCode: @escaping (String) -> Bool = { _ in true },
                            linkName: @escaping (String, Day) -> String? = { _, _ in nil }) throws -> Tracker {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)) } catch {
            throw TrackerFailure(.unreadable, message: "cannot read the tracker (no such file?)")
        }
        defer { try? handle.close() }
        var builder = TrackerBuilder(knownCode: knownCode, linkName: linkName)
        var first: Data
        do { first = try handle.read(upToCount: chunkSize) ?? Data() } catch { throw TrackerFailure(.unreadable, message: "cannot read the tracker: \(error)") }
        if path.lowercased().hasSuffix(".xlsx") || isZIP(first.prefix(4)) {
            try XLSXReader.read(url: URL(fileURLWithPath: path), into: &builder)
        } else {
            var pending: Data? = first
            try readCSV(into: &builder) {
                if let p = pending { pending = nil; return p.isEmpty ? nil : p }
                do {
                    guard let d = try handle.read(upToCount: chunkSize), !d.isEmpty else { return nil }
                    return d
                } catch { throw TrackerFailure(.unreadable, message: "cannot read the tracker: \(error)") }
            }
        }
        return try builder.finish()
    }

    static func isZIP(_ d: Data) -> Bool { d.elementsEqual([0x50, 0x4B, 0x03, 0x04]) }

    static func readCSV(into builder: inout TrackerBuilder, chunks: @escaping () throws -> Data?) throws {
        var reader = CSVReader(lines: LineReader(next: chunks))
        while let record = try reader.next(width: builder.hasHeader ? builder.width : nil) {
            for w in reader.warnings { builder.problem(w.line, w.message) }
            reader.warnings.removeAll()
            try builder.add(record, line: record.line)
        }
        for w in reader.warnings { builder.problem(w.line, w.message) }
    }
}

// MARK: - CSV

/// Physical lines of a byte stream, one at a time: line terminators (LF, CRLF) removed, a leading
/// BOM dropped, each line checked to be UTF-8. A line longer than `maxLine` is skipped (reported).
struct LineReader {
    enum Line { case text(Int), tooLong(Int) }
    static let maxLine = 1 << 20

    let next: () throws -> Data?
    var buffer: [UInt8] = []
    var position = 0
    var atEnd = false
    var number = 0

    init(next: @escaping () throws -> Data?) { self.next = next }

    /// The next line into `out`; nil at the end.
    mutating func read(into out: inout [UInt8]) throws -> Line? {
        out.removeAll(keepingCapacity: true)
        var skipping = false
        while true {
            if let nl = buffer[position...].firstIndex(of: 0x0A) {
                if !skipping {
                    if out.count + (nl - position) > LineReader.maxLine { skipping = true; out.removeAll(keepingCapacity: false) }
                    else { out.append(contentsOf: buffer[position ..< nl]) }
                }
                position = nl + 1
                return try finish(&out, skipping: skipping)
            }
            // No line end in the buffer: keep the partial line (or drop it, when too long) and read on.
            if !skipping {
                out.append(contentsOf: buffer[position...])
                if out.count > LineReader.maxLine { skipping = true; out.removeAll(keepingCapacity: false) }
            }
            buffer.removeAll(keepingCapacity: true); position = 0
            if atEnd { break }
            if let d = try next(), !d.isEmpty { buffer.append(contentsOf: d) } else { atEnd = true }
        }
        if out.isEmpty && !skipping { return nil }
        return try finish(&out, skipping: skipping)
    }

    private mutating func finish(_ out: inout [UInt8], skipping: Bool) throws -> Line {
        guard number < Int(UInt32.max) else { throw TrackerFailure(.tooLarge, line: number, message: "the tracker has more than \(UInt32.max) lines") }
        number += 1
        if skipping { return .tooLong(number) }
        if out.last == 0x0D { out.removeLast() }
        if number == 1, out.starts(with: [0xEF, 0xBB, 0xBF]) { out.removeFirst(3) }
        if let bad = UTF8Check.firstInvalid(out) {
            throw TrackerFailure(.notUTF8, line: number, message: "the tracker is not UTF-8 text (byte \(bad + 1) of the line): save the CSV as UTF-8")
        }
        return .text(number)
    }
}

enum UTF8Check {
    /// The offset of the first byte that is not part of well-formed UTF-8, or nil.
    static func firstInvalid(_ b: [UInt8]) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0, lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2 ... 0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1 ... 0xEC, 0xEE ... 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1 ... 0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard n - i > need else { return i }
            for k in 1 ... need {
                let x = b[i + k]
                if k == 1 ? (x < lo || x > hi) : (x < 0x80 || x > 0xBF) { return i }
            }
            i += need + 1
        }
        return nil
    }
}

/// One CSV record: its fields unescaped in one buffer.
struct CSVRecord: TrackerRecord {
    var line: Int
    var bytes: [UInt8]
    var ends: [Int]

    var fieldCount: Int? { ends.count }
    func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1]) ..< ends[i] }

    var isBlank: Bool {
        for b in bytes where b != 0x20 && b != 0x09 {
            if b < 0x80 { return false }
            return ends.indices.allSatisfy { CSVRecord.trim(bytes[range($0)]).isEmpty }
        }
        return true
    }
    func field(_ column: Int) -> String { column >= 0 && column < ends.count ? CSVRecord.trim(bytes[range(column)]) : "" }
    func allFields() -> [(column: Int, text: String)] { ends.indices.map { ($0, field($0)) } }

    /// Without leading and trailing white space (as `.whitespaces`).
    static func trim(_ s: ArraySlice<UInt8>) -> String {
        var a = s.startIndex, b = s.endIndex
        while a < b, s[a] == 0x20 || s[a] == 0x09 { a += 1 }
        while b > a, s[b - 1] == 0x20 || s[b - 1] == 0x09 { b -= 1 }
        let text = String(decoding: s[a ..< b], as: UTF8.self)
        if a < b, s[a] >= 0x80 || s[b - 1] >= 0x80 { return text.trimmingCharacters(in: .whitespaces) }
        return text
    }
}

/// RFC 4180 records over physical lines: a field that starts with a quote may hold separators,
/// doubled quotes and line breaks; a quote inside an unquoted field is text. The separator is
/// "," or ";", whichever the first line that is not blank has more of.
///
/// A quoted field that is never closed would swallow the rest of the file. It is taken as unclosed
/// when the file ends inside it, when it runs over `maxLines` lines or `maxBytes` bytes, when the
/// quote that closes it is followed by text (it was the opening quote of a later field), or when the
/// record it makes has a field count the header does not allow. Then it is read as closing at the
/// end of the line where it opened, that line is the record, the lines after it are read again
/// as records, and a warning names the line.
struct CSVReader {
    static let maxLines = 100
    static let maxBytes = 1 << 20
    static let quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    var lines: LineReader
    var separator: UInt8? = nil
    var warnings: [TrackerError] = []
    /// Lines read again after a recovery, first to last.
    var pending: [(line: Int, bytes: [UInt8])] = []
    var pendingHead = 0
    var lineBuffer: [UInt8] = []

    init(lines: LineReader) { self.lines = lines }

    enum Physical { case text(Int, [UInt8]), tooLong(Int) }

    mutating func physical() throws -> Physical? {
        if pendingHead < pending.count {
            let p = pending[pendingHead]
            pendingHead += 1
            if pendingHead == pending.count { pending.removeAll(); pendingHead = 0 }
            return .text(p.line, p.bytes)
        }
        switch try lines.read(into: &lineBuffer) {
        case nil: return nil
        case .tooLong(let n)?: return .tooLong(n)
        case .text(let n)?:
            if separator == nil, lineBuffer.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                var semi = 0, comma = 0
                for b in lineBuffer { if b == 0x3B { semi += 1 } else if b == 0x2C { comma += 1 } }
                separator = semi > comma ? 0x3B : 0x2C
            }
            return .text(n, lineBuffer)
        }
    }

    struct State {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var inQuotes = false
        var fieldStart = true
        var quoteLine = 0
        var badClose = false
    }

    /// Parses one line into the record; false when the record goes on (a quoted field is open).
    static func parse(_ line: [UInt8], number: Int, separator sep: UInt8, into st: inout State, closeAtEnd: Bool, strict: Bool = true) -> Bool {
        var i = 0
        let n = line.count
        while i < n {
            let b = line[i]
            if st.inQuotes {
                if b == quote {
                    if i + 1 < n, line[i + 1] == quote { st.bytes.append(quote); i += 2; continue }
                    st.inQuotes = false
                    // A quote that closes a field opened on an earlier line must end the field.
                    if strict, st.quoteLine != number, i + 1 < n, line[i + 1] != sep, line[i + 1] != cr { st.badClose = true; return true }
                } else {
                    st.bytes.append(b)
                }
                i += 1
                continue
            }
            if b == quote && st.fieldStart { st.inQuotes = true; st.quoteLine = number; st.fieldStart = false }
            else if b == sep { st.ends.append(st.bytes.count); st.fieldStart = true }
            else if b != cr { st.bytes.append(b); st.fieldStart = false }
            i += 1
        }
        if st.inQuotes {
            guard closeAtEnd else { return false }
            st.inQuotes = false
        }
        st.ends.append(st.bytes.count)
        return true
    }

    /// The next record; `width` is the header's field count once known.
    mutating func next(width: Int?) throws -> CSVRecord? {
        while true {
            guard let p = try physical() else { return nil }
            guard case .text(let first, let firstBytes) = p else {
                if case .tooLong(let n) = p { warnings.append(TrackerError(line: n, message: "the line is longer than \(LineReader.maxLine / 1024 / 1024) MiB: skipped")) }
                continue
            }
            let sep = separator ?? 0x2C
            var st = State()
            if CSVReader.parse(firstBytes, number: first, separator: sep, into: &st, closeAtEnd: false) && !st.badClose {
                return CSVRecord(line: first, bytes: st.bytes, ends: st.ends)
            }
            // A quoted field goes on over the next lines: keep them, to read them again if it is never closed.
            let firstOpen = st.quoteLine
            var held: [(line: Int, bytes: [UInt8])] = [(first, firstBytes)]
            var heldBytes = firstBytes.count
            var why: String? = nil
            var complete = false
            var endsFile = false
            while !complete {
                guard let q = try physical() else { why = "the file ends inside it"; endsFile = true; break }
                guard case .text(let n, let bytes) = q else {
                    if case .tooLong(let n) = q {
                        warnings.append(TrackerError(line: n, message: "the line is longer than \(LineReader.maxLine / 1024 / 1024) MiB: skipped"))
                        why = "a line too long to read follows (line \(n))"
                    }
                    break
                }
                held.append((n, bytes)); heldBytes += bytes.count
                if held.count > CSVReader.maxLines || heldBytes > CSVReader.maxBytes {
                    why = "it is still open \(held.count - 1) lines later (line \(n))"; break
                }
                st.bytes.append(CSVReader.lf)
                complete = CSVReader.parse(bytes, number: n, separator: sep, into: &st, closeAtEnd: false)
                if st.badClose { why = "the quote that would close it, on line \(n), is followed by text: it opens a later field"; break }
            }
            if why == nil, complete, let width, st.ends.count < width - 1 || st.ends.count > width {
                why = "the record it makes (lines \(first)–\(held.last?.line ?? first)) has \(st.ends.count) fields, the header has \(width)"
            }
            guard let why else { return CSVRecord(line: first, bytes: st.bytes, ends: st.ends) }
            // Read again: the record ends with the line where the open quote started; the lines after it are records of their own.
            let opened = complete && !st.badClose ? firstOpen : st.quoteLine
            var again = State()
            var record = CSVRecord(line: first, bytes: [], ends: [])
            var rest: [(line: Int, bytes: [UInt8])] = []
            for h in held {
                if h.line < opened {
                    _ = CSVReader.parse(h.bytes, number: h.line, separator: sep, into: &again, closeAtEnd: false, strict: false)
                    again.bytes.append(CSVReader.lf)
                } else if h.line == opened {
                    _ = CSVReader.parse(h.bytes, number: h.line, separator: sep, into: &again, closeAtEnd: true, strict: false)
                    record = CSVRecord(line: first, bytes: again.bytes, ends: again.ends)
                } else {
                    rest.append(h)
                }
            }
            let last = held.last?.line ?? opened
            let span = last > opened ? "lines \(opened)–\(last)\(endsFile ? "" : " and on")" : "line \(opened)"
            warnings.append(TrackerError(line: opened, message: "a quoted field opened here is never closed (\(why)): read as it is, it would swallow \(span). "
                                         + "It is read as closing at the end of line \(opened); the lines after it are read as rows"))
            if !rest.isEmpty {
                pending = rest + pending[pendingHead...]
                pendingHead = 0
            }
            return record
        }
    }
}
