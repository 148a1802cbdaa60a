#!/usr/bin/env python3
"""The kiosk's import flow against the real service (issue 17 item 6, issue 20): discusd with a
stdio: pseudo-drive holding a disc made by `discus author`, Debian's Orthanc as the import
destination and dcmtk's wlmscpfs as the worklist, and the Qt Quick Test suite
tests/kiosk/tst_import_mismatch.qml driving the real ImportFlow view model and ImportScreen
headless: the disc's patient disagrees with the worklist (sex), the operator sees both side by
side and decides, the import completes. Orthanc's REST API must then show every instance under
the local patient, with the worklist's sex.
Usage: daemon_import_kiosk_test.py QUICKTEST DISCUS DISCUSD KIOSK_TESTS_DIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import daemon_import_support as ds

QUICKTEST, DISCUS, DISCUSD, TESTS = [os.path.abspath(a) for a in sys.argv[1:5]]
failures = []


def check(cond, what):
    return ds.ns.check(bool(cond), what, failures)


def main():
    with tempfile.TemporaryDirectory(prefix="discusd-import-kiosk-") as tmp:
        orthanc = wl = daemon = None
        try:
            orthanc, http_port, dicom_port = ds.start_orthanc(tmp)
            wl, wl_port = ds.start_wlmscpfs(tmp, [("L0003", "Poe^Anna", "19800808", "F", "ACC-L3")])
            config = os.path.join(tmp, "discus.toml")
            ds.write_config(config, [("ORTHANC", "ORTHANC", dicom_port, ["import-destination"]),
                                     ("WL", "WL", wl_port, ["worklist"])])
            disc = ds.make_disc(DISCUS, tmp, "anna", ds.im.Patient("EXT-3", "POE^ANNA", "19800808", "M"), 3)
            drive = os.path.join(tmp, "drive1.iso")
            daemon = ds.Daemon(DISCUSD, tmp, config)
            daemon.extra = ["--drive", "stdio:" + drive]
            daemon.start()
            shutil.copy(disc, drive)  # the disc goes into the drive once the station is up
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DISCUS_SOCKET=daemon.sock,
                       DISCUS_KIOSK_STATE=os.path.join(tmp, "kiosk-state"), QT_QUICK_BACKEND="software")
            env.pop("QT_IM_MODULE", None)
            t0 = time.time()
            p = subprocess.run([QUICKTEST, "-input", os.path.join(TESTS, "tst_import_mismatch.qml")], env=env, cwd=tmp,
                               capture_output=True, text=True, timeout=240)
            out = p.stdout + p.stderr
            summary = re.findall(r"^Totals: .*$", out, re.M)
            check(p.returncode == 0, f"tst_import_mismatch: {summary[-1] if summary else 'no totals'} ({time.time() - t0:.1f} s)")
            if p.returncode != 0:
                print(out[-5000:])
            got = ds.orthanc_instances_of(http_port, "L0003")
            check(len(got) == 3 and all(t.get("PatientSex") == "F" for t in got),
                  f"Orthanc shows the 3 instances under the local patient L0003, sex F ({[t.get('PatientSex') for t in got]})")
            check(not ds.orthanc_instances_of(http_port, "EXT-3"), "nothing under the disc's Patient ID")
            check("POE^ANNA" not in out and "Poe^Anna" not in out, "the kiosk printed no patient name")
        finally:
            if daemon:
                daemon.stop()
            ds.stop(wl)
            ds.stop(orthanc)
    ds.ns.finish(failures)


if __name__ == "__main__":
    main()
