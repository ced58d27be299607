import L2LOptimizees
// Generated in part (the per-type container methods); see WireFormat below for the format.

/// The binary encoding in which inner-run requests and results travel between processes (the
/// MPI backend): any `Codable` value, with every `Double` and `Float` stored as its IEEE bit
/// pattern, so −0, ±∞, subnormals and NaN payloads come back bit-identical (binary property lists
/// and JSON both canonicalize NaN). Synthesized `Codable` means a field added to
/// ``InnerRunResult`` travels without changes here.
///
/// Layout: the magic `L2LW`, a version byte, then one tagged value: a kind byte, then for
/// integers and floating-point values 8 little-endian bytes (the bit pattern), for strings a
/// length and UTF-8 bytes, for `[Double]` a count and the bit patterns, for arrays a count and the
/// elements, for keyed containers a count and (key, value) pairs in encoding order.
///
/// ```swift
/// let bytes = try WireFormat.encode(result)
/// let back = try WireFormat.decode(InnerRunResult.self, from: bytes)
/// ```
public enum WireFormat {
    static let magic: [UInt8] = Array("L2LW".utf8) + [1]

    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = WireNode()
        try root.encode(value, codingPath: [])
        var out = magic
        out.reserveCapacity(1024)
        root.write(to: &out)
        return out
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an l2l wire message (magic/version)"))
        }
        var reader = WireReader(bytes: bytes, offset: magic.count)
        let root = try reader.node()
        guard reader.offset == bytes.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(bytes.count - reader.offset) bytes after the value"))
        }
        return try root.decode(type, codingPath: [])
    }
}

/// One value of the tree a message is built as (a class: containers append to their parent).
final class WireNode {
    enum Kind: UInt8 {
        case empty = 0, null, bool, int, uint, double, float, string, doubles, array, object
    }

    var kind = Kind.empty
    /// The bit pattern of a bool, integer or floating-point value.
    var bits: UInt64 = 0
    var text = ""
    var doubles: [Double] = []
    var keys: [String] = []
    var children: [WireNode] = []

    func set(_ value: Bool) { kind = .bool; bits = value ? 1 : 0 }
    func set(_ value: String) { kind = .string; text = value }
    func set(_ value: Double) { kind = .double; bits = value.bitPattern }
    func set(_ value: Float) { kind = .float; bits = UInt64(value.bitPattern) }
    func set<I: FixedWidthInteger>(_ value: I) {
        if I.isSigned {
            kind = .int
            bits = UInt64(bitPattern: Int64(value))
        } else {
            kind = .uint
            bits = UInt64(value)
        }
    }

    private func mismatch<T>(_ type: T.Type, _ path: [any CodingKey]) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(kind)"))
    }

    func get(_ type: Bool.Type, _ path: [any CodingKey]) throws -> Bool {
        guard kind == .bool else { throw mismatch(type, path) }
        return bits != 0
    }

    func get(_ type: String.Type, _ path: [any CodingKey]) throws -> String {
        guard kind == .string else { throw mismatch(type, path) }
        return text
    }

    func get(_ type: Double.Type, _ path: [any CodingKey]) throws -> Double {
        guard kind == .double else { throw mismatch(type, path) }
        return Double(bitPattern: bits)
    }

    func get(_ type: Float.Type, _ path: [any CodingKey]) throws -> Float {
        guard kind == .float else { throw mismatch(type, path) }
        return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
    }

    func get<I: FixedWidthInteger>(_ type: I.Type, _ path: [any CodingKey]) throws -> I {
        let value: I?
        switch kind {
        case .int: value = I(exactly: Int64(bitPattern: bits))
        case .uint: value = I(exactly: bits)
        default: throw mismatch(type, path)
        }
        guard let value else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "value does not fit \(type)"))
        }
        return value
    }

    func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let values = value as? [Double] {
            kind = .doubles
            doubles = values
            return
        }
        try value.encode(to: WireEncoder(node: self, codingPath: codingPath))
    }

    func decode<T: Decodable>(_ type: T.Type, codingPath: [any CodingKey]) throws -> T {
        if kind == .doubles, let values = doubles as? T { return values }
        return try T(from: WireDecoder(node: self, codingPath: codingPath))
    }

    /// A `[Double]` read element by element (by a type other than `[Double]`).
    func expandDoubles() {
        guard kind == .doubles else { return }
        children = doubles.map { value in
            let node = WireNode()
            node.set(value)
            return node
        }
        doubles = []
        kind = .array
    }

    func write(to out: inout [UInt8]) {
        out.append(kind.rawValue)
        switch kind {
        case .empty, .null: break
        case .bool, .int, .uint, .double, .float: Self.append(bits, to: &out)
        case .string: Self.append(text, to: &out)
        case .doubles:
            Self.append(UInt64(doubles.count), to: &out)
            for value in doubles { Self.append(value.bitPattern, to: &out) }
        case .array:
            Self.append(UInt64(children.count), to: &out)
            for child in children { child.write(to: &out) }
        case .object:
            Self.append(UInt64(children.count), to: &out)
            for (key, child) in zip(keys, children) {
                Self.append(key, to: &out)
                child.write(to: &out)
            }
        }
    }

    private static func append(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        append(UInt64(utf8.count), to: &out)
        out.append(contentsOf: utf8)
    }
}

/// Parses the bytes after the header back into nodes, checking every length.
struct WireReader {
    let bytes: [UInt8]
    var offset: Int

    private func corrupted(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "wire message at byte \(offset): \(message)"))
    }

    mutating func word() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw corrupted("truncated") }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += 8
        return value
    }

    mutating func count() throws -> Int {
        let value = try word()
        guard value <= UInt64(bytes.count - offset) else { throw corrupted("count \(value) beyond the message") }
        return Int(value)
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    mutating func node() throws -> WireNode {
        guard offset < bytes.count else { throw corrupted("truncated") }
        guard let kind = WireNode.Kind(rawValue: bytes[offset]) else { throw corrupted("unknown kind \(bytes[offset])") }
        offset += 1
        let node = WireNode()
        node.kind = kind
        switch kind {
        case .empty, .null: break
        case .bool, .int, .uint, .double, .float: node.bits = try word()
        case .string: node.text = try string()
        case .doubles:
            let n = try count()
            guard n * 8 <= bytes.count - offset else { throw corrupted("\(n) doubles beyond the message") }
            node.doubles.reserveCapacity(n)
            for _ in 0..<n { node.doubles.append(Double(bitPattern: try word())) }
        case .array:
            let n = try count()
            node.children.reserveCapacity(n)
            for _ in 0..<n { node.children.append(try self.node()) }
        case .object:
            let n = try count()
            for _ in 0..<n {
                node.keys.append(try string())
                node.children.append(try self.node())
            }
        }
        return node
    }
}

// MARK: - Encoding

struct WireEncoder: Encoder {
    let node: WireNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.kind != .object {
            node.kind = .object
            node.keys = []
            node.children = []
        }
        return KeyedEncodingContainer(WireKeyedWriter<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.kind != .array {
            node.kind = .array
            node.children = []
        }
        return WireUnkeyedWriter(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleWriter(node: node, codingPath: codingPath)
    }
}

struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

struct WireKeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: WireNode
    let codingPath: [any CodingKey]

    private func append(_ key: any CodingKey) -> WireNode {
        let child = WireNode()
        node.keys.append(key.stringValue)
        node.children.append(child)
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { append(key).kind = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { append(key).set(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { append(key).set(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try append(key).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        WireEncoder(node: append(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        WireEncoder(node: append(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = WireKey(stringValue: "super")
        return WireEncoder(node: append(key), codingPath: codingPath + [key])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        WireEncoder(node: append(key), codingPath: codingPath + [key])
    }
}

struct WireUnkeyedWriter: UnkeyedEncodingContainer {
    let node: WireNode
    let codingPath: [any CodingKey]
    var count: Int { node.children.count }

    private func append() -> WireNode {
        let child = WireNode()
        node.children.append(child)
        return child
    }

    private var nextPath: [any CodingKey] { codingPath + [WireKey(intValue: count)] }

    mutating func encodeNil() throws { append().kind = .null }
    mutating func encode(_ value: Bool) throws { append().set(value) }
    mutating func encode(_ value: String) throws { append().set(value) }
    mutating func encode(_ value: Double) throws { append().set(value) }
    mutating func encode(_ value: Float) throws { append().set(value) }
    mutating func encode(_ value: Int) throws { append().set(value) }
    mutating func encode(_ value: Int8) throws { append().set(value) }
    mutating func encode(_ value: Int16) throws { append().set(value) }
    mutating func encode(_ value: Int32) throws { append().set(value) }
    mutating func encode(_ value: Int64) throws { append().set(value) }
    mutating func encode(_ value: UInt) throws { append().set(value) }
    mutating func encode(_ value: UInt8) throws { append().set(value) }
    mutating func encode(_ value: UInt16) throws { append().set(value) }
    mutating func encode(_ value: UInt32) throws { append().set(value) }
    mutating func encode(_ value: UInt64) throws { append().set(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try append().encode(value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return WireEncoder(node: append(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return WireEncoder(node: append(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return WireEncoder(node: append(), codingPath: path)
    }
}

struct WireSingleWriter: SingleValueEncodingContainer {
    let node: WireNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.kind = .null }
    mutating func encode(_ value: Bool) throws { node.set(value) }
    mutating func encode(_ value: String) throws { node.set(value) }
    mutating func encode(_ value: Double) throws { node.set(value) }
    mutating func encode(_ value: Float) throws { node.set(value) }
    mutating func encode(_ value: Int) throws { node.set(value) }
    mutating func encode(_ value: Int8) throws { node.set(value) }
    mutating func encode(_ value: Int16) throws { node.set(value) }
    mutating func encode(_ value: Int32) throws { node.set(value) }
    mutating func encode(_ value: Int64) throws { node.set(value) }
    mutating func encode(_ value: UInt) throws { node.set(value) }
    mutating func encode(_ value: UInt8) throws { node.set(value) }
    mutating func encode(_ value: UInt16) throws { node.set(value) }
    mutating func encode(_ value: UInt32) throws { node.set(value) }
    mutating func encode(_ value: UInt64) throws { node.set(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}

// MARK: - Decoding

struct WireDecoder: Decoder {
    let node: WireNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard node.kind == .object || node.kind == .empty else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: codingPath, debugDescription: "expected a keyed container, found \(node.kind)"))
        }
        return KeyedDecodingContainer(WireKeyedReader<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        node.expandDoubles()
        guard node.kind == .array || node.kind == .empty else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "expected an unkeyed container, found \(node.kind)"))
        }
        return WireUnkeyedReader(node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        WireSingleReader(node: node, codingPath: codingPath)
    }
}

struct WireKeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: WireNode
    let codingPath: [any CodingKey]
    private let index: [String: WireNode]

    init(node: WireNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
        index = Dictionary(zip(node.keys, node.children), uniquingKeysWith: { _, last in last })
    }

    var allKeys: [Key] { node.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { index[key.stringValue] != nil }

    private func child(_ key: any CodingKey) throws -> WireNode {
        guard let child = index[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for '\(key.stringValue)'"))
        }
        return child
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).kind == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).get(type, codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).get(type, codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try child(key).decode(type, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try WireDecoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try WireDecoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = WireKey(stringValue: "super")
        return WireDecoder(node: try child(key), codingPath: codingPath + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        WireDecoder(node: try child(key), codingPath: codingPath + [key])
    }
}

struct WireUnkeyedReader: UnkeyedDecodingContainer {
    let node: WireNode
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(node: WireNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    var count: Int? { node.children.count }
    var isAtEnd: Bool { currentIndex >= node.children.count }

    private mutating func next() throws -> WireNode {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "no element \(currentIndex) (\(node.children.count) elements)"))
        }
        defer { currentIndex += 1 }
        return node.children[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, node.children[currentIndex].kind == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().get(type, codingPath) }
    mutating func decode(_ type: String.Type) throws -> String { try next().get(type, codingPath) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().get(type, codingPath) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().get(type, codingPath) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().get(type, codingPath) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().get(type, codingPath) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().get(type, codingPath) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().get(type, codingPath) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().get(type, codingPath) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().get(type, codingPath) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().get(type, codingPath) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().get(type, codingPath) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().get(type, codingPath) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().get(type, codingPath) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = codingPath + [WireKey(intValue: currentIndex)]
        return try next().decode(type, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let path = codingPath + [WireKey(intValue: currentIndex)]
        return try WireDecoder(node: next(), codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = codingPath + [WireKey(intValue: currentIndex)]
        return try WireDecoder(node: next(), codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = codingPath + [WireKey(intValue: currentIndex)]
        return WireDecoder(node: try next(), codingPath: path)
    }
}

struct WireSingleReader: SingleValueDecodingContainer {
    let node: WireNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { node.kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try node.get(type, codingPath) }
    func decode(_ type: String.Type) throws -> String { try node.get(type, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try node.get(type, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try node.get(type, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try node.get(type, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try node.get(type, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try node.get(type, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try node.get(type, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try node.get(type, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try node.get(type, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try node.get(type, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try node.get(type, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try node.get(type, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try node.get(type, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try node.decode(type, codingPath: codingPath) }
}
