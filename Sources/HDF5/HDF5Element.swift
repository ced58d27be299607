import CHDF5

/// The in-memory numeric types that can be stored in and read from datasets.
public enum HDF5NativeType: Sendable, Equatable {
    case double, float, int64, int32, uint8

    /// The HDF5 native datatype id (library-owned; never closed).
    var typeID: hid_t {
        switch self {
        case .double: chdf5_native_double()
        case .float: chdf5_native_float()
        case .int64: chdf5_native_int64()
        case .int32: chdf5_native_int32()
        case .uint8: chdf5_native_uint8()
        }
    }
}

/// A Swift scalar type that maps to an HDF5 native datatype.
///
/// `Double`, `Float`, `Int64`, `Int32` and `UInt8` conform. Reading converts
/// from the stored type to the requested one (HDF5 datatype conversion), so a
/// dataset stored as `Int32` can be read as `[Double]`.
public protocol HDF5Element: Sendable {
    /// The matching HDF5 native datatype.
    static var hdf5NativeType: HDF5NativeType { get }
}

extension Double: HDF5Element {
    /// `H5T_NATIVE_DOUBLE`.
    public static var hdf5NativeType: HDF5NativeType { .double }
}

extension Float: HDF5Element {
    /// `H5T_NATIVE_FLOAT`.
    public static var hdf5NativeType: HDF5NativeType { .float }
}

extension Int64: HDF5Element {
    /// `H5T_NATIVE_INT64`.
    public static var hdf5NativeType: HDF5NativeType { .int64 }
}

extension Int32: HDF5Element {
    /// `H5T_NATIVE_INT32`.
    public static var hdf5NativeType: HDF5NativeType { .int32 }
}

extension UInt8: HDF5Element {
    /// `H5T_NATIVE_UINT8`.
    public static var hdf5NativeType: HDF5NativeType { .uint8 }
}
