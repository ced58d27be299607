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
#include <stdlib.h>

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

/*
 * Attaches dimension scales to many datasets at once, writing each dataset's DIMENSION_LIST
 * and each scale's REFERENCE_LIST exactly once, in the layout of the HDF5 Dimension Scale
 * Specification (what H5DSattach_scale writes: DIMENSION_LIST a VL of object references per
 * axis; REFERENCE_LIST a compound {"dataset": object reference, "dimension": int}). One
 * H5DSattach_scale per axis instead re-reads and re-writes both attributes every time, which
 * made attaching more than half of the cost of writing an inner run.
 *
 * scale_of_axis holds, for dataset i, ranks[i] entries (an index into scales, or -1), one
 * dataset after the other. The datasets must not have scales attached yet; the scales must
 * already be scales (H5DSset_scale) with no REFERENCE_LIST.
 */
typedef struct { hobj_ref_t ref; int dim_idx; } chdf5_scale_reference_t;

static inline herr_t chdf5_attach_scales_bulk(
    int ndatasets, const hid_t *datasets, const int *ranks, const int *scale_of_axis,
    int nscales, const hid_t *scales)
{
    herr_t status = -1;
    int total = 0, i, a, s, offset = 0;
    for (i = 0; i < ndatasets; i++) total += ranks[i];
    hobj_ref_t *scale_refs = (hobj_ref_t *)calloc((size_t)(nscales > 0 ? nscales : 1), sizeof(hobj_ref_t));
    hobj_ref_t *dataset_refs = (hobj_ref_t *)calloc((size_t)(ndatasets > 0 ? ndatasets : 1), sizeof(hobj_ref_t));
    chdf5_scale_reference_t *entries = (chdf5_scale_reference_t *)calloc((size_t)(total > 0 ? total : 1), sizeof(chdf5_scale_reference_t));
    hvl_t *list = NULL;
    hid_t vl = -1, compound = -1, space = -1, attribute = -1;
    if (!scale_refs || !dataset_refs || !entries) goto done;
    for (s = 0; s < nscales; s++)
        if (H5Rcreate(&scale_refs[s], scales[s], ".", H5R_OBJECT, -1) < 0) goto done;
    for (i = 0; i < ndatasets; i++)
        if (H5Rcreate(&dataset_refs[i], datasets[i], ".", H5R_OBJECT, -1) < 0) goto done;
    if ((vl = H5Tvlen_create(H5T_STD_REF_OBJ)) < 0) goto done;
    for (i = 0; i < ndatasets; offset += ranks[i], i++) {
        int any = 0;
        free(list);
        list = (hvl_t *)calloc((size_t)(ranks[i] > 0 ? ranks[i] : 1), sizeof(hvl_t));
        if (!list) goto done;
        for (a = 0; a < ranks[i]; a++) {
            s = scale_of_axis[offset + a];
            if (s >= 0 && s < nscales) { list[a].len = 1; list[a].p = &scale_refs[s]; any = 1; }
        }
        if (!any) continue;
        hsize_t dims[1] = {(hsize_t)ranks[i]};
        if ((space = H5Screate_simple(1, dims, NULL)) < 0) goto done;
        if ((attribute = H5Acreate2(datasets[i], "DIMENSION_LIST", vl, space, H5P_DEFAULT, H5P_DEFAULT)) < 0) goto done;
        if (H5Awrite(attribute, vl, list) < 0) goto done;
        H5Aclose(attribute); attribute = -1;
        H5Sclose(space); space = -1;
    }
    if ((compound = H5Tcreate(H5T_COMPOUND, sizeof(chdf5_scale_reference_t))) < 0) goto done;
    if (H5Tinsert(compound, "dataset", HOFFSET(chdf5_scale_reference_t, ref), H5T_STD_REF_OBJ) < 0) goto done;
    if (H5Tinsert(compound, "dimension", HOFFSET(chdf5_scale_reference_t, dim_idx), H5T_NATIVE_INT) < 0) goto done;
    for (s = 0; s < nscales; s++) {
        int count = 0;
        offset = 0;
        for (i = 0; i < ndatasets; offset += ranks[i], i++)
            for (a = 0; a < ranks[i]; a++)
                if (scale_of_axis[offset + a] == s) { entries[count].ref = dataset_refs[i]; entries[count].dim_idx = a; count++; }
        if (count == 0) continue;
        hsize_t dims[1] = {(hsize_t)count};
        if ((space = H5Screate_simple(1, dims, NULL)) < 0) goto done;
        if ((attribute = H5Acreate2(scales[s], "REFERENCE_LIST", compound, space, H5P_DEFAULT, H5P_DEFAULT)) < 0) goto done;
        if (H5Awrite(attribute, compound, entries) < 0) goto done;
        H5Aclose(attribute); attribute = -1;
        H5Sclose(space); space = -1;
    }
    status = 0;
done:
    if (attribute >= 0) H5Aclose(attribute);
    if (space >= 0) H5Sclose(space);
    if (vl >= 0) H5Tclose(vl);
    if (compound >= 0) H5Tclose(compound);
    free(list); free(entries); free(dataset_refs); free(scale_refs);
    return status;
}

/* Filter identifiers. */
static inline H5Z_filter_t chdf5_filter_deflate(void) { return H5Z_FILTER_DEFLATE; }
static inline H5Z_filter_t chdf5_filter_shuffle(void) { return H5Z_FILTER_SHUFFLE; }

#endif /* CHDF5_SHIM_H */
