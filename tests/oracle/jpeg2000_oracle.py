#!/usr/bin/python3
"""JPEG 2000 / HTJ2K oracle (issue 4): our OpenJPEG-based codec against GDCM's gdcmconv, which we
did not write (dcmtk has no JPEG 2000).

Inputs: every JPEG 2000 or HTJ2K file (TS 1.2.840.10008.1.2.4.90/.91/.201/.202/.203) in Debian
python3-pydicom's test_files, plus streams `gdcmconv --j2k` writes from pydicom's uncompressed
images and from generated 8/12/16-bit, signed and unsigned, grey and RGB images (lossless, and
lossy with --irreversible).
For each input:
  * decode: `discus transcode --ts 1.2.840.10008.1.2.1` gives Pixel Data bytes and Photometric
    Interpretation == `gdcmconv --raw` output (for lossy streams too: both decode the same stream;
    where an unsigned stream holds signed data, equal in the Bits Stored bits: we sign-extend);
  * encode: that native file, encoded by `discus transcode --ts 1.2.840.10008.1.2.4.90`, is decoded
    by `gdcmconv --raw` back to the identical bytes.
Files GDCM cannot decode are listed as skipped with its reason. Golden table: SHA-256 of the
decoded Pixel Data of the pydicom files, fixed below (from gdcmconv --raw output).
Run with Debian's /usr/bin/python3. Usage: jpeg2000_oracle.py DISCUS
Exit status 0 only when every input passes (and there are inputs).
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import codec_oracle_support as support  # noqa: E402

J2K = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
       "1.2.840.10008.1.2.4.203"}
LOSSLESS = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202"}
NATIVE_SOURCES = ["CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm", "SC_rgb.dcm", "SC_rgb_16bit.dcm"]
GOLDEN = {
    "693_J2KI.dcm": "f249f833d5e3cbc361b4ced94aeeb8db7fc7376087b9f395a2ccf2f6f3059268",
    "GDCMJ2K_TextGBR.dcm": "bea5673fdd49313fd8c391f115e57ac501f44194aa3915c22293ddb55f1d0b88",
    # Unsigned 13-bit stream, signed data set: ours sign-extended (GDCM's output equals it in the 13 bits).
    "J2K_pixelrep_mismatch.dcm": "1296350a0006ef6908ce4aa11717e3e8a236b63478a097bbfb45ac7a5fca6359",
    "JPEG2000.dcm": "0b1224a6dcd0dcebb1ae6966270b620a8aecc3e20d7fe5b01504e574e1814ac6",
    "MR_small_jp2klossless.dcm": "88617aaa46138fb1b6e2a951e762d962382354d69f47f8c04d4abff2f6a6a63e",
    "SC_rgb_gdcm_KY.dcm": "169e619557b12114a7f0be8602026e9abb3d5045804311736ec14cecb026aca9",
}


def gdcm_inputs(tmp):
    natives = support.existing([os.path.join(support.DATA, n) for n in NATIVE_SOURCES])
    natives += support.synthetic_natives(tmp, "j2k")
    out = []
    for src in natives:
        base = os.path.splitext(os.path.basename(src))[0]
        for tag, opts, lossless in [("j2kr", ["--j2k"], True), ("j2ki", ["--j2k", "--irreversible"], False)]:
            dst = os.path.join(tmp, f"{base}.{tag}.dcm")
            r = support.run(["gdcmconv", *opts, src, dst])
            if r.returncode == 0:
                out.append((dst, lossless))
            else:
                print(f"note: gdcmconv {' '.join(opts)} {base}: {r.stderr.strip()[:200]}")
    return out


def reference(path, ref):
    r = support.run(["gdcmconv", "--raw", path, ref])
    if r.returncode != 0:
        return f"gdcmconv --raw cannot decode it: {(r.stderr or r.stdout).strip()[:200]}"
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    discus = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = support.corpus_files(J2K)
        print(f"{len(corpus)} JPEG 2000 / HTJ2K files in pydicom's test_files: {[os.path.basename(p) for p in corpus]}")
        if not any(str(support.read(p).file_meta.TransferSyntaxUID).endswith((".201", ".202", ".203")) for p in corpus):
            print("note: no HTJ2K file in this pydicom and no HTJ2K encoder here (OpenJPEG 2.5.0 decodes HT only); "
                  "HTJ2K decoding shares the JPEG 2000 path")
        inputs = [(p, str(support.read(p).file_meta.TransferSyntaxUID) in LOSSLESS) for p in corpus] + gdcm_inputs(tmp)
        result = support.judge(discus, inputs, tmp, reference, "1.2.840.10008.1.2.4.90", GOLDEN)
    return result


if __name__ == "__main__":
    sys.exit(main())
