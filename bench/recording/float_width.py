"""Float width on write: libhdf5 converting float64 to float32 on H5Dwrite, against float64 as is.
The quickstart's candidates array shape (512, 60, 48, 4), chunked as l2l chunks it; CPU seconds per write."""
import h5py, numpy as np, time, os, sys
rng = np.random.default_rng(1)
a = rng.normal(size=(512, 60, 48, 4))
chunks = (2, 60, 48, 4)
res = {}
for width in ("f8", "f4", "f4-numpy"):
    times = []
    for rep in range(7):
        path = f"/tmp/fw-{width}.h5"
        with h5py.File(path, "w") as f:
            t0 = time.process_time()
            if width == "f4-numpy":
                d = f.create_dataset("x", shape=a.shape, dtype="f4", chunks=chunks, maxshape=(None,)*4)
                d[...] = a.astype(np.float32)
            else:
                d = f.create_dataset("x", shape=a.shape, dtype=width, chunks=chunks, maxshape=(None,)*4)
                d[...] = a
            f.flush()
            times.append(time.process_time() - t0)
        size = os.path.getsize(path)
    res[width] = (sorted(times)[3], size)
for k, (t, s) in res.items():
    print(f"{k:9s} CPU {t:.4f} s (median of 7) file {s/1e6:.1f} MB  -> {a.nbytes/1e6/t:.0f} MB/s of float64 input")
x32 = a.astype(np.float32).astype(np.float64)
rel = np.abs(x32 - a) / np.maximum(np.abs(a), 1e-300)
print(f"float32 relative rounding error: max {rel.max():.2e}")
print("h5py", h5py.__version__, "HDF5", h5py.version.hdf5_version)
