#!/usr/bin/env python3
"""Fails when the build of src/ points up a layer (DESIGN.md "Layers", issue 13 item 2).

Layers, bottom up (DESIGN.md): base 0; dicom/core, dicom/dict 1; the rest of dicom 2; codec, iod
3; net/ul 3, net/dimse 4, net/services 5; media 4; output, import 5; app, jobs, store 6; daemon, cli 7.
A folder may use its own layer and the ones below, never one above. Checked:

  include   an `#include "x/..."` in src/ naming a header of a higher layer;
  link      target_link_libraries(T ... D) where D is a target of a higher layer than T, or a
            CMakeLists.txt of a layer folder that links into (or adds sources to) a target of a
            higher layer, such as the `discus` executable;
  command   discus_cli_command() outside src/cli: a layer registering CLI commands;
  source    a library compiling a source file of another folder (a second copy of a module,
            or a command file built from a layer's CMakeLists.txt).

Each violation prints as `file:line: [key] explanation`. The key (file, kind, what) is what
tests/layer_exceptions.txt lists, one per line with a comment saying which branch removes it;
an exception that no longer matches anything is an error too, so the list only shrinks.
  python3 tests/check_layers.py [--root DIR] [--exceptions FILE] [--no-exceptions]
Exit status: 0 clean, 1 violations (or stale exceptions), 2 usage.
"""
import argparse
import os
import re
import sys

LAYERS = {
    "base": 0,
    "dicom/core": 1, "dicom/dict": 1, "dicom": 2,
    "codec": 3, "iod": 3,
    "net/ul": 3, "net/dimse": 4, "net/services": 5, "net": 5,
    "media": 4,
    "output": 5, "import": 5,
    "app": 6, "jobs": 6, "store": 6,
    "daemon": 7, "cli": 7,
}
TOP = {p.split("/")[0] for p in LAYERS}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(rel):
    """(name, number) of a path relative to src/ ("media/author/author.cc"), or None."""
    parts = rel.replace("\\", "/").split("/")
    for n in (2, 1):
        key = "/".join(parts[:n])
        if len(parts) > n - 1 and key in LAYERS:
            return key, LAYERS[key]
    return None


class Violation:
    def __init__(self, path, line, key, text):
        self.path, self.line, self.key, self.text = path, line, key, text

    def __str__(self):
        return f"{self.path}:{self.line}: [{self.key}] {self.text}"


def check_includes(src, root):
    out = []
    for folder, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith((".h", ".cc", ".cpp", ".inc")):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, src)
            mine = layer_of(rel)
            if mine is None:
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, text in enumerate(f, 1):
                    m = INCLUDE.match(text)
                    if not m or m.group(1).split("/")[0] not in TOP:
                        continue
                    theirs = layer_of(m.group(1))
                    if theirs and theirs[1] > mine[1]:
                        shown = os.path.relpath(path, root)
                        out.append(Violation(shown, number, f"{shown}: include {m.group(1)}",
                                             f"{mine[0]} (layer {mine[1]}) includes {m.group(1)} "
                                             f"({theirs[0]}, layer {theirs[1]})"))
    return out


# ---- CMake ---------------------------------------------------------------------------------------

def strip_comments(text):
    """CMake text with every # comment blanked (outside quoted arguments); lines kept."""
    out, quoted, i = [], False, 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\":
                out.append(text[i:i + 2])
                i += 2
                continue
            quoted = c != '"'
        elif c == '"':
            quoted = True
        elif c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        out.append(c)
        i += 1
    return "".join(out)


def cmake_calls(text):
    """(command, [arguments], line) of every command call, with quoted arguments unquoted."""
    text = strip_comments(text)
    calls = []
    for m in re.finditer(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(", text, re.M):
        args, depth, i = [], 1, m.end()
        while i < len(text) and depth:
            q = re.compile(r'"((?:[^"\\]|\\.)*)"|(\()|(\))|([^\s()"]+)|\s+', re.S).match(text, i)
            if q is None:
                break
            if q.group(1) is not None:
                args.append(q.group(1))
            elif q.group(2):
                depth += 1
            elif q.group(3):
                depth -= 1
            elif q.group(4):
                args.append(q.group(4))
            i = q.end()
        calls.append((m.group(1).lower(), args, text.count("\n", 0, m.start()) + 1))
    return calls


def folder_layer(cmake_dir, src):
    rel = os.path.relpath(cmake_dir, src)
    return None if rel == "." else layer_of(rel + "/x")


def cmake_files(src):
    """(source dir, file) of every CMakeLists.txt and included *.cmake under src/; an included
    file's relative paths resolve against the nearest folder above it with a CMakeLists.txt."""
    out = []
    for folder, dirs, names in os.walk(src):
        dirs.sort()
        owner = folder
        while owner != src and not os.path.exists(os.path.join(owner, "CMakeLists.txt")):
            owner = os.path.dirname(owner)
        for name in sorted(names):
            if name == "CMakeLists.txt" or name.endswith(".cmake"):
                out.append((owner, os.path.join(folder, name)))
    return out


def resolve(arg, source_dir, list_dir, src):
    """An argument naming a file, as an absolute path; None when it is no plain file name."""
    a = (arg.replace("${CMAKE_CURRENT_SOURCE_DIR}", source_dir).replace("${CMAKE_CURRENT_LIST_DIR}", list_dir)
         .replace("${PROJECT_SOURCE_DIR}", os.path.dirname(src)).replace("${CMAKE_SOURCE_DIR}", os.path.dirname(src)))
    if "$" in a or a.isupper() or "." not in os.path.basename(a):
        return None
    return os.path.normpath(os.path.join(source_dir, a))


def scan_cmake(src):
    """Target -> (layer name, number); and (source dir, file, calls) per CMake file."""
    targets, files = {}, []
    for source_dir, path in cmake_files(src):
        with open(path, encoding="utf-8") as f:
            calls = cmake_calls(f.read())
        files.append((source_dir, path, calls))
        for command, args, line in calls:
            if command not in ("add_library", "add_executable") or not args:
                continue
            layers = []
            for a in args[1:]:
                full = resolve(a, source_dir, os.path.dirname(path), src)
                if full and not os.path.relpath(full, src).startswith(".."):
                    l = layer_of(os.path.relpath(full, src))
                    if l:
                        layers.append(l)
            here = folder_layer(os.path.dirname(path), src)
            if here:
                layers.append(here)
            if layers:
                targets[args[0]] = max(layers, key=lambda l: l[1])
    return targets, files


def check_cmake(src, root):
    targets, files = scan_cmake(src)
    out = []
    for source_dir, path, calls in files:
        shown = os.path.relpath(path, root)
        list_dir = os.path.dirname(path)
        here = folder_layer(list_dir, src)
        for command, args, line in calls:
            if not args:
                continue
            target = args[0]
            mine = targets.get(target)
            if command == "discus_cli_command" and here and here[0] != "cli":
                out.append(Violation(shown, line, f"{shown}: command {target}",
                                     f"{here[0]} (layer {here[1]}) registers the CLI command '{target}' "
                                     "(commands belong in src/cli)"))
                continue
            if command in ("target_link_libraries", "target_sources") and here and mine and mine[1] > here[1]:
                verb = "links itself into" if command == "target_link_libraries" else "adds sources to"
                out.append(Violation(shown, line, f"{shown}: {command} {target}",
                                     f"{here[0]} (layer {here[1]}) {verb} {target} ({mine[0]}, layer {mine[1]})"))
                continue
            if command == "target_link_libraries" and mine:
                for dep in args[1:]:
                    theirs = targets.get(dep)
                    if theirs and theirs[1] > mine[1]:
                        out.append(Violation(shown, line, f"{shown}: link {target} -> {dep}",
                                             f"{target} ({mine[0]}, layer {mine[1]}) links {dep} "
                                             f"({theirs[0]}, layer {theirs[1]})"))
            if command in ("add_library", "target_sources") and here:
                for a in args[1:]:
                    full = resolve(a, source_dir, list_dir, src)
                    if full is None or not full.startswith(src + os.sep):
                        continue
                    if os.path.relpath(full, source_dir).startswith(".."):
                        rel = os.path.relpath(full, root)
                        out.append(Violation(shown, line, f"{shown}: source {rel}",
                                             f"{target} ({here[0]}) compiles {rel}, a file of another folder"))
    return out


def read_exceptions(path):
    keys = {}
    if not path or not os.path.exists(path):
        return keys
    with open(path, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            key = text.split("#", 1)[0].strip()
            if key:
                keys[key] = number
    return keys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.dirname(here), help="the source tree (default: this script's ../)")
    ap.add_argument("--exceptions", default=os.path.join(here, "layer_exceptions.txt"))
    ap.add_argument("--no-exceptions", action="store_true", help="report every violation, allowed or not")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    src = os.path.join(root, "src")
    if not os.path.isdir(src):
        print(f"check_layers: no src/ under {root}", file=sys.stderr)
        return 2
    found = check_includes(src, root) + check_cmake(src, root)
    allowed = {} if a.no_exceptions else read_exceptions(a.exceptions)
    used = set()
    failures = 0
    for v in found:
        if v.key in allowed:
            used.add(v.key)
            continue
        print(v)
        failures += 1
    for key, number in sorted(allowed.items(), key=lambda kv: kv[1]):
        if key not in used:
            print(f"{os.path.relpath(a.exceptions, root)}:{number}: stale exception (nothing matches it any more; "
                  f"remove the line): {key}")
            failures += 1
    print(f"check_layers: {len(found)} violation(s), {len(used)} allowed by {os.path.relpath(a.exceptions, root)}, "
          f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
