/*
 * CHDF5 shim: exposes libhdf5 (serial flavour, via pkg-config "hdf5-serial" or "hdf5"; see Package.swift)
 * and its high-level library (dimension scales) to Swift.
 *
 * Many HDF5 "constants" are function-like macros that Swift cannot import
 * (for example H5T_NATIVE_DOUBLE expands to (H5open(), H5T_NATIVE_DOUBLE_g)).
 * Each is wrapped here in a static inline getter, which keeps the C semantics
 * (including the implicit H5open()) and avoids touching the mutable *_g
 * globals from Swift, which Swift 6 strict concurrency rejects.
 */
#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H

#include <hdf5.h>
#include <hdf5_hl.h>

/* Native and standard datatypes. */
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_native_int(void) { return H5T_NATIVE_INT; }
static inline hid_t chdf5_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }

/* File access flags. */
static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned chdf5_acc_swmr_write(void) { return H5F_ACC_SWMR_WRITE; }
static inline unsigned chdf5_acc_swmr_read(void) { return H5F_ACC_SWMR_READ; }

/* Property-list classes. */
static inline hid_t chdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_p_dataset_xfer(void) { return H5P_DATASET_XFER; }
static inline hid_t chdf5_p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t chdf5_p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }

/* Other special values. */
static inline hid_t chdf5_e_default(void) { return H5E_DEFAULT; }
static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
static inline hsize_t chdf5_unlimited(void) { return H5S_UNLIMITED; }
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }
static inline H5F_libver_t chdf5_libver_v110(void) { return H5F_LIBVER_V110; }
static inline H5F_libver_t chdf5_libver_latest(void) { return H5F_LIBVER_LATEST; }
static inline unsigned chdf5_obj_all(void) { return H5F_OBJ_ALL; }
static inline unsigned chdf5_obj_local(void) { return H5F_OBJ_LOCAL; }

/* Whether an object keeps its attributes in dense storage (a fractal heap), or -1 on error. */
static inline int chdf5_has_dense_attributes(hid_t object) {
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_META_SIZE) < 0) return -1;
    return info.meta_size.attr.heap_size > 0 ? 1 : 0;
}

/* Filter identifiers. */
static inline H5Z_filter_t chdf5_filter_deflate(void) { return H5Z_FILTER_DEFLATE; }
static inline H5Z_filter_t chdf5_filter_shuffle(void) { return H5Z_FILTER_SHUFFLE; }

#endif /* CHDF5_SHIM_H */
