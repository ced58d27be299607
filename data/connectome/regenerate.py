#!/usr/bin/env python3
"""Regenerate the connectome CSV files of this folder from the PyPI package cect 0.3.5.

Sources (all shipped as spreadsheets inside the cect wheel, folder cect/data/):
  Varshney L. R. et al. (2011) PLoS Comput Biol 7:e1001066     NeuronConnect.xls
  Cook S. J. et al. (2019) Nature 571:63 (SI 5, corrected July 2020)
      "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
  Wang C. et al. (2024) eLife 95402, Supplementary File 2      elife-95402-supp2-v1.xlsx
  WormAtlas cell descriptions                                    all_cell_info.csv

Usage (Python 3.9+; needs xlrd for .xls and openpyxl for .xlsx, nothing else of cect's dependencies):
  python3 -m venv /tmp/cect-venv
  /tmp/cect-venv/bin/pip download cect==0.3.5 --no-deps -d /tmp/cect-dl
  /tmp/cect-venv/bin/pip install --no-deps /tmp/cect-dl/cect-0.3.5-py3-none-any.whl xlrd openpyxl et_xmlfile
  /tmp/cect-venv/bin/python data/connectome/regenerate.py --out /tmp/connectome-regen
  diff -r /tmp/connectome-regen data/connectome     # only README.md and regenerate.py differ

`--cect-data DIR` points at an unzipped wheel's cect/data/ instead of the installed package (a wheel is a
zip file). The script never imports cect itself (its import pulls in pyneuroml, plotly, ...); it only
locates the installed package's data folder. It writes the five CSV files and summary.json, and checks the
published Varshney counts (279 neurons, 2,194 chemical edges, 6,394 synapses, 514 gap-junction pairs,
887 junctions, 1,410 NMJs from 115 neurons); it exits non-zero if one differs.
"""
import argparse
import csv
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

VARSHNEY_XLS = "NeuronConnect.xls"
COOK_XLSX = "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
WANG_XLSX = "elife-95402-supp2-v1.xlsx"
CELL_INFO = "all_cell_info.csv"
NMJ_TARGET = "BWM (unspecified body-wall muscle)"
GROUP_CLASS = {"SENSORY NEURONS": "sensory", "INTERNEURONS": "interneuron", "MOTOR NEURONS": "motor",
               "SEX SPECIFIC": "motor", "PHARYNX": "pharyngeal"}
CAN_GROUP = "OTHER (canal, no class)"


def norm(name):
    """cect's naming: upper case, no leading zero in motor-neuron numbers (VA01 -> VA1)."""
    name = str(name).strip().upper()
    m = re.fullmatch(r"(VA|VB|VC|VD|DA|DB|DD|AS)0*(\d+)", name)
    return f"{m.group(1)}{int(m.group(2))}" if m else name


def cect_data_dir(explicit):
    if explicit:
        return Path(explicit)
    spec = importlib.util.find_spec("cect")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cect is not installed; pip install cect==0.3.5 (or pass --cect-data)")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def as_int(x):
    f = float(x)
    if f != int(f):
        raise ValueError(f"non-integer count {x!r}")
    return int(f)


def read_varshney(d):
    import xlrd
    sheet = xlrd.open_workbook(str(d / VARSHNEY_XLS)).sheet_by_index(0)
    header = sheet.row_values(0)
    assert header == ["Neuron 1", "Neuron 2", "Type", "Nbr"], header
    s_cnt, sp_cnt, r_cnt, rp_cnt = (defaultdict(int) for _ in range(4))
    ej, nmj, by_type = defaultdict(int), defaultdict(int), defaultdict(int)
    for i in range(1, sheet.nrows):
        a, b, t, n = sheet.row_values(i)
        t = str(t).strip()
        by_type[t] += 1
        n = as_int(n)
        if t == "NMJ":
            nmj[norm(a)] += n
            continue
        a, b = norm(a), norm(b)
        {"S": s_cnt, "Sp": sp_cnt, "R": r_cnt, "Rp": rp_cnt, "EJ": ej}[t][(a, b)] += n
    # consistency checks described in README.md
    chem = {k: s_cnt.get(k, 0) + sp_cnt.get(k, 0) for k in set(s_cnt) | set(sp_cnt)}
    recv = defaultdict(int)
    for (a, b), n in list(r_cnt.items()) + list(rp_cnt.items()):
        recv[(b, a)] += n
    assert chem == dict(recv), "S+Sp and swapped R+Rp tables differ"
    for (a, b), n in ej.items():
        assert ej.get((b, a)) == n, f"EJ {a}-{b} not symmetric"
    gap, gap_self = {}, {}
    for (a, b), n in ej.items():
        if a == b:
            gap_self[a] = n  # each self junction is listed once
        elif a < b:
            gap[(a, b)] = n
    return s_cnt, sp_cnt, chem, gap, gap_self, dict(nmj), dict(by_type)


def read_cook(d):
    import warnings
    import openpyxl
    warnings.filterwarnings("ignore", message="Unknown extension", module="openpyxl")
    wb = openpyxl.load_workbook(str(d / COOK_XLSX), read_only=True, data_only=True)

    def matrix(sheet_name):
        rows = list(wb[sheet_name].iter_rows(values_only=True))
        cols = [None if c is None else norm(c) for c in rows[2][3:]]
        out, group, sub, groups, n_rows = {}, None, None, {}, 0
        for row in rows[3:]:
            if row[0] is not None:
                group, sub = str(row[0]).strip(), None
            if row[1] is not None:
                sub = row[1]
            if row[2] is None:
                continue
            pre = norm(row[2])
            n_rows += 1
            groups[pre] = (group, sub)
            for post, v in zip(cols, row[3:]):
                if post is not None and v not in (None, "", 0):
                    out[(pre, post)] = as_int(v)
        named_cols = [c for c in cols if c is not None]
        return out, groups, named_cols, (n_rows, len(named_cols))

    chem, groups, _, chem_shape = matrix("hermaphrodite chemical")
    gj, _, _, gj_shape = matrix("hermaphrodite gap jn symmetric")
    return chem, gj, groups, chem_shape, gj_shape


def read_wang(d):
    import openpyxl
    ws = openpyxl.load_workbook(str(d / WANG_XLSX), read_only=True, data_only=True)["Supp File 2"]
    out = {}
    for row in ws.iter_rows(min_row=5, values_only=True):
        if len(row) < 23 or row[2] is None:
            continue
        entries = [str(v).strip() for v in row[20:23] if v is not None and str(v).strip()]
        name = str(row[2]).strip()
        name = {"DB1/3": "DB1", "DB3/1": "DB3"}.get(name, name)
        out[norm(name)] = ";".join(entries)
    return out


def sign_guess(nt):
    """Default polarity of a neuron's outgoing synapses from its fast transmitters (README.md)."""
    entries = [e for e in nt.split(";") if e]
    has = {
        "ACh": any("ACh" in e for e in entries),
        "GABA": any("GABA" in e and "uptake" not in e for e in entries),
        "Glu": any("Glu" in e for e in entries),
    }
    present = [k for k in ("ACh", "GABA", "Glu") if has[k]]
    if not present:
        return "no_classical_fast_NT"
    if len(present) > 1:
        return "mixed:" + "+".join(present)
    return {"ACh": "excitatory", "GABA": "inhibitory", "Glu": "glutamatergic(sign-ambiguous)"}[present[0]]


def fmt_sub(sub):
    if sub is None:
        return ""
    if isinstance(sub, float) and sub.is_integer():
        return str(int(sub))
    return str(sub).strip()


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:  # csv's default dialect: CRLF line ends, minimal quoting
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cect-data", help="cect/data folder of an unzipped cect 0.3.5 wheel")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()
    d = cect_data_dir(args.cect_data)
    args.out.mkdir(parents=True, exist_ok=True)

    s_cnt, sp_cnt, chem, gap, gap_self, nmj, by_type = read_varshney(d)
    cook_chem, cook_gj, cook_groups, chem_shape, gj_shape = read_cook(d)
    wang = read_wang(d)
    with open(d / CELL_INFO, newline="") as f:
        cell_info = {norm(r["Cell name"]): r for r in csv.DictReader(f)}

    # --- Varshney edges and NMJs
    edge_rows = [[a, b, "chemical", n, s_cnt.get((a, b), 0), sp_cnt.get((a, b), 0)]
                 for (a, b), n in sorted(chem.items())]
    edge_rows += [[a, b, "electrical", n, "", ""] for (a, b), n in sorted(gap.items())]
    write_csv(args.out / "varshney2011_edges.csv",
              ["pre", "post", "type", "count", "count_monadic_S", "count_polyadic_Sp"], edge_rows)
    write_csv(args.out / "varshney2011_nmj.csv", ["neuron", "target", "nmj_count"],
              [[n, NMJ_TARGET, c] for n, c in sorted(nmj.items())])

    # --- Cook groups (rows of the chemical sheet, plus the canal cells)
    groups = {n: (g, fmt_sub(s)) for n, (g, s) in cook_groups.items()}
    for can in ("CANL", "CANR"):
        groups.setdefault(can, (CAN_GROUP, ""))
    cook_neurons = sorted(groups)

    def cls(name):
        g = groups.get(name, ("", ""))[0]
        return GROUP_CLASS.get(g, "other")

    # --- Varshney neuron table
    connected = sorted({a for a, _ in chem} | {b for _, b in chem} | {a for a, _ in gap} | {b for _, b in gap})
    names = sorted(set(connected) | set(nmj))
    out_deg, in_deg, syn_out, syn_in = (defaultdict(int) for _ in range(4))
    gj_deg, gj_tot = defaultdict(int), defaultdict(int)
    for (a, b), n in chem.items():
        out_deg[a] += 1; in_deg[b] += 1; syn_out[a] += n; syn_in[b] += n
    for (a, b), n in gap.items():
        for x in (a, b):
            gj_deg[x] += 1; gj_tot[x] += n
    connected_set = set(connected)
    rows = []
    for n in names:
        info = cell_info.get(n, {})
        nt = wang.get(n, "")
        g, sub = groups.get(n, ("", ""))
        rows.append([n, int(n in connected_set), cls(n), g, sub, info.get("Type", ""),
                     info.get("Classification", ""), nt, sign_guess(nt), out_deg[n], in_deg[n], gj_deg[n],
                     syn_out[n], syn_in[n], gj_tot[n], nmj.get(n, 0)])
    write_csv(args.out / "varshney2011_neurons.csv",
              ["name", "in_varshney_279", "class_cook2019", "cook2019_group", "cook2019_subgroup",
               "cect_type_note", "wormatlas_description", "neurotransmitters_wang2024", "default_sign_guess",
               "chem_out_deg", "chem_in_deg", "gj_deg", "chem_syn_out", "chem_syn_in", "gj_total", "nmj_to_bwm"],
              rows)

    # --- Cook neuron table and edges (neuron-to-neuron only)
    neuron_set = set(cook_neurons)
    phar = {n for n in cook_neurons if groups[n][0] == "PHARYNX"}
    write_csv(args.out / "cook2019_herm_neurons.csv",
              ["name", "cook2019_group", "cook2019_subgroup", "class", "neurotransmitters_wang2024",
               "default_sign_guess", "in_varshney_279"],
              [[n, groups[n][0], groups[n][1], cls(n), wang.get(n, ""), sign_guess(wang.get(n, "")),
                int(n in connected_set)] for n in cook_neurons])
    c_chem = {k: v for k, v in cook_chem.items() if k[0] in neuron_set and k[1] in neuron_set}
    c_gj, c_gj_self = {}, {}
    for (a, b), v in cook_gj.items():
        if a not in neuron_set or b not in neuron_set:
            continue
        if a == b:
            c_gj_self[a] = v
        else:
            c_gj[tuple(sorted((a, b)))] = v  # the symmetric sheet lists both directions
    cook_rows = [[a, b, "chemical", v, int(a in phar), int(b in phar)] for (a, b), v in sorted(c_chem.items())]
    cook_rows += [[a, b, "electrical", v, int(a in phar), int(b in phar)] for (a, b), v in sorted(c_gj.items())]
    write_csv(args.out / "cook2019_herm_neuron_edges.csv",
              ["pre", "post", "type", "em_sections", "pre_is_pharyngeal", "post_is_pharyngeal"], cook_rows)

    # --- summary and checks
    somatic = neuron_set - phar
    som_chem = {k for k in c_chem if k[0] in somatic and k[1] in somatic}
    var_chem = set(chem)
    class_counts, sign_counts = defaultdict(int), defaultdict(int)
    for n in connected:
        class_counts[cls(n)] += 1
        sign_counts[sign_guess(wang.get(n, ""))] += 1
    group_counts = defaultdict(int)
    for n in cook_groups:
        group_counts[groups[n][0]] += 1
    summary = {
        "varshney_nodes_with_chem_or_gj": len(connected),
        "varshney_chem_directed_edges": len(chem),
        "varshney_chem_synapses_total": sum(chem.values()),
        "varshney_chem_monadic_S_total": sum(s_cnt.values()),
        "varshney_chem_polyadic_Sp_total": sum(sp_cnt.values()),
        "varshney_chem_nodes": len({a for a, _ in chem} | {b for _, b in chem}),
        "varshney_gj_undirected_pairs_excl_self": len(gap),
        "varshney_gj_self_loops": dict(sorted(gap_self.items())),
        "varshney_gj_total_junctions_excl_self": sum(gap.values()),
        "varshney_gj_total_junctions_incl_self": sum(gap.values()) + sum(gap_self.values()),
        "varshney_gj_nodes": len({a for a, _ in gap} | {b for _, b in gap}),
        "varshney_nmj_neurons": len(nmj),
        "varshney_nmj_total": sum(nmj.values()),
        "varshney_raw_rows_by_type": by_type,
        "varshney_class_counts_cook2019": dict(class_counts),
        "varshney_sign_counts_wang2024": dict(sign_counts),
        "varshney_neurons_without_wang2024_entry": [n for n in connected if n not in wang],
        "cook2019_herm_neurons_in_sheet": len(cook_groups),
        "cook2019_herm_group_counts": dict(group_counts),
        "cook2019_herm_chem_matrix_shape": list(chem_shape),
        "cook2019_herm_chem_nonzero_all_cells": len(cook_chem),
        "cook2019_herm_chem_sum_all_cells": sum(cook_chem.values()),
        "cook2019_herm_gj_sym_matrix_shape": list(gj_shape),
        "cook2019_herm_gj_sym_nonzero_all_cells": len(cook_gj),
        "cook2019_herm_neuron_nodes_connected": len(neuron_set),
        "cook2019_herm_neuron_chem_directed_edges": len(c_chem),
        "cook2019_herm_neuron_chem_weight_sum(EM sections)": sum(c_chem.values()),
        "cook2019_herm_neuron_gj_undirected_pairs": len(c_gj),
        "cook2019_herm_neuron_gj_weight_sum(EM sections)": sum(c_gj.values()),
        "cook2019_herm_neuron_gj_self": len(c_gj_self),
        "cook2019_herm_somatic_nodes": len(somatic),
        "cook2019_herm_somatic_chem_edges": len(som_chem),
        "cook2019_herm_somatic_gj_pairs": len({k for k in c_gj if k[0] in somatic and k[1] in somatic}),
        "cook2019_vs_varshney_common_nodes": len(set(connected) & neuron_set),
        "only_in_varshney": sorted(set(connected) - neuron_set),
        "only_in_cook_somatic": sorted(somatic - set(connected)),
        "chem_edges_in_both": len(var_chem & som_chem),
        "chem_edges_only_varshney": len(var_chem - som_chem),
        "chem_edges_only_cook": len(som_chem - var_chem),
    }
    with open(args.out / "summary.json", "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")

    published = {"varshney_nodes_with_chem_or_gj": 279, "varshney_chem_directed_edges": 2194,
                 "varshney_chem_synapses_total": 6394, "varshney_gj_undirected_pairs_excl_self": 514,
                 "varshney_gj_total_junctions_excl_self": 887, "varshney_nmj_total": 1410,
                 "varshney_nmj_neurons": 115}
    bad = {k: (summary[k], v) for k, v in published.items() if summary[k] != v}
    if bad:
        sys.exit(f"published counts differ (got, expected): {bad}")
    print(f"wrote {args.out}: {len(connected)} neurons, {len(chem)} chemical edges / {sum(chem.values())} "
          f"synapses, {len(gap)} gap pairs / {sum(gap.values())} junctions, {sum(nmj.values())} NMJs "
          f"from {len(nmj)} neurons; Cook 2019: {len(neuron_set)} neurons, {len(c_chem)} chemical, "
          f"{len(c_gj)} gap pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
