#!/usr/bin/python3
"""Dictionary oracle (issue 2): Discus's PS3.6 tables against pydicom's, which we did not write.

Data elements: for every public tag (even group) in either dictionary — `discus dictionary`
against pydicom.datadict.DicomDictionary + RepeatersDictionary — compare presence, VR (as a set:
"OB or OW" == "OW or OB"; "US or SS or OW" is three alternatives), VM, keyword, name and the
retired flag. Repeating-group tags are compared in PS3.6 notation, e.g. (60xx,3000), and our
masks are checked against pydicom.datadict.masks.

UIDs: for every UID in either registry — `discus dictionary --uids` against
pydicom.uid.UID_dictionary — compare presence, name, type, keyword and retired flag. Every
pydicom transfer syntax must be known to Discus as a transfer syntax (no exception possible).

A difference passes when it is
  * covered by a rule, printed and counted (see RULES below), or
  * listed in dictionary_oracle_exceptions.tsv with a reason.
Exit status: 0 when every difference is explained; 1 when a difference is unexplained or an
exception line matches no current difference (stale: remove it); 2 on usage or input errors.

Run with Debian's interpreter, which has python3-pydicom:
    /usr/bin/python3 tests/oracle/dictionary_oracle.py build/cli/src/discus
"""
import collections
import os
import subprocess
import sys

import pydicom
import pydicom.datadict
import pydicom.uid

EXCEPTIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dictionary_oracle_exceptions.tsv")
ELEMENT_COLUMNS = ["tag", "vr", "vm", "keyword", "name", "retired"]
UID_COLUMNS = ["uid", "name", "type", "keyword", "retired"]

# Rules: classes of difference that are expected as a whole, so they need no line each.
RULE_NEWER_EDITION = ("newer-edition", "present only in Discus, not retired, and absent from pydicom's "
                      "tables entirely: added to PS3.6 after the edition pydicom {} was generated from")
Difference = collections.namedtuple("Difference", "key field ours pydicom")


def fail_input(message):
    print(f"dictionary_oracle: {message}", file=sys.stderr)
    sys.exit(2)


def run_tsv(argv, columns):
    """Runs discus, returns its TSV output as a list of dicts after checking the header."""
    try:
        out = subprocess.run(argv, check=True, capture_output=True, text=True, encoding="utf-8").stdout
    except (OSError, subprocess.CalledProcessError) as e:
        fail_input(f"cannot run {' '.join(argv)}: {e}")
    lines = out.splitlines()
    if not lines or lines[0].split("\t") != columns:
        fail_input(f"{' '.join(argv)}: unexpected header {lines[:1]}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != len(columns):
            fail_input(f"{' '.join(argv)}: line {n} has {len(cols)} columns: {line!r}")
        rows.append(dict(zip(columns, cols)))
    return rows


def tag_key(text):
    """'(60xx,3000)', '60XX3000' or '6000xxxx' -> '60xx3000': upper-case hex, lower-case x."""
    digits = text.strip("()").replace(",", "")
    if len(digits) != 8 or any(c not in "0123456789abcdefABCDEFxX" for c in digits):
        fail_input(f"bad tag {text!r}")
    return digits.upper().replace("X", "x")


def display(key):
    return f"({key[:4]},{key[4:]})"


def is_public(key):
    # Repeating groups (50xx, 60xx, 7Fxx) are even-group ranges; the low nibble decides otherwise.
    return int(key[3].replace("x", "0"), 16) % 2 == 0


def value_and_mask(key):
    """Same meaning as pydicom.datadict.masks: (tag with x as 0, mask with x nibbles as 0)."""
    return int(key.replace("x", "0"), 16), int("".join("0" if c == "x" else "F" for c in key), 16)


def vr_set(text):
    # PS3.6 and pydicom spell alternatives "OB or OW"; pydicom 2.3.1 keeps the three-way
    # "US or SS or OW" of (0028,1200) and "US or OW" of (0028,3006) as written, so a set of the
    # parts compares them whatever the order, without pydicom's read-time disambiguation.
    return frozenset(v.strip() for v in text.split(" or "))


# ---------------------------------------------------------------------------------------------
# Data elements


def load_ours_elements(discus):
    ours = {}
    for row in run_tsv([discus, "dictionary"], ELEMENT_COLUMNS):
        key = tag_key(row["tag"])
        if key in ours:
            fail_input(f"discus dictionary lists {row['tag']} twice")
        ours[key] = {"vr": row["vr"], "vm": row["vm"], "keyword": row["keyword"], "name": row["name"],
                     "retired": row["retired"] == "RET"}
    return ours


def load_pydicom_elements():
    theirs = {}

    def add(key, entry):
        vr, vm, name, retired, keyword = entry
        theirs[key] = {"vr": vr, "vm": vm, "keyword": keyword, "name": name, "retired": retired == "Retired"}

    for tag, entry in pydicom.datadict.DicomDictionary.items():
        add(f"{tag:08X}", entry)
    for mask, entry in pydicom.datadict.RepeatersDictionary.items():
        add(tag_key(mask), entry)
    return theirs


def compare_elements(ours, theirs, differences, counts):
    fields = ["vr", "vm", "keyword", "name", "retired"]
    for key in sorted(set(ours) | set(theirs)):
        if not is_public(key):
            counts["element: private, skipped"] += 1
            continue
        counts["element: public tags compared"] += 1
        o, t = ours.get(key), theirs.get(key)
        if o is None or t is None:
            differences.append(Difference(display(key), "presence", "present" if o else "absent",
                                          "present" if t else "absent"))
            continue
        agree = True
        for field in fields:
            same = vr_set(o[field]) == vr_set(t[field]) if field == "vr" else o[field] == t[field]
            if not same:
                agree = False
                differences.append(Difference(display(key), field, str(o[field]), str(t[field])))
        counts["element: tags agreeing in every field" if agree else "element: tags differing"] += 1
    # Masks: our value/mask reading of a repeating-group tag must be pydicom's.
    pydicom_masks = {tag_key(m): v for m, v in pydicom.datadict.masks.items()}
    for key in sorted(k for k in ours if "x" in k and k in pydicom_masks):
        counts["element: repeating-group masks compared"] += 1
        if value_and_mask(key) != pydicom_masks[key]:
            differences.append(Difference(display(key), "mask", "%08X/%08X" % value_and_mask(key),
                                          "%08X/%08X" % pydicom_masks[key]))


# ---------------------------------------------------------------------------------------------
# UIDs


def load_ours_uids(discus):
    ours = {}
    for row in run_tsv([discus, "dictionary", "--uids"], UID_COLUMNS):
        if row["uid"] in ours:
            fail_input(f"discus dictionary --uids lists {row['uid']} twice")
        ours[row["uid"]] = {"name": row["name"], "type": row["type"], "keyword": row["keyword"],
                            "retired": row["retired"] == "RET"}
    return ours


def load_pydicom_uids():
    theirs = {}
    for uid, (name, type_, _info, retired, keyword) in pydicom.uid.UID_dictionary.items():
        theirs[uid] = {"name": name, "type": type_, "keyword": keyword, "retired": retired == "Retired"}
    return theirs


def compare_uids(ours, theirs, differences, counts, hard_failures):
    fields = ["name", "type", "keyword", "retired"]
    for uid in sorted(set(ours) | set(theirs)):
        counts["uid: UIDs compared"] += 1
        o, t = ours.get(uid), theirs.get(uid)
        if t is not None and t["type"] == "Transfer Syntax":
            counts["uid: pydicom transfer syntaxes checked"] += 1
            if o is None or o["type"] != "Transfer Syntax":
                hard_failures.append(f"transfer syntax {uid} ({t['name']}) is not a transfer syntax "
                                     "known to discus")
        if o is None or t is None:
            differences.append(Difference(uid, "uid.presence", "present" if o else "absent",
                                          "present" if t else "absent"))
            continue
        agree = True
        for field in fields:
            if o[field] != t[field]:
                agree = False
                differences.append(Difference(uid, "uid." + field, str(o[field]), str(t[field])))
        counts["uid: UIDs agreeing in every field" if agree else "uid: UIDs differing"] += 1


# ---------------------------------------------------------------------------------------------
# Explaining differences


def rule_for(d, ours_elements, ours_uids):
    """The name of the rule that explains `d`, or None."""
    if d.field == "presence" and d.ours == "present":
        if not ours_elements[tag_key(d.key)]["retired"]:
            return RULE_NEWER_EDITION[0]
    if d.field == "uid.presence" and d.ours == "present":
        if not ours_uids[d.key]["retired"]:
            return RULE_NEWER_EDITION[0]
    return None


def load_exceptions(path):
    """{(tag, field, ours, pydicom): reason}; '#' lines are comments."""
    exceptions = {}
    header = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                if cols != ["tag", "field", "ours", "pydicom", "reason"]:
                    fail_input(f"{path}:{n}: bad header {cols}")
                header = cols
                continue
            if len(cols) != 5 or not cols[4].strip():
                fail_input(f"{path}:{n}: want 5 columns with a reason: {line!r}")
            key = tuple(cols[:4])
            if key in exceptions:
                fail_input(f"{path}:{n}: duplicate exception {key}")
            exceptions[key] = cols[4]
    return exceptions


def print_table(title, rows):
    print(f"\n{title} ({len(rows)}):")
    for row in rows:
        print("  " + "\t".join(row))


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    discus = argv[1]
    counts = collections.Counter()
    differences, hard_failures = [], []

    ours_elements = load_ours_elements(discus)
    compare_elements(ours_elements, load_pydicom_elements(), differences, counts)
    ours_uids = load_ours_uids(discus)
    compare_uids(ours_uids, load_pydicom_uids(), differences, counts, hard_failures)
    exceptions = load_exceptions(EXCEPTIONS)

    by_rule = collections.defaultdict(list)
    excepted, unexplained = [], []
    for d in differences:
        rule = rule_for(d, ours_elements, ours_uids)
        if rule:
            by_rule[rule].append(d)
        elif tuple(d) in exceptions:
            excepted.append((d, exceptions[tuple(d)]))
        else:
            unexplained.append(d)
    used = {tuple(d) for d, _ in excepted}
    stale = [k for k in exceptions if k not in used]

    print(f"dictionary oracle: discus {discus} against pydicom {pydicom.__version__}")
    for name in sorted(counts):
        print(f"  {name}: {counts[name]}")
    print(f"  differences: {len(differences)} (by rule {sum(len(v) for v in by_rule.values())}, "
          f"by exception {len(excepted)}, unexplained {len(unexplained)}); stale exceptions: {len(stale)}")
    def our_name(d):
        entry = ours_uids.get(d.key) if d.field.startswith("uid.") else ours_elements.get(tag_key(d.key))
        return entry["name"] if entry else ""

    for rule, what in [RULE_NEWER_EDITION]:
        rows = [(d.key, d.field, d.ours, d.pydicom, our_name(d)) for d in by_rule.get(rule, [])]
        print_table(f"rule {rule}: {what.format(pydicom.__version__)}", rows)
    print_table("explained in dictionary_oracle_exceptions.tsv", [tuple(d) + (r,) for d, r in excepted])
    print_table("UNEXPLAINED differences (fix the tables or add an exception with a reason)",
                [tuple(d) for d in unexplained])
    print_table("STALE exceptions (no such difference any more: remove them)", stale)
    print_table("FAILED transfer syntax checks", [(f,) for f in hard_failures])

    ok = not unexplained and not stale and not hard_failures
    print("\ndictionary oracle: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
