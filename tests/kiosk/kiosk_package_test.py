#!/usr/bin/env python3
"""The discus-kiosk Debian package (issue 20 "Kiosk mode"): packaging/build-deb.sh builds both binary
packages of the source (discus and discus-kiosk) with dpkg-buildpackage; then, of discus-kiosk:
  - lintian: no error, no warning;
  - dpkg -c: /usr/bin/discus-kiosk, the unit in /lib/systemd/system, the man page, copyright;
  - dpkg -I: Depends names cage, discus of the same version, the QML modules the kiosk imports
    (QtQuick, Controls, Layouts, Templates, Window, VirtualKeyboard and the folder list model its
    layouts need), the Wayland platform plugin, and the Qt libraries dh_shlibdeps found;
  - the maintainer scripts: postinst adds the discus-kiosk system user and enables the unit
    without starting it (it takes tty1);
  - the packaged program runs: extracted, `discus-kiosk --help` exits 0 and names its options,
    and the packaged unit passes `systemd-analyze verify` with the extracted program in place;
  - the discus package still carries discus, discusd and their unit (two packages from one build).
Slow (a whole package build). Usage: kiosk_package_test.py SOURCE_DIR WORK_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

SRC, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return bool(cond)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    os.makedirs(WORK, exist_ok=True)
    r = run(["bash", os.path.join(SRC, "packaging/build-deb.sh"), WORK], timeout=3600)
    if not check(r.returncode == 0, f"build-deb.sh ({r.stderr[-2000:]})"):
        return 1
    debs = {os.path.basename(p).split("_")[0]: p for p in
            (os.path.join(WORK, f) for f in os.listdir(WORK) if f.endswith(".deb") and "dbgsym" not in f)}
    if not check("discus-kiosk" in debs and "discus" in debs, f"two packages built: {sorted(debs)}"):
        return 1
    kiosk = debs["discus-kiosk"]
    lint = run(["lintian", "--tag-display-limit", "0", "--display-level", ">=warning", kiosk])
    tags = re.findall(r"^([EW]): discus-kiosk: (\S+)(.*)$", lint.stdout, re.M)
    check(not tags, f"lintian: no error or warning for discus-kiosk {tags}")
    files = run(["dpkg", "-c", kiosk]).stdout
    for want in ("./usr/bin/discus-kiosk", "./lib/systemd/system/discus-kiosk.service",
                 "./usr/share/man/man1/discus-kiosk.1.gz", "./usr/share/doc/discus-kiosk/copyright"):
        check(re.search(rf"\s{re.escape(want)}$", files, re.M), f"dpkg -c: {want}")
    info = run(["dpkg-deb", "-f", kiosk, "Depends"]).stdout
    version = run(["dpkg-deb", "-f", kiosk, "Version"]).stdout.strip()
    for dep in ("cage", f"discus (= {version})", "qml6-module-qtquick-controls", "qml6-module-qtquick-layouts",
                "qml6-module-qtquick-templates", "qml6-module-qtquick-window", "qml6-module-qtquick-virtualkeyboard",
                "qml6-module-qt-labs-folderlistmodel", "qt6-wayland", "libqt6quick6", "libqt6qml6", "adduser"):
        check(dep in info, f"Depends: {dep}")
    with tempfile.TemporaryDirectory() as tmp:
        ctl, root = os.path.join(tmp, "ctl"), os.path.join(tmp, "root")
        run(["dpkg-deb", "-e", kiosk, ctl])
        run(["dpkg-deb", "-x", kiosk, root])
        postinst = open(os.path.join(ctl, "postinst")).read()
        check("adduser --system" in postinst and "discus-kiosk" in postinst, "postinst adds the discus-kiosk system user")
        check("deb-systemd-helper enable 'discus-kiosk.service'" in postinst and "deb-systemd-invoke start" not in postinst,
              "postinst enables the unit and does not start it")
        exe = os.path.join(root, "usr/bin/discus-kiosk")
        h = run([exe, "--help"], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=60)
        check(h.returncode == 0 and "--socket" in h.stdout and "--screenshots" in h.stdout,
              f"the packaged discus-kiosk runs: --help exit {h.returncode}")
        unit = open(os.path.join(root, "lib/systemd/system/discus-kiosk.service")).read().replace("/usr/bin/discus-kiosk", exe)
        path = os.path.join(tmp, "discus-kiosk.service")
        with open(path, "w") as f:
            f.write(unit)
        v = run(["systemd-analyze", "verify", "--man=no", path])
        said = [l for l in (v.stdout + v.stderr).splitlines() if "discus-kiosk.service" in l and "cage" not in l]
        check(not said, f"systemd-analyze verify: the packaged unit {said[:3]}")
    base = run(["dpkg", "-c", debs["discus"]]).stdout
    for want in ("./usr/bin/discus", "./usr/sbin/discusd", "./lib/systemd/system/discusd.service"):
        check(re.search(rf"\s{re.escape(want)}$", base, re.M), f"the discus package still has {want}")
    check("discus-kiosk" not in base, "the discus package carries nothing of the kiosk")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
