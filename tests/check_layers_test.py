#!/usr/bin/env python3
"""tests/check_layers.py against small made-up trees: each way of pointing up is caught and named
with file:line, downward and same-layer uses pass, and the exceptions file works both ways."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_layers.py")


def tree(files):
    root = tempfile.mkdtemp(prefix="discus-layers-")
    atexit.register(shutil.rmtree, root, True)
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return root


def run(root, *extra):
    r = subprocess.run([sys.executable, CHECK, "--root", root, *extra], capture_output=True, text=True)
    return r.returncode, r.stdout


CLEAN = {
    "src/CMakeLists.txt": "add_library(discus_base STATIC base/a.cc)\n"
                          "add_library(discus_dicom STATIC dicom/core/t.cc dicom/part10/r.cc)\n"
                          "target_link_libraries(discus_dicom PUBLIC discus_base)\n"
                          "add_subdirectory(media/author)\n",
    "src/base/a.cc": '#include "base/a.h"\n#include <vector>\n',
    "src/dicom/core/t.cc": '#include "base/a.h"\n#include "dicom/dict/d.h"\n',
    "src/dicom/part10/r.cc": '#include "dicom/core/t.h"\n',
    "src/media/author/CMakeLists.txt": "# discus_cli_command(x) in a comment is no call\n"
                                      "add_library(discus_author STATIC author.cc)\n"
                                      "target_link_libraries(discus_author PUBLIC discus_dicom)\n",
    "src/media/author/author.cc": '#include "media/profile/p.h"\n#include "codec/c.h"\n#include "author_local.h"\n',
    "src/cli/main.cc": '#include "media/author/author.h"\n',
}


def expect(cond, what, out):
    if not cond:
        print(f"FAIL: {what}\n{out}")
        sys.exit(1)


def main():
    code, out = run(tree(CLEAN), "--no-exceptions")
    expect(code == 0 and "0 violation(s)" in out, "a tree that only points down passes", out)

    bad = dict(CLEAN)
    bad["src/dicom/core/t.cc"] = '#include "base/a.h"\n\n#include "dicom/part10/r.h"\n'   # layer 1 -> 2
    bad["src/base/a.cc"] = '#include "output/iso/iso.h"\n'                                  # layer 0 -> 5
    bad["src/media/author/CMakeLists.txt"] = (
        "add_library(discus_author STATIC author.cc ../../dicom/part10/keys.cc)\n"
        "target_link_libraries(discus_author PUBLIC discus_dicom)\n"
        'discus_cli_command(author run_author "--x # not a comment" "summary" ../../cli/author_command.cc)\n'
        "target_link_libraries(discus PRIVATE discus_author)\n")
    bad["src/CMakeLists.txt"] = CLEAN["src/CMakeLists.txt"] + "add_executable(discus cli/main.cc)\n" \
        "target_link_libraries(discus_base PRIVATE discus_author)\n"
    root = tree(bad)
    code, out = run(root, "--no-exceptions")
    expect(code == 1, "violations fail", out)
    for needle in ["src/dicom/core/t.cc:3: [src/dicom/core/t.cc: include dicom/part10/r.h]",
                   "src/base/a.cc:1: [src/base/a.cc: include output/iso/iso.h]",
                   "src/media/author/CMakeLists.txt:1: [src/media/author/CMakeLists.txt: source src/dicom/part10/keys.cc]",
                   "src/media/author/CMakeLists.txt:3: [src/media/author/CMakeLists.txt: command author]",
                   "src/media/author/CMakeLists.txt:4: [src/media/author/CMakeLists.txt: target_link_libraries discus]",
                   "[src/CMakeLists.txt: link discus_base -> discus_author]"]:
        expect(needle in out, f"reports {needle}", out)
    expect("6 violation(s)" in out, "exactly the six violations", out)

    # Allowed by the exceptions file: passes; an exception matching nothing fails as stale.
    exceptions = os.path.join(root, "exceptions.txt")
    keys = [line[line.index("[") + 1:line.index("]")] for line in out.splitlines() if line.startswith("src/")]
    with open(exceptions, "w") as f:
        f.write("# comment\n" + "\n".join(k + "  # branch x" for k in keys) + "\n")
    code, out = run(root, "--exceptions", exceptions)
    expect(code == 0 and "6 allowed" in out, "listed violations are allowed", out)
    with open(exceptions, "a") as f:
        f.write("src/gone.cc: include cli/x.h  # fixed long ago\n")
    code, out = run(root, "--exceptions", exceptions)
    expect(code == 1 and "stale exception" in out and "src/gone.cc" in out, "a stale exception fails", out)
    print("check_layers_test: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
