#!/usr/bin/python3
"""JPEG-LS oracle (issue 4): our CharLS-based codec against dcmtk's dcmdjpls, which we did not write.

Inputs: every JPEG-LS file (TS 1.2.840.10008.1.2.4.80 / .81) in Debian python3-pydicom's
test_files, plus streams dcmtk's dcmcjpls writes from pydicom's uncompressed images and from
generated 8/12/16-bit, signed and unsigned, grey and RGB images, lossless in each interleave mode
and near-lossless.
For each input:
  * decode: `discus transcode --ts 1.2.840.10008.1.2.1` gives Pixel Data bytes == `dcmdjpls` output;
  * encode: that native file, encoded by `discus transcode --ts 1.2.840.10008.1.2.4.80`, is decoded
    by dcmdjpls back to the identical bytes (signed data with Bits Stored < Bits Allocated: the
    identical Bits Stored bits, since dcmdjpls does not sign-extend what PS3.5 A.4.3 codes).
Golden table: SHA-256 of the decoded Pixel Data of the pydicom files, fixed below (taken from
dcmdjpls output); our decode must match it even where dcmdjpls is absent.
Run with Debian's /usr/bin/python3. Usage: jpeg_ls_oracle.py DISCUS
Exit status 0 only when every input passes (and there are inputs).
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import codec_oracle_support as support  # noqa: E402

JPEG_LS = {"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"}
NATIVE_SOURCES = ["CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm", "SC_rgb.dcm", "SC_rgb_16bit.dcm"]
GOLDEN = {
    "MR_small_jpeg_ls_lossless.dcm": "88617aaa46138fb1b6e2a951e762d962382354d69f47f8c04d4abff2f6a6a63e",
}


def dcmtk_inputs(tmp):
    natives = support.existing([os.path.join(support.DATA, n) for n in NATIVE_SOURCES])
    natives += support.synthetic_natives(tmp, "jls")
    variants = [("il", ["+el", "+il"]), ("is", ["+el", "+is"]), ("in", ["+el", "+in"]), ("near", ["+en", "+md", "3"])]
    out = []
    for src in natives:
        base = os.path.splitext(os.path.basename(src))[0]
        for tag, opts in variants:
            dst = os.path.join(tmp, f"{base}.{tag}.dcm")
            r = support.run(["dcmcjpls", *opts, src, dst])
            if r.returncode == 0:
                out.append((dst, tag != "near"))
            else:
                print(f"note: dcmcjpls {' '.join(opts)} {base}: {r.stderr.strip()[:200]}")
    return out


def reference(path, ref):
    r = support.run(["dcmdjpls", path, ref])
    return None if r.returncode == 0 else f"dcmdjpls cannot decode it: {r.stderr.strip()[:200]}"


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    discus = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = support.corpus_files(JPEG_LS)
        print(f"{len(corpus)} JPEG-LS files in pydicom's test_files: {[os.path.basename(p) for p in corpus]}")
        inputs = [(p, True) for p in corpus] + dcmtk_inputs(tmp)
        result = support.judge(discus, inputs, tmp, reference, "1.2.840.10008.1.2.4.80", GOLDEN)
    return result


if __name__ == "__main__":
    sys.exit(main())
