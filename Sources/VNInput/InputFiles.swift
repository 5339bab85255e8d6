import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The inputs a command was given: files as named, folders walked recursively (sorted), `-` for
/// standard input.
///
/// In a folder: `.txt`, `.html`, `.htm` and `.jsonl` files are articles; gold files and notes
/// (`.json`, `.md`) and hidden entries are skipped; any other file is kept so that reading it
/// reports it as unsupported (nothing is dropped silently). Links to folders are not followed
/// (a loop of links cannot hang the walk); links to files are read like files.
public enum InputFiles {
    public static let articleExtensions: Set<String> = ["txt", "html", "htm", "jsonl"]
    static let skippedBesideArticles: Set<String> = ["json", "md"]

    public static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            if p != "-", FileKind.of(p, following: true) == .directory {
                var found: [String] = []
                walk(p, into: &found)
                // A folder with nothing to read is named, so that reading it says so.
                out += found.isEmpty ? [p] : found.sorted()
            } else {
                out.append(p)
            }
        }
        return out
    }

    private static func walk(_ dir: String, into found: inout [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            found.append(dir)   // reading it reports why the folder cannot be listed
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = (dir as NSString).appendingPathComponent(name)
            let ext = (name as NSString).pathExtension.lowercased()
            switch FileKind.of(path, following: false) {
            case .directory: walk(path, into: &found)
            case .symlink:
                // A link to a folder is not followed; a link to anything else is an input.
                if FileKind.of(path, following: true) != .directory, !skippedBesideArticles.contains(ext) { found.append(path) }
            default:
                if skippedBesideArticles.contains(ext) { continue }
                // A file without an extension in a folder (README, LICENSE) is not taken for an article.
                if !ext.isEmpty { found.append(path) }
            }
        }
    }
}

/// What a path names, from `lstat`/`stat`.
enum FileKind: Equatable {
    case regular(size: Int)
    case directory, symlink, fifo, socket, device
    case missing
    case loop
    case noPermission
    case other(Int32)

    static func of(_ path: String, following: Bool) -> FileKind {
        var st = stat()
        let rc = following ? stat(path, &st) : lstat(path, &st)
        if rc != 0 {
            switch errno {
            case ENOENT, ENOTDIR: return .missing
            case ELOOP: return .loop
            case EACCES: return .noPermission
            default: return .other(errno)
            }
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(st.st_size))
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        case S_IFCHR, S_IFBLK: return .device
        default: return .other(0)
        }
    }
}
