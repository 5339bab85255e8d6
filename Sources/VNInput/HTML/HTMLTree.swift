internal import CVNHTML

/// A parsed HTML page as libxml2 builds it (recovering from broken markup the way browsers do),
/// copied into Swift arrays: elements and text nodes in document order, each with its parent and
/// attributes. Node `i`'s descendants are the nodes `i+1 ..< end[i]`.
struct HTMLTree {
    /// Element name (lower case), or "" for a text node.
    var tags: [String] = []
    /// Text content of a text node ("" for elements).
    var texts: [String] = []
    var parents: [Int] = []
    var ends: [Int] = []
    var attrStart: [Int] = []
    var attrCount: [Int] = []
    var attrNames: [String] = []
    var attrValues: [String] = []

    var count: Int { tags.count }
    func isElement(_ i: Int) -> Bool { !tags[i].isEmpty }

    /// The value of attribute `name` (lower case) of element `i`.
    func attr(_ i: Int, _ name: String) -> String? {
        let s = attrStart[i]
        for k in s..<(s + attrCount[i]) where attrNames[k] == name { return attrValues[k] }
        return nil
    }

    enum ParseError: Error { case noDocument, outOfMemory }

    /// Parses UTF-8 HTML.
    static func parse(utf8 data: [UInt8]) -> Result<HTMLTree, ParseError> {
        var t = vnhtml_tree()
        defer { vnhtml_tree_free(&t) }
        let rc = data.withUnsafeBufferPointer { b -> Int32 in
            guard let base = b.baseAddress else { return -1 }
            return base.withMemoryRebound(to: CChar.self, capacity: b.count) { vnhtml_tree_parse($0, Int64(b.count), "UTF-8", &t) }
        }
        if rc == -2 { return .failure(.outOfMemory) }
        guard rc == 0, let nodes = t.nodes, t.node_count > 0 else { return .failure(.noDocument) }
        var tree = HTMLTree()
        let n = Int(t.node_count)
        tree.tags.reserveCapacity(n); tree.texts.reserveCapacity(n); tree.parents.reserveCapacity(n)
        tree.attrStart.reserveCapacity(n); tree.attrCount.reserveCapacity(n)
        let na = Int(t.attr_count)
        if let attrs = t.attrs, na > 0 {
            tree.attrNames.reserveCapacity(na); tree.attrValues.reserveCapacity(na)
            for k in 0..<na {
                let a = attrs[k]
                tree.attrNames.append(a.name.map { String(cString: $0).lowercased() } ?? "")
                tree.attrValues.append(a.value.map { String(cString: $0) } ?? "")
            }
        }
        for i in 0..<n {
            let node = nodes[i]
            if node.type == Int32(VNHTML_ELEMENT) {
                let name = node.name.map { String(cString: $0).lowercased() } ?? "x-unnamed"
                tree.tags.append(name.isEmpty ? "x-unnamed" : name)
                tree.texts.append("")
            } else {
                tree.tags.append("")
                tree.texts.append(node.content.map { String(cString: $0) } ?? "")
            }
            let p = Int(node.parent)
            tree.parents.append(p >= 0 && p < i ? p : -1)
            let s = Int(node.first_attr), c = Int(node.attr_count)
            let ok = s >= 0 && c >= 0 && s <= na && c <= na - s
            tree.attrStart.append(ok ? s : 0)
            tree.attrCount.append(ok ? c : 0)
        }
        // Subtree ends from the parents (pre-order): a node's subtree ends where the next node
        // that is not its descendant starts.
        tree.ends = Array(repeating: n, count: n)
        var stack: [Int] = []
        for i in 0..<n {
            while let top = stack.last, top != tree.parents[i] {
                tree.ends[top] = i
                stack.removeLast()
            }
            stack.append(i)
        }
        return .success(tree)
    }
}
