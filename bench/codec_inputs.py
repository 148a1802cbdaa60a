#!/usr/bin/python3
"""Builds the inputs of bench/codec_decode.sh (run by it; not a test).

  codec_inputs.py --data DIR --out DIR [--ct-series NAME] [--ct-files N] [--cr-files N] [--sigma S]

Picks the CT series and one CR image per CR series from the bench data set (gen_dataset.py),
and writes a "noisy" copy of each: the generated pixels are a smooth ramp, which JPEG lossless
codes with 1-2 bits per sample, far below real CT/CR (typically 5-8 bits per sample after
prediction). The noisy copy adds deterministic Gaussian noise (sigma S, default 12) inside
Bits Stored, so the decoders also run at a realistic entropy. Prints one line per set:
`SET FILES PIXEL_BYTES` (PIXEL_BYTES = rows x columns x samples x bytes x frames, summed) and
writes SET.list (absolute paths of the uncompressed sources) under --out.
"""
import argparse
import os
import sys

import numpy as np
import pydicom


def pixel_bytes(ds):
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    return int(ds.Rows) * int(ds.Columns) * int(getattr(ds, "SamplesPerPixel", 1)) * (int(ds.BitsAllocated) // 8) * frames


def pick(data, args):
    series = sorted(d for d in os.listdir(data) if os.path.isdir(os.path.join(data, d)))
    ct_dir = os.path.join(data, args.ct_series)
    ct = [os.path.join(ct_dir, f) for f in sorted(os.listdir(ct_dir))][: args.ct_files or None]
    cr = []
    for s in (s for s in series if s.startswith("cr_")):
        files = sorted(os.listdir(os.path.join(data, s)))
        if files:
            cr.append(os.path.join(data, s, files[0]))
    return {"ct": ct, "cr": cr[: args.cr_files or None]}


def noisy_copy(src, dst, sigma, seed):
    ds = pydicom.dcmread(src)
    arr = ds.pixel_array.astype(np.int32)
    rng = np.random.default_rng(seed)
    arr += np.rint(rng.normal(0.0, sigma, arr.shape)).astype(np.int32)
    arr = np.clip(arr, 0, (1 << int(ds.BitsStored)) - 1)
    ds.PixelData = arr.astype(np.uint16 if ds.BitsAllocated == 16 else np.uint8).tobytes()
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    ds.save_as(dst, write_like_original=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--ct-series", default="ct_s1")
    p.add_argument("--ct-files", type=int, default=0)
    p.add_argument("--cr-files", type=int, default=0)
    p.add_argument("--sigma", type=float, default=12.0)
    args = p.parse_args()
    sets = pick(args.data, args)
    for kind, files in sets.items():
        for variant in ("ramp", "noisy"):
            name = f"{kind}-{variant}"
            paths, total = [], 0
            for i, src in enumerate(files):
                if variant == "ramp":
                    path = os.path.abspath(src)
                else:
                    rel = os.path.relpath(src, args.data)
                    path = os.path.abspath(os.path.join(args.out, "src-noisy", rel))
                    if not os.path.exists(path):
                        noisy_copy(src, path, args.sigma, seed=i)
                paths.append(path)
                total += pixel_bytes(pydicom.dcmread(path, stop_before_pixels=True))
            with open(os.path.join(args.out, name + ".list"), "w") as f:
                f.write("".join(p + "\n" for p in paths))
            print(name, len(paths), total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
