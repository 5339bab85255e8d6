/// A 128-bit content hash (two FNV-1a lanes), hex: enough to recognise a file seen before.
public func contentHash(_ bytes: some Collection<UInt8>) -> String {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
    for x in bytes {
        a = (a ^ UInt64(x)) &* 0x0000_0100_0000_01B3
        b = (b ^ UInt64(x ^ 0x5A)) &* 0x0000_0100_0000_01B3
    }
    return String(a, radix: 16).leftPadded(to: 16) + String(b, radix: 16).leftPadded(to: 16)
}
