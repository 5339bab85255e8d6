/// A compact positional binary form of `Codable` values, for the pipe between the supervisor and
/// its worker processes (both ends are the same binary, so the order in which a type encodes its
/// fields is the schema: no keys are written). Not a storage format.
///
/// - Integers are zig-zag varints, doubles their 8 bit-pattern bytes, strings a varint length and
///   their UTF-8, `Bool` one byte.
/// - An optional field (`encodeIfPresent`) is a tag byte, 0 for nil, 1 before the value.
/// - A sequence (unkeyed container) is a 4-byte element count, then its elements.
///
/// Synthesized `Codable` encodes and decodes fields in the same order, which is all this needs.
/// Not supported, and refused with an error rather than misread: a nil outside a keyed field (an
/// optional element of an array), and dictionaries keyed by strings (their keys are not written).
/// Decoding never traps on bad bytes: a short or corrupt buffer is a thrown `BinaryCodingError`.
public enum BinaryCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = BinarySink()
        try value.encode(to: BinaryEncoder(sink: sink))
        return sink.bytes
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let source = BinarySource(bytes)
        let value = try T(from: BinaryDecoder(source: source))
        guard source.position == bytes.count else { throw BinaryCodingError("\(bytes.count - source.position) byte(s) left after the value") }
        return value
    }
}

public struct BinaryCodingError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}

// MARK: - Writing

final class BinarySink {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(4096) }

    @inline(__always) func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }
    @inline(__always) func int(_ v: Int64) { varint(UInt64(bitPattern: (v &<< 1) ^ (v >> 63))) }
    @inline(__always) func uint(_ v: UInt64) { varint(v) }
    func string(_ s: String) {
        var s = s
        s.withUTF8 { b in varint(UInt64(b.count)); bytes.append(contentsOf: b) }
    }
    func double(_ d: Double) {
        let v = d.bitPattern
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
    }
    func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }
}

struct BinaryEncoder: Encoder {
    let sink: BinarySink
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(BinaryKeyedEncoding<Key>(sink: sink)) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { BinaryUnkeyedEncoding(sink: sink) }
    func singleValueContainer() -> any SingleValueEncodingContainer { BinarySingleEncoding(sink: sink) }
}

/// The writes every container shares (the value goes straight into the sink).
protocol BinaryWriting {
    var sink: BinarySink { get }
}

extension BinaryWriting {
    func put(_ v: Bool) { sink.bool(v) }
    func put(_ v: String) { sink.string(v) }
    func put(_ v: Double) { sink.double(v) }
    func put(_ v: Float) { sink.double(Double(v)) }
    func put<I: SignedInteger>(_ v: I) { sink.int(Int64(v)) }
    func put<I: UnsignedInteger>(_ v: I) { sink.uint(UInt64(v)) }
    func put<T: Encodable>(value v: T) throws {
        // By the static type (a cast would also take an empty [String] for an empty [UInt8]).
        if T.self == Range<Int>.self, let r = v as? Range<Int> { sink.int(Int64(r.lowerBound)); sink.int(Int64(r.upperBound)); return }
        if T.self == [UInt8].self, let b = v as? [UInt8] { sink.varint(UInt64(b.count)); sink.bytes.append(contentsOf: b); return }
        try v.encode(to: BinaryEncoder(sink: sink))
    }
    func refuseNil() throws -> Never { throw BinaryCodingError("a nil outside an optional field cannot be written in the binary form") }
}

struct BinaryKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol, BinaryWriting {
    let sink: BinarySink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { sink.bytes.append(0) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value: value) }

    // An optional field: a tag byte, then the value when there is one.
    private func tagged<T>(_ value: T?, _ write: (T) throws -> Void) rethrows {
        guard let value else { sink.bytes.append(0); return }
        sink.bytes.append(1)
        try write(value)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { tagged(value) { put($0) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try tagged(value) { try put(value: $0) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(BinaryKeyedEncoding<NestedKey>(sink: sink))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { BinaryUnkeyedEncoding(sink: sink) }
    mutating func superEncoder() -> any Encoder { BinaryEncoder(sink: sink) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { BinaryEncoder(sink: sink) }
}

/// A sequence: a 4-byte count, patched in place as elements are written (the elements follow it
/// depth-first, so nothing is written between them that is not theirs).
struct BinaryUnkeyedEncoding: UnkeyedEncodingContainer, BinaryWriting {
    let sink: BinarySink
    let slot: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(sink: BinarySink) {
        self.sink = sink
        slot = sink.bytes.count
        sink.bytes.append(contentsOf: [0, 0, 0, 0])
    }

    private mutating func element() {
        count += 1
        let c = UInt32(truncatingIfNeeded: count)
        for k in 0..<4 { sink.bytes[slot + k] = UInt8(truncatingIfNeeded: c >> (8 * UInt32(k))) }
    }

    mutating func encodeNil() throws { try refuseNil() }
    mutating func encode(_ value: Bool) throws { element(); put(value) }
    mutating func encode(_ value: String) throws { element(); put(value) }
    mutating func encode(_ value: Double) throws { element(); put(value) }
    mutating func encode(_ value: Float) throws { element(); put(value) }
    mutating func encode(_ value: Int) throws { element(); put(value) }
    mutating func encode(_ value: Int8) throws { element(); put(value) }
    mutating func encode(_ value: Int16) throws { element(); put(value) }
    mutating func encode(_ value: Int32) throws { element(); put(value) }
    mutating func encode(_ value: Int64) throws { element(); put(value) }
    mutating func encode(_ value: UInt) throws { element(); put(value) }
    mutating func encode(_ value: UInt8) throws { element(); put(value) }
    mutating func encode(_ value: UInt16) throws { element(); put(value) }
    mutating func encode(_ value: UInt32) throws { element(); put(value) }
    mutating func encode(_ value: UInt64) throws { element(); put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { element(); try put(value: value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        element()
        return KeyedEncodingContainer(BinaryKeyedEncoding<NestedKey>(sink: sink))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { element(); return BinaryUnkeyedEncoding(sink: sink) }
    mutating func superEncoder() -> any Encoder { element(); return BinaryEncoder(sink: sink) }
}

struct BinarySingleEncoding: SingleValueEncodingContainer, BinaryWriting {
    let sink: BinarySink
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { try refuseNil() }
    mutating func encode(_ value: Bool) throws { put(value) }
    mutating func encode(_ value: String) throws { put(value) }
    mutating func encode(_ value: Double) throws { put(value) }
    mutating func encode(_ value: Float) throws { put(value) }
    mutating func encode(_ value: Int) throws { put(value) }
    mutating func encode(_ value: Int8) throws { put(value) }
    mutating func encode(_ value: Int16) throws { put(value) }
    mutating func encode(_ value: Int32) throws { put(value) }
    mutating func encode(_ value: Int64) throws { put(value) }
    mutating func encode(_ value: UInt) throws { put(value) }
    mutating func encode(_ value: UInt8) throws { put(value) }
    mutating func encode(_ value: UInt16) throws { put(value) }
    mutating func encode(_ value: UInt32) throws { put(value) }
    mutating func encode(_ value: UInt64) throws { put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value: value) }
}

// MARK: - Reading

final class BinarySource {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    func byte() throws -> UInt8 {
        guard position < bytes.count else { throw BinaryCodingError("the value ends early (at byte \(position))") }
        defer { position += 1 }
        return bytes[position]
    }
    func varint() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw BinaryCodingError("a number longer than 64 bits at byte \(position)") }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }
    func int() throws -> Int64 {
        let z = try varint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }
    func length() throws -> Int {
        let n = try varint()
        guard n <= UInt64(remaining) else { throw BinaryCodingError("a length of \(n) with \(remaining) byte(s) left") }
        return Int(n)
    }
    func string() throws -> String {
        let n = try length()
        defer { position += n }
        return String(decoding: bytes[position..<(position + n)], as: UTF8.self)
    }
    func rawBytes() throws -> [UInt8] {
        let n = try length()
        defer { position += n }
        return Array(bytes[position..<(position + n)])
    }
    func double() throws -> Double {
        guard remaining >= 8 else { throw BinaryCodingError("the value ends early (at byte \(position))") }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return Double(bitPattern: v)
    }
    func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw BinaryCodingError("\(b) is not a Bool (at byte \(position - 1))")
        }
    }
    func count32() throws -> Int {
        guard remaining >= 4 else { throw BinaryCodingError("the value ends early (at byte \(position))") }
        var v = 0
        for k in 0..<4 { v |= Int(bytes[position + k]) << (8 * k) }
        position += 4
        guard v <= remaining else { throw BinaryCodingError("\(v) element(s) with \(remaining) byte(s) left") }
        return v
    }
}

struct BinaryDecoder: Decoder {
    let source: BinarySource
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { KeyedDecodingContainer(BinaryKeyedDecoding<Key>(source: source)) }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try BinaryUnkeyedDecoding(source: source) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { BinarySingleDecoding(source: source) }
}

protocol BinaryReading {
    var source: BinarySource { get }
}

extension BinaryReading {
    func signed<I: FixedWidthInteger & SignedInteger>(_ t: I.Type) throws -> I {
        let v = try source.int()
        guard let x = I(exactly: v) else { throw BinaryCodingError("\(v) does not fit \(I.self)") }
        return x
    }
    func unsigned<I: FixedWidthInteger & UnsignedInteger>(_ t: I.Type) throws -> I {
        let v = try source.varint()
        guard let x = I(exactly: v) else { throw BinaryCodingError("\(v) does not fit \(I.self)") }
        return x
    }
    func value<T: Decodable>(_ t: T.Type) throws -> T {
        if T.self == Range<Int>.self {
            let lo = try signed(Int.self), hi = try signed(Int.self)
            guard lo <= hi, let r = (lo..<hi) as? T else { throw BinaryCodingError("\(lo)..<\(hi) is not a range") }
            return r
        }
        if T.self == [UInt8].self, let b = try source.rawBytes() as? T { return b }
        return try T(from: BinaryDecoder(source: source))
    }
}

struct BinaryKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol, BinaryReading {
    let source: BinarySource
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }

    /// The tag of an optional field (the default `decodeIfPresent` asks this, then decodes).
    func decodeNil(forKey key: Key) throws -> Bool {
        switch try source.byte() {
        case 0: return true
        case 1: return false
        case let b: throw BinaryCodingError("\(b) is not an optional's tag (at byte \(source.position - 1))")
        }
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try source.bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try source.string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try source.double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try source.double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try signed(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try signed(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try signed(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try signed(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try signed(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try unsigned(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try unsigned(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try unsigned(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try unsigned(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try unsigned(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(BinaryKeyedDecoding<NestedKey>(source: source))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try BinaryUnkeyedDecoding(source: source) }
    func superDecoder() throws -> any Decoder { BinaryDecoder(source: source) }
    func superDecoder(forKey key: Key) throws -> any Decoder { BinaryDecoder(source: source) }
}

struct BinaryUnkeyedDecoding: UnkeyedDecodingContainer, BinaryReading {
    let source: BinarySource
    let total: Int
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    init(source: BinarySource) throws {
        self.source = source
        total = try source.count32()
    }

    private mutating func element() throws {
        guard currentIndex < total else { throw BinaryCodingError("past the last of \(total) element(s)") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(); return try source.bool() }
    mutating func decode(_ type: String.Type) throws -> String { try element(); return try source.string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(); return try source.double() }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(); return Float(try source.double()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(); return try signed(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(); return try signed(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(); return try signed(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(); return try signed(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(); return try signed(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(); return try unsigned(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(); return try unsigned(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(); return try unsigned(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(); return try unsigned(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(); return try unsigned(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(); return try value(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try element()
        return KeyedDecodingContainer(BinaryKeyedDecoding<NestedKey>(source: source))
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try element(); return try BinaryUnkeyedDecoding(source: source) }
    mutating func superDecoder() throws -> any Decoder { try element(); return BinaryDecoder(source: source) }
}

struct BinarySingleDecoding: SingleValueDecodingContainer, BinaryReading {
    let source: BinarySource
    var codingPath: [any CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try source.bool() }
    func decode(_ type: String.Type) throws -> String { try source.string() }
    func decode(_ type: Double.Type) throws -> Double { try source.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try source.double()) }
    func decode(_ type: Int.Type) throws -> Int { try signed(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try signed(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try signed(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try signed(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try signed(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try unsigned(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unsigned(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unsigned(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unsigned(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unsigned(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }
}
