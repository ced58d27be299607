#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H
// CBLAS (OpenBLAS) and LAPACKE for L2LNumerics. Debian keeps cblas.h in
// /usr/include/x86_64-linux-gnu, which `pkg-config --cflags lapacke` adds to the
// include path; the module links libopenblas (cblas_*) and liblapacke (LAPACKE_*).
// lapack_int is a macro Swift does not import: L2LNumerics uses Int32 (LP64 build).
#include <cblas.h>
#include <lapacke.h>
#endif
