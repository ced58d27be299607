/// The value of a small metadata attribute on a group or dataset.
///
/// Stored as: `.double` / `.int` scalar `H5T_NATIVE_DOUBLE` / `H5T_NATIVE_INT64`;
/// `.string` a scalar variable-length UTF-8 string; `.doubles` / `.ints` 1-D arrays.
/// Reading maps any float attribute to `.double`/`.doubles`, any integer one to
/// `.int`/`.ints` (scalar dataspace → single value, simple → array), and any
/// single string (variable or fixed length) to `.string`.
public enum HDF5AttributeValue: Equatable, Sendable {
    /// A scalar floating-point value.
    case double(Double)
    /// A scalar integer value.
    case int(Int64)
    /// A scalar variable-length UTF-8 string.
    case string(String)
    /// A 1-D array of floating-point values.
    case doubles([Double])
    /// A 1-D array of integer values.
    case ints([Int64])
}
