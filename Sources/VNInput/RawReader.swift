import Foundation
import VNExtract
import VNText
#if canImport(Glibc)
import Glibc
#endif

/// One input before decoding: the bytes of a file, of one line of a JSON Lines file, of standard
/// input, or an article's stored text (re-extraction). Reading it into an article — decoding,
/// parsing a page or a record — is `ArticleReader`'s work, which a worker process may do.
public struct RawItem: Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Plain text in any supported encoding (`.txt`, no extension, standard input).
        case text
        /// A saved web page.
        case html
        /// One line of a JSON Lines file: `{"id", "url", "title", "published", "text" | "html"}`.
        case jsonlRecord
        /// Text already decoded and stored (UTF-8); only extracted again.
        case stored
    }
    /// How the input is named in messages: its path, `path:line`, `<stdin>`.
    public var name: String
    /// The file it came from (`-` for standard input).
    public var path: String
    public var kind: Kind
    /// The article id unless the record names one: the file name without extension, `stdin`,
    /// `NAME-LINE` for a JSON Lines record.
    public var id: String
    public var bytes: [UInt8]
    /// Content hash of `bytes` (the input as given).
    public var hash: String
    /// What is known already (a stored article's URL).
    public var hint: ArticleHint

    public init(name: String, path: String, kind: Kind, id: String, bytes: [UInt8], hash: String? = nil, hint: ArticleHint = ArticleHint()) {
        self.name = name; self.path = path; self.kind = kind; self.id = id; self.bytes = bytes
        self.hash = hash ?? contentHash(bytes); self.hint = hint
    }
}

/// Reads the bytes of one named input with plain reasons when it cannot: missing, a folder, a
/// named pipe, a device, a broken or looping link, no permission, too large, empty.
public struct RawReader: Sendable {
    /// Largest input (a file, or standard input), in bytes.
    public var maxBytes: Int
    /// For standard input: the id to give it, and whether it is HTML, JSON Lines or text.
    public var stdinID: String
    public var stdinKind: RawItem.Kind

    public init(maxBytes: Int = 20_000_000, stdinID: String = "stdin", stdinKind: RawItem.Kind = .text) {
        self.maxBytes = maxBytes; self.stdinID = stdinID; self.stdinKind = stdinKind
    }

    /// The items of one path: one for a text or HTML file, one per non-blank line of a JSON Lines
    /// file; a failure for the path when it cannot be read, or for a line.
    public func read(_ path: String) -> [Result<RawItem, InputFailure>] {
        if path == "-" {
            switch readStandardInput() {
            case .failure(let f): return [.failure(f)]
            case .success(let bytes):
                if stdinKind == .jsonlRecord { return records(bytes, name: "<stdin>", path: "-", stem: stdinID) }
                return [checkedNotEmpty(RawItem(name: "<stdin>", path: "-", kind: stdinKind, id: stdinID, bytes: bytes))]
            }
        }
        let ext = (path as NSString).pathExtension.lowercased()
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let kind: RawItem.Kind
        switch ext {
        case "txt", "text", "": kind = .text
        case "html", "htm", "xhtml": kind = .html
        case "jsonl", "ndjson": kind = .jsonlRecord
        default:
            if case .regular = FileKind.of(path, following: true) {
                return [.failure(InputFailure(path: path, reason: "unsupported file type .\(ext): articles are read from .txt, .html, .htm and .jsonl files", kind: .unsupported))]
            }
            kind = .text   // the reason it cannot be read says more than its extension
        }
        switch readFile(path) {
        case .failure(let f): return [.failure(f)]
        case .success(let bytes):
            if kind == .jsonlRecord { return records(bytes, name: path, path: path, stem: stem) }
            return [checkedNotEmpty(RawItem(name: path, path: path, kind: kind, id: stem, bytes: bytes))]
        }
    }

    private func checkedNotEmpty(_ item: RawItem) -> Result<RawItem, InputFailure> {
        item.bytes.isEmpty ? .failure(InputFailure(path: item.name, reason: "the file is empty", kind: .empty, hash: item.hash)) : .success(item)
    }

    /// Each non-blank line of a JSON Lines file, as its own item (a bad line costs that line).
    func records(_ data: [UInt8], name: String, path: String, stem: String) -> [Result<RawItem, InputFailure>] {
        var out: [Result<RawItem, InputFailure>] = []
        var lineNo = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            out.append(.success(RawItem(name: "\(name):\(lineNo)", path: path, kind: .jsonlRecord, id: "\(stem)-\(lineNo)", bytes: Array(line))))
        }
        if out.isEmpty { out.append(.failure(InputFailure(path: name, reason: "no articles: the JSON Lines file has no non-blank line", kind: .empty))) }
        return out
    }

    /// Reads a regular file, after `stat` says what the path is.
    func readFile(_ path: String) -> Result<[UInt8], InputFailure> {
        func fail(_ reason: String, _ kind: InputFailure.Kind = .unreadable) -> Result<[UInt8], InputFailure> {
            .failure(InputFailure(path: path, reason: reason, kind: kind))
        }
        switch FileKind.of(path, following: true) {
        case .regular(let size):
            if size > maxBytes { return fail("too large: \(size) bytes, the limit is \(maxBytes) (--max-bytes)", .tooLarge) }
        case .directory: return fail("a folder with no articles in it (.txt, .html, .htm, .jsonl files)", .empty)
        case .fifo: return fail("a named pipe (FIFO), not a regular file: it is not read (it could block); copy its content to a file, or pipe it to standard input with -")
        case .socket: return fail("a socket, not a regular file")
        case .device: return fail("a device, not a regular file")
        case .loop: return fail("a loop of symbolic links (too many levels of links)")
        case .noPermission: return fail("permission denied: a folder on the path cannot be searched")
        case .missing:
            if FileKind.of(path, following: false) == .symlink {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                return fail("a symbolic link to \(target), which does not exist")
            }
            return fail("no such file")
        case .symlink, .other:
            return fail("not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            return fail(e == EACCES ? "permission denied: the file is not readable by this user" : "cannot open: \(String(cString: strerror(e)))")
        }
        defer { close(fd) }
        return readAll(fd, name: path)
    }

    func readStandardInput() -> Result<[UInt8], InputFailure> { readAll(0, name: "<stdin>") }

    /// Reads a descriptor to its end, refusing more than `maxBytes`.
    private func readAll(_ fd: Int32, name: String) -> Result<[UInt8], InputFailure> {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                let why = e == EISDIR ? "a folder, not a file" : String(cString: strerror(e))
                return .failure(InputFailure(path: name, reason: "cannot read: \(why)", kind: .unreadable))
            }
            out.append(contentsOf: chunk[0..<n])
            if out.count > maxBytes {
                return .failure(InputFailure(path: name, reason: "too large: more than \(maxBytes) bytes, the limit (--max-bytes)", kind: .tooLarge))
            }
        }
        return .success(out)
    }
}
