import CHDF5

/// An HDF5 object that carries attributes: ``HDF5Group`` and ``HDF5Dataset``.
///
/// Attributes are for small metadata; create them before ``HDF5File/startSWMRWrite()``.
public protocol HDF5AttributeOwner: AnyObject, Sendable {
    /// Sets attribute `name`, replacing an existing one of any type.
    func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(HDF5Error)
    /// The value of attribute `name`, or nil if there is none.
    func attribute(_ name: String) throws(HDF5Error) -> HDF5AttributeValue?
    /// The names of all attributes, sorted.
    func attributeNames() throws(HDF5Error) -> [String]
}

extension HDF5Group: HDF5AttributeOwner {
    /// Sets attribute `name`, replacing an existing one of any type.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(HDF5Error) {
        try HDF5Attributes.set(name, value, on: handle)
    }

    /// The value of attribute `name`, or nil if there is none.
    public func attribute(_ name: String) throws(HDF5Error) -> HDF5AttributeValue? {
        try HDF5Attributes.get(name, on: handle)
    }

    /// The names of all attributes, sorted.
    public func attributeNames() throws(HDF5Error) -> [String] {
        try HDF5Attributes.names(on: handle)
    }
}

extension HDF5Dataset: HDF5AttributeOwner {
    /// Sets attribute `name`, replacing an existing one of any type.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws(HDF5Error) {
        try HDF5Attributes.set(name, value, on: handle)
    }

    /// The value of attribute `name`, or nil if there is none.
    public func attribute(_ name: String) throws(HDF5Error) -> HDF5AttributeValue? {
        try HDF5Attributes.get(name, on: handle)
    }

    /// The names of all attributes, sorted.
    public func attributeNames() throws(HDF5Error) -> [String] {
        try HDF5Attributes.names(on: handle)
    }
}

/// Attribute reading and writing on any object id.
enum HDF5Attributes {
    static func set(_ name: String, _ value: HDF5AttributeValue, on handle: HDF5ObjectHandle) throws(HDF5Error) {
        let object = "\(handle.name)@\(name)"
        try handle.withID("H5Acreate2") { (id: hid_t) throws(HDF5Error) in
            if try check(H5Aexists(id, name), "H5Aexists", object) > 0 {
                try check(H5Adelete(id, name), "H5Adelete", object)
            }
            switch value {
            case .double(let number):
                try write([number], scalar: true, type: chdf5_native_double(), id: id, name: name, object: object)
            case .int(let number):
                try write([number], scalar: true, type: chdf5_native_int64(), id: id, name: name, object: object)
            case .doubles(let numbers):
                try write(numbers, scalar: false, type: chdf5_native_double(), id: id, name: name, object: object)
            case .ints(let numbers):
                try write(numbers, scalar: false, type: chdf5_native_int64(), id: id, name: name, object: object)
            case .string(let text):
                let type = try createVariableStringType(object: object)
                defer { H5Tclose(type) }
                let status = text.withCString { cString in
                    var pointer: UnsafePointer<CChar>? = cString
                    return write(&pointer, type: type, id: id, name: name)
                }
                if status < 0 { throw HDF5Error.fromStack(operation: "H5Awrite", object: object) }
            }
        }
    }

    private static func write<T>(
        _ values: [T], scalar: Bool, type: hid_t, id: hid_t, name: String, object: String
    ) throws(HDF5Error) {
        let space = try createDataspace(scalar ? [] : [values.count], object: object)
        defer { H5Sclose(space) }
        let attribute = try check(
            H5Acreate2(id, name, type, space, chdf5_p_default(), chdf5_p_default()), "H5Acreate2", object)
        defer { H5Aclose(attribute) }
        guard !values.isEmpty else { return }
        let status = values.withUnsafeBufferPointer { H5Awrite(attribute, type, $0.baseAddress!) }
        try check(status, "H5Awrite", object)
    }

    /// Creates a scalar attribute and writes one value; returns the status
    /// (the error stack holds the details on failure).
    private static func write(_ value: UnsafeRawPointer, type: hid_t, id: hid_t, name: String) -> herr_t {
        let space = H5Screate(H5S_SCALAR)
        guard space >= 0 else { return -1 }
        defer { H5Sclose(space) }
        let attribute = H5Acreate2(id, name, type, space, chdf5_p_default(), chdf5_p_default())
        guard attribute >= 0 else { return -1 }
        defer { H5Aclose(attribute) }
        return H5Awrite(attribute, type, value)
    }

    static func get(_ name: String, on handle: HDF5ObjectHandle) throws(HDF5Error) -> HDF5AttributeValue? {
        let object = "\(handle.name)@\(name)"
        return try handle.withID("H5Aread") { (id: hid_t) throws(HDF5Error) -> HDF5AttributeValue? in
            guard try check(H5Aexists(id, name), "H5Aexists", object) > 0 else { return nil }
            let attribute = try check(H5Aopen(id, name, chdf5_p_default()), "H5Aopen", object)
            defer { H5Aclose(attribute) }
            let type = try check(H5Aget_type(attribute), "H5Aget_type", object)
            defer { H5Tclose(type) }
            let space = try check(H5Aget_space(attribute), "H5Aget_space", object)
            defer { H5Sclose(space) }
            let isScalar = H5Sget_simple_extent_type(space) == H5S_SCALAR
            let count = Int(try check(H5Sget_simple_extent_npoints(space), "H5Sget_simple_extent_npoints", object))

            func unsupported(_ what: String) -> HDF5Error {
                HDF5Error(operation: "H5Aread", object: object, messages: ["unsupported attribute: \(what)"])
            }

            switch H5Tget_class(type) {
            case H5T_FLOAT:
                let values: [Double] = try read(attribute, count: count, type: chdf5_native_double(), object: object)
                return isScalar ? .double(values[0]) : .doubles(values)
            case H5T_INTEGER:
                let values: [Int64] = try read(attribute, count: count, type: chdf5_native_int64(), object: object)
                return isScalar ? .int(values[0]) : .ints(values)
            case H5T_STRING:
                guard count == 1 else { throw unsupported("\(count) strings") }
                if try check(H5Tis_variable_str(type), "H5Tis_variable_str", object) > 0 {
                    let memoryType = try createVariableStringType(cset: H5Tget_cset(type), object: object)
                    defer { H5Tclose(memoryType) }
                    var pointer: UnsafeMutablePointer<CChar>?
                    try check(H5Aread(attribute, memoryType, &pointer), "H5Aread", object)
                    defer { if let pointer { H5free_memory(pointer) } }
                    return .string(pointer.map { String(cString: $0) } ?? "")
                }
                let size = H5Tget_size(type)
                var bytes = [UInt8](repeating: 0, count: max(size, 1))
                try check(H5Aread(attribute, type, &bytes), "H5Aread", object)
                return .string(decodeFixedString(bytes, spacePadded: H5Tget_strpad(type) == H5T_STR_SPACEPAD))
            default:
                throw unsupported("datatype class \(H5Tget_class(type).rawValue)")
            }
        }
    }

    private static func read<T>(_ attribute: hid_t, count: Int, type: hid_t, object: String) throws(HDF5Error) -> [T]
    where T: HDF5Element {
        guard count > 0 else { return [] }
        var status: herr_t = 0
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = H5Aread(attribute, type, buffer.baseAddress!)
            initialized = status < 0 ? 0 : count
        }
        try check(status, "H5Aread", object)
        return values
    }

    static func names(on handle: HDF5ObjectHandle) throws(HDF5Error) -> [String] {
        final class Collector {
            var names: [String] = []
        }
        return try handle.withID("H5Aiterate2") { (id: hid_t) throws(HDF5Error) -> [String] in
            let collector = Collector()
            let status = withExtendedLifetime(collector) {
                H5Aiterate2(
                    id, H5_INDEX_NAME, H5_ITER_INC, nil,
                    { _, attributeName, _, context in
                        guard let attributeName, let context else { return -1 }
                        let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                        collector.names.append(String(cString: attributeName))
                        return 0
                    }, Unmanaged.passUnretained(collector).toOpaque())
            }
            try check(status, "H5Aiterate2", handle.name)
            return collector.names.sorted()
        }
    }
}
