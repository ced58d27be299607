import sys, time, xarray as xr, statistics
for path in sys.argv[1:]:
    t=[];u=[];v=[]
    for _ in range(3):
        s=time.perf_counter(); tree=xr.open_datatree(path, engine="h5netcdf"); t.append(time.perf_counter()-s); tree.close()
        s=time.perf_counter(); ds=xr.open_dataset(path, group="runs", engine="h5netcdf"); u.append(time.perf_counter()-s)
        s=time.perf_counter(); df=ds[["final_best_fitness","generation","individual","task"]].to_dataframe(); v.append(time.perf_counter()-s); ds.close()
    print(path, ds.sizes["run"] if "run" in ds.sizes else "", "open_datatree %.2f s, open_dataset(runs) %.2f s, to_dataframe %.3f s" % (statistics.median(t), statistics.median(u), statistics.median(v)))
