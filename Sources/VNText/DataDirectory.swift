import Foundation

/// Finds the project's `Gazetteer/` data folder (vocabularies, unit history, encoding tables).
///
/// Looked for, in order: an explicit path; `$VNFACTS_GAZETTEER`; a `Gazetteer/` beside or above
/// the running executable; above the working directory; the source checkout this was built from.
public enum DataDirectory {
    public static func locate(explicit: String? = nil) throws -> URL {
        let fm = FileManager.default
        func isData(_ url: URL) -> Bool {
            var dir: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &dir) && dir.boolValue
                && fm.fileExists(atPath: url.appendingPathComponent("README.md").path)
        }
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard isData(url) else { throw DataDirectoryError(message: "no Gazetteer data folder at \(explicit) (it must hold README.md)") }
            return url
        }
        if let env = ProcessInfo.processInfo.environment["VNFACTS_GAZETTEER"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            guard isData(url) else { throw DataDirectoryError(message: "VNFACTS_GAZETTEER=\(env) is not a Gazetteer data folder") }
            return url
        }
        var starts: [URL] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        starts.append(exe.deletingLastPathComponent())
        starts.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("Gazetteer")
                if isData(candidate) { return candidate }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw DataDirectoryError(message: "cannot find the Gazetteer data folder: run from the vnfacts checkout, or pass --gazetteer DIR, or set VNFACTS_GAZETTEER")
    }
}

public struct DataDirectoryError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
