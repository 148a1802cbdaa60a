#!/usr/bin/env python3
"""packaging/discus-kiosk.service (issue 20 item 5): `systemd-analyze verify` accepts it with nothing
to say (ExecStart's discus-kiosk made to exist: the built one), it runs discus-kiosk under cage on
the service's socket with a StateDirectory for the PIN and Restart=always; broken variants draw
complaints, so the check can fail.
Usage: kiosk_unit_file_test.py UNIT DISCUS_KIOSK
"""
import os
import shutil
import subprocess
import sys
import tempfile

UNIT, KIOSK = sys.argv[1:3]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def verify(text, tmp):
    path = os.path.join(tmp, "discus-kiosk.service")
    with open(path, "w") as f:
        f.write(text.replace("/usr/bin/discus-kiosk", os.path.abspath(KIOSK)))
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", path], capture_output=True, text=True)
    # systemd-analyze also reads the units ours names (discusd.service is not installed here)
    said = [l for l in (r.stdout + r.stderr).splitlines() if l.strip() and "discusd.service" not in l]
    return "\n".join(said)


def main():
    text = open(UNIT).read()
    check(shutil.which("cage") is not None, "cage (the Wayland kiosk compositor) is installed")
    exec_line = next((l for l in text.splitlines() if l.startswith("ExecStart=")), "")
    check(exec_line.startswith("ExecStart=/usr/bin/cage ") and "/usr/bin/discus-kiosk --socket /run/discus/discusd.sock" in exec_line,
          f"ExecStart runs discus-kiosk under cage on discusd's socket ({exec_line})")
    for needed in ("Restart=always", "StateDirectory=discus-kiosk", "StateDirectoryMode=0700", "PAMName=login",
                   "User=discus-kiosk", "Wants=discusd.service", "WantedBy=graphical.target"):
        check(needed in text, f"the unit has {needed}")
    with tempfile.TemporaryDirectory() as tmp:
        said = verify(text, tmp)
        check(said == "", "systemd-analyze verify: accepted" + (f"\n{said}" if said else ""))
        for what, broken in (("an unknown setting value", text.replace("ProtectSystem=strict", "ProtectSystem=strictest")),
                             ("a missing executable", text.replace("/usr/bin/cage", "/usr/bin/no-such-cage")),
                             ("an unknown key", text.replace("Restart=always", "Restart=always\nRestartHarder=yes"))):
            check(verify(broken, tmp) != "", f"systemd-analyze verify complains about {what}")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
