#!/usr/bin/env python3
"""Fails when a test of the build tree lacks a kind label, a layer label or a TIMEOUT.

The policy of tests/CMakeLists.txt, asked of ctest itself (`ctest --show-only=json-v1`), so a test
added later without discus_gtest() or discus_test_labels() is caught the next time the suite runs.
  python3 tests/check_test_labels.py CTEST BUILD_DIR
"""
import json
import subprocess
import sys

KINDS = {"unit", "fuzz-replay", "oracle", "integration"}
LAYERS = {"base", "dicom", "codec", "iod", "net", "media", "output", "import", "app", "jobs", "store", "daemon", "cli", "layers",
          "kiosk"}  # ui/ (issue 20): discus-kiosk, a shell beside cli and daemon


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    ctest, build = sys.argv[1:]
    out = subprocess.run([ctest, "--show-only=json-v1", "--test-dir", build], check=True, capture_output=True, text=True).stdout
    tests = json.loads(out)["tests"]
    problems = 0
    for t in tests:
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        labels = set(props.get("LABELS", []))
        missing = []
        if not labels & KINDS:
            missing.append("a kind label (" + ", ".join(sorted(KINDS)) + ")")
        if not labels & LAYERS:
            missing.append("a layer label (" + ", ".join(sorted(LAYERS)) + ")")
        if not props.get("TIMEOUT"):
            missing.append("a TIMEOUT")
        if missing:
            problems += 1
            print(f"{t['name']}: needs " + "; ".join(missing) + " (see tests/CMakeLists.txt, discus_gtest / discus_test_labels)")
    print(f"check_test_labels: {len(tests)} tests, {problems} without labels or timeout")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
