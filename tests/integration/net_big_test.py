#!/usr/bin/env python3
"""Issue 15: a 2 GiB multi-frame instance (1024 frames of 1024x1024x16 bit, made here) sent by
`discus send` to `discus store-scp` and stored with fsync: neither side holds it in memory (peak
RSS of both under 80 MB) and the stored data set is byte for byte the sent one.

  net_big_test.py path/to/discus [MiB]     (default 2048; slow: ~1 min on the reference VM)
"""
import hashlib
import io
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402


def make_file(path, mib):
    import pydicom
    from pydicom.dataset import Dataset, FileMetaDataset
    frames = mib // 2
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.10.1515.2"
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.10.1515.1"
    ds.PatientID = "BIG"
    ds.Rows = ds.Columns = 1024
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = str(frames)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.file_meta = meta
    buf = io.BytesIO()
    pydicom.dcmwrite(buf, ds, write_like_original=False)
    frame = bytes(range(256)) * (2 * 1024 * 1024 // 256)
    h = hashlib.sha256()
    with open(path, "wb") as f:
        f.write(buf.getvalue())
        pixel_header = b"\xe0\x7f\x10\x00OW\x00\x00" + (frames * len(frame)).to_bytes(4, "little")
        f.write(pixel_header)
        h.update(pixel_header)
        for _ in range(frames):
            f.write(frame)
            h.update(frame)
    return h.hexdigest(), len(pixel_header) + frames * len(frame)


def tail_hash(path, n):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(os.path.getsize(path) - n)
        while True:
            b = f.read(8 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def main():
    discus = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 2048
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-net-big-", dir=os.environ.get("DISCUS_BIG_TMP", "/var/tmp")) as tmp:
        src = os.path.join(tmp, "big.dcm")
        digest, pixel_bytes = make_file(src, mib)
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        scp = ns.Scp(discus, out)
        try:
            t0 = time.time()
            r = subprocess.run([discus, "send", "--to", f"DISCUS@127.0.0.1:{scp.port}", src], capture_output=True, text=True, timeout=1200)
            took = time.time() - t0
            sender_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            with open(f"/proc/{scp.proc.pid}/status") as f:
                scp_kb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
            ns.check(r.returncode == 0, f"{mib} MiB sent in {took:.1f} s ({mib / took:.0f} MiB/s, fsync on) {r.stderr.strip()[-300:]}", failures)
            ns.check(scp_kb < 80 * 1024, f"store-scp peak RSS {scp_kb // 1024} MB (< 80 MB)", failures)
            ns.check(sender_kb < 80 * 1024, f"send peak RSS {sender_kb // 1024} MB (< 80 MB)", failures)
        finally:
            scp.stop()
        got = ns.received_by_uid(out)
        stored = got.get("1.2.826.0.1.3680043.10.1515.2")
        ns.check(stored is not None, "stored", failures)
        if stored:
            ns.check(tail_hash(stored, pixel_bytes) == digest, "Pixel Data stored byte for byte", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
