import Foundation
import ZIPFoundation

/// Random access to the bytes of an archive: exactly the bytes asked for, or an error.
protocol ByteSource {
    var size: Int64 { get }
    func read(at offset: Int64, count: Int) throws -> [UInt8]
}

struct DataSource: ByteSource {
    let data: Data
    var size: Int64 { Int64(data.count) }
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else { throw ZIPArchive.damaged("a part lies past the end of the file") }
        let start = data.startIndex + Int(offset)
        return [UInt8](data[start ..< start + count])
    }
}

final class FileSource: ByteSource {
    let handle: FileHandle
    let size: Int64
    init(url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
        let end = try handle.seekToEnd()
        guard let size = Int64(exactly: end) else { throw ZIPArchive.damaged("the file is too large") }
        self.size = size
    }
    deinit { try? handle.close() }
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else { throw ZIPArchive.damaged("a part lies past the end of the file") }
        try handle.seek(toOffset: UInt64(offset))
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            guard let d = try handle.read(upToCount: count - out.count), !d.isEmpty else { throw ZIPArchive.damaged("the file ends early") }
            out.append(contentsOf: d)
        }
        return out
    }
}

/// The entries of a ZIP archive (what an .xlsx workbook is), read with every offset and size
/// checked against the file: its central directory (ZIP64 too), and an entry's bytes stored or
/// deflated (inflated by ZIPFoundation's zlib binding), in pieces, with its CRC checked.
struct ZIPArchive {
    struct Entry {
        var path: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
        var localOffset: Int64
    }

    static let maxEntries = 100_000
    static let maxDirectory = 64 << 20
    static let piece = 1 << 16

    let source: ByteSource
    private(set) var entries: [String: Entry] = [:]

    static func damaged(_ why: String) -> TrackerFailure { TrackerFailure(.workbook, message: "not a readable .xlsx workbook: \(why)") }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
    static func offset(_ v: UInt64) throws -> Int64 {
        guard let o = Int64(exactly: v) else { throw damaged("an offset or size out of range") }
        return o
    }

    init(source: ByteSource) throws {
        self.source = source
        let size = source.size
        // The end of central directory record, in the last 64 KiB + 22 bytes.
        let tailSize = Int(min(size, 65_557))
        guard tailSize >= 22 else { throw ZIPArchive.damaged("not a ZIP archive") }
        let tailStart = size - Int64(tailSize)
        let tail = try source.read(at: tailStart, count: tailSize)
        var at = tailSize - 22
        while at >= 0 && !(tail[at] == 0x50 && tail[at + 1] == 0x4B && tail[at + 2] == 0x05 && tail[at + 3] == 0x06) { at -= 1 }
        guard at >= 0 else { throw ZIPArchive.damaged("not a ZIP archive (no central directory)") }
        var count = UInt64(ZIPArchive.u16(tail, at + 10))
        var directorySize = UInt64(ZIPArchive.u32(tail, at + 12))
        var directoryOffset = UInt64(ZIPArchive.u32(tail, at + 16))
        let end = tailStart + Int64(at)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF, end >= 20 {
            let locator = try source.read(at: end - 20, count: 20)
            if ZIPArchive.u32(locator, 0) == 0x0706_4B50 {
                let record = try source.read(at: try ZIPArchive.offset(ZIPArchive.u64(locator, 8)), count: 56)
                guard ZIPArchive.u32(record, 0) == 0x0606_4B50 else { throw ZIPArchive.damaged("a broken ZIP64 directory record") }
                count = ZIPArchive.u64(record, 32); directorySize = ZIPArchive.u64(record, 40); directoryOffset = ZIPArchive.u64(record, 48)
            }
        }
        guard count <= UInt64(ZIPArchive.maxEntries) else { throw ZIPArchive.damaged("more than \(ZIPArchive.maxEntries) entries") }
        guard directorySize <= UInt64(ZIPArchive.maxDirectory) else { throw ZIPArchive.damaged("a central directory larger than \(ZIPArchive.maxDirectory >> 20) MiB") }
        let directory = try source.read(at: try ZIPArchive.offset(directoryOffset), count: Int(directorySize))
        var p = 0
        for _ in 0 ..< Int(count) {
            guard directory.count - p >= 46, ZIPArchive.u32(directory, p) == 0x0201_4B50 else { throw ZIPArchive.damaged("a broken central directory") }
            let nameLength = Int(ZIPArchive.u16(directory, p + 28)), extraLength = Int(ZIPArchive.u16(directory, p + 30)), commentLength = Int(ZIPArchive.u16(directory, p + 32))
            guard directory.count - p - 46 >= nameLength + extraLength + commentLength else { throw ZIPArchive.damaged("a broken central directory") }
            let path = String(decoding: directory[(p + 46) ..< (p + 46 + nameLength)], as: UTF8.self)
            var compressed = UInt64(ZIPArchive.u32(directory, p + 20)), uncompressed = UInt64(ZIPArchive.u32(directory, p + 24))
            var local = UInt64(ZIPArchive.u32(directory, p + 42))
            // ZIP64 sizes and offset, in that order, each only when its field is 0xFFFFFFFF.
            var x = p + 46 + nameLength
            let extraEnd = x + extraLength
            while extraEnd - x >= 4 {
                let id = ZIPArchive.u16(directory, x), length = Int(ZIPArchive.u16(directory, x + 2))
                guard extraEnd - x - 4 >= length else { break }
                if id == 1 {
                    var f = x + 4
                    let fieldEnd = f + length
                    func next(_ v: inout UInt64) { if v == 0xFFFF_FFFF, fieldEnd - f >= 8 { v = ZIPArchive.u64(directory, f); f += 8 } }
                    next(&uncompressed); next(&compressed); next(&local)
                }
                x += 4 + length
            }
            let entry = Entry(path: path, flags: ZIPArchive.u16(directory, p + 8), method: ZIPArchive.u16(directory, p + 10), crc: ZIPArchive.u32(directory, p + 16),
                              compressedSize: try ZIPArchive.offset(compressed), uncompressedSize: try ZIPArchive.offset(uncompressed), localOffset: try ZIPArchive.offset(local))
            if entries[path] == nil { entries[path] = entry }
            p += 46 + nameLength + extraLength + commentLength
        }
    }

    /// An entry's bytes, in pieces, at most `limit` of them; false when there is no such entry.
    func extract(_ path: String, limit: Int64, _ body: (Data) throws -> Void) throws -> Bool {
        guard let e = entries[path] else { return false }
        guard e.flags & 1 == 0 else { throw ZIPArchive.damaged("\(path) is encrypted") }
        let header = try source.read(at: e.localOffset, count: 30)
        guard ZIPArchive.u32(header, 0) == 0x0403_4B50 else { throw ZIPArchive.damaged("\(path) has no local header") }
        let start = e.localOffset + 30 + Int64(ZIPArchive.u16(header, 26)) + Int64(ZIPArchive.u16(header, 28))
        guard start <= source.size, e.compressedSize <= source.size - start else { throw ZIPArchive.damaged("\(path) lies past the end of the file") }
        var total: Int64 = 0
        func take(_ d: Data) throws {
            total += Int64(d.count)
            guard total <= limit else { throw TrackerFailure(.workbook, message: "\(path) is larger than \(limit >> 20) MiB uncompressed") }
            try body(d)
        }
        let crc: UInt32
        switch e.method {
        case 0:
            var sum: UInt32 = 0
            var at: Int64 = 0
            while at < e.compressedSize {
                let n = Int(min(Int64(ZIPArchive.piece), e.compressedSize - at))
                let d = Data(try source.read(at: start + at, count: n))
                sum = d.crc32(checksum: sum)
                try take(d)
                at += Int64(n)
            }
            crc = sum
        case 8:
            // The inflater reads as many bytes as it asks for: the last piece is padded with zeros,
            // and asking past the entry's bytes is an error (a stream cut short).
            let size = e.compressedSize
            do {
                crc = try Data.decompress(size: size, bufferSize: ZIPArchive.piece, skipCRC32: false, provider: { position, count in
                    guard position >= 0, position < size, count > 0 else { throw ZIPArchive.damaged("\(path) is cut short") }
                    let n = Int(min(Int64(count), size - position))
                    var d = Data(try source.read(at: start + position, count: n))
                    if n < count { d.append(Data(count: count - n)) }
                    return d
                }, consumer: take)
            } catch let f as TrackerFailure { throw f } catch let x as XMLFailure { throw x } catch {
                throw ZIPArchive.damaged("\(path) is damaged (\(error))")
            }
        default:
            throw ZIPArchive.damaged("\(path) uses compression method \(e.method), which is not supported")
        }
        guard crc == e.crc, total == e.uncompressedSize else { throw ZIPArchive.damaged("\(path) is damaged (its checksum or size does not match)") }
        return true
    }
}
