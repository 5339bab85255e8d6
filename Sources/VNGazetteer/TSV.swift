import Foundation

/// A problem in a data file, with where it is.
public struct DataIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var file: String
    public var line: Int
    public var severity: Severity
    public var message: String
    public init(file: String, line: Int, severity: Severity = .error, message: String) {
        self.file = file; self.line = line; self.severity = severity; self.message = message
    }
    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// An error that stops loading (a file that is missing or has no header).
public struct GazetteerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// A tab-separated file with one header row: rows keep their line numbers for messages.
public struct TSVFile: Sendable {
    public let name: String
    public let header: [String]
    public let rows: [Row]
    /// Rows whose field count differs from the header's.
    public let malformed: [DataIssue]

    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public init(name: String, text: String) throws {
        self.name = name
        var rows: [Row] = []
        var bad: [DataIssue] = []
        var header: [String] = []
        var text = text
        text.withUTF8 { buf in
            var fields: [String] = []
            var lineNo = 1
            var i = 0
            let n = buf.count
            if n >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { i = 3 }
            var fieldStart = i
            func field(_ end: Int) {
                var e = end
                if e > fieldStart, buf[e - 1] == 0x0D { e -= 1 }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStart..<e]), as: UTF8.self))
            }
            while i <= n {
                let b: UInt8 = i < n ? buf[i] : 0x0A
                if b == 0x09 { field(i); fieldStart = i + 1 }
                else if b == 0x0A {
                    if !(i == n && fieldStart == n && fields.isEmpty) {
                        field(i)
                        if lineNo == 1 {
                            header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                        } else if !(fields.count == 1 && fields[0].isEmpty) {
                            if fields.count != header.count {
                                bad.append(DataIssue(file: name, line: lineNo, message: "\(fields.count) fields, the header has \(header.count)"))
                            } else {
                                rows.append(Row(line: lineNo, fields: fields))
                            }
                        }
                    }
                    fields.removeAll(keepingCapacity: true)
                    lineNo += 1
                    fieldStart = i + 1
                }
                i += 1
            }
        }
        guard !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else { throw GazetteerError(message: "\(name): empty file (a header row is required)") }
        self.header = header
        self.rows = rows
        self.malformed = bad
    }

    public static func load(_ relativePath: String, in dir: URL) throws -> TSVFile {
        let url = dir.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GazetteerError(message: "\(relativePath): missing from \(dir.path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw GazetteerError(message: "\(relativePath): not UTF-8") }
        return try TSVFile(name: relativePath, text: text)
    }

    /// Index of a column; throws naming the file when the header lacks it.
    public func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw GazetteerError(message: "\(self.name): no column '\(name)' (header: \(header.joined(separator: ", ")))")
        }
        return i
    }

    public func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }
}

extension Array where Element == String {
    @inline(__always) func at(_ i: Int?) -> String { guard let i, i < count else { return "" }; return self[i] }
}
