/*
 * CZlib: zlib (pkg-config "zlib", Debian's zlib1g-dev, already a dependency of libhdf5-dev)
 * for the deflate stream and CRC-32 that a PNG file needs.
 */
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>
#endif
