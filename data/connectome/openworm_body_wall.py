"""Writes openworm_body_wall_nmj.csv: neuron -> body-wall muscle connection counts, rows 07-23.

Source: OpenWorm's `CElegansNeuronTables` spreadsheet, sheet `NeuronsToMuscle` (columns Neuron, Muscle,
Number of Connections, Neurotransmitter), as shipped with OpenWorm's c302 (`CElegansNeuronTables.xls`)
and, as `CElegansNeuronTables.xlsx`, in the repository of the ENOMAD study
(github.com/greenfire0/CElegan_Connectome_Training, commit 139e4d7), whose worm reads the muscles
MDL/MVL/MDR/MVR 07-23 to steer. Only those muscles are kept. Neuron names follow this folder's
convention (no leading zero in motor-neuron numbers: VA01 -> VA1).

Usage: python openworm_body_wall.py CElegansNeuronTables.xlsx > openworm_body_wall_nmj.csv
Standard library only (an .xlsx is a zip of XML sheets).
"""
import csv
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def rows(book, sheet_name):
    names = [s.get("name") for s in ET.fromstring(book.read("xl/workbook.xml")).find(NS + "sheets")]
    strings = ["".join(t.text or "" for t in si.iter(NS + "t"))
               for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall(NS + "si")]
    sheet = ET.fromstring(book.read(f"xl/worksheets/sheet{names.index(sheet_name) + 1}.xml"))
    for row in sheet.iter(NS + "row"):
        cells = []
        for cell in row.findall(NS + "c"):
            value = cell.find(NS + "v")
            text = None if value is None else value.text
            cells.append(strings[int(text)] if cell.get("t") == "s" and text is not None else text)
        yield cells


def main(path):
    book = zipfile.ZipFile(path)
    table = list(rows(book, "NeuronsToMuscle"))
    header = table[0][:4]
    assert header == ["Neuron", "Muscle", "Number of Connections", "Neurotransmitter"], header
    body_wall = re.compile(r"^M[DV][LR](0[7-9]|1[0-9]|2[0-3])$")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["neuron", "muscle", "count"])
    kept = []
    for neuron, muscle, count, _ in (r[:4] for r in table[1:] if r and r[0]):
        if body_wall.match(muscle):
            kept.append((re.sub(r"^([A-Z]+)0(\d)$", r"\1\2", neuron), muscle, int(float(count))))
    for row in sorted(kept):
        out.writerow(row)


if __name__ == "__main__":
    main(sys.argv[1])
