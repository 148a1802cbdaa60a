"""Helpers shared by Discus's build-time generators (src/dicom/dict, src/media/dicomdir,
src/iod/tables): reading the committed TSV tables and writing C++ string literals.
"""


def read_tsv(path):
    """Rows of a TSV file as dicts keyed by its header line; '#' lines and blank lines skipped."""
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            cols += [""] * (len(header) - len(cols))
            rows.append(dict(zip(header, cols)))
    return rows


def c_str(s):
    """A C++ string literal for s."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
