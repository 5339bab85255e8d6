/// The raw inputs of some paths in chunks small enough to keep memory flat (at most `maxItems`
/// inputs or `maxBytes` bytes, an input larger than that alone), with the failures met while
/// reading them, in input order.
public struct RawChunks: Sequence, IteratorProtocol {
    let raw: RawReader
    let files: [String]
    var nextFile = 0
    var queued: [Result<RawItem, InputFailure>] = []
    public var maxItems = 64, maxBytes = 16 << 20

    public init(_ paths: [String], raw: RawReader) {
        self.raw = raw
        files = InputFiles.expand(paths)
    }

    /// How many files there are, and how many have been read so far.
    public var fileCount: Int { files.count }
    public var filesRead: Int { nextFile }

    public mutating func next() -> [Result<RawItem, InputFailure>]? {
        var out: [Result<RawItem, InputFailure>] = []
        var size = 0
        while out.count < maxItems, size < maxBytes {
            if queued.isEmpty {
                guard nextFile < files.count else { break }
                queued = raw.read(files[nextFile]).reversed()
                nextFile += 1
                continue
            }
            if let r = queued.popLast() {
                if case .success(let i) = r { size += i.bytes.count }
                out.append(r)
            }
        }
        return out.isEmpty ? nil : out
    }
}
