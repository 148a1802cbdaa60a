#!/usr/bin/env python3
"""Generate Discus's constexpr IOD tables (PS3.3) from modules.tsv and iods.tsv.

Macros are expanded, keywords resolved to tags through the PS3.6 dictionary (dictionary.tsv),
SOP Class keywords to UIDs through uids.tsv, and conditions compiled into flat prefix-order node
arrays, so that the validator walks static arrays and parses nothing at run time.
Any unknown keyword, module, macro or malformed condition fails the build.
Usage: generate.py TABLES_DIR DICT_DATA_DIR OUT_FILE
"""
import os
import sys

MAX_DEPTH = 6
TYPES = {"1": "k1", "1C": "k1C", "2": "k2", "2C": "k2C", "3": "k3"}
OPS = {"present": "kPresent", "absent": "kAbsent", "equals": "kEquals", "notequals": "kNotEquals",
       "greater": "kGreater", "sopclass": "kSopClass", "and": "kAnd", "or": "kOr", "not": "kNot"}


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fail(where, msg):
    sys.exit(f"generate.py: {where}: {msg}")


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield f"{os.path.basename(path)}:{n}", line.split("\t")


def read_dictionary(data_dir):
    tags, header = {}, None
    for _, cols in read_lines(os.path.join(data_dir, "dictionary.tsv")):
        if header is None:
            header = cols
            continue
        r = dict(zip(header, cols))
        t = r["tag"].strip("()").replace(",", "")
        if r.get("keyword") and "x" not in t.lower():
            tags[r["keyword"]] = int(t, 16)
    return tags


def read_uids(data_dir):
    uids = {}
    for name in ("uids.tsv", "uids_supplement.tsv"):
        path = os.path.join(data_dir, name)
        if not os.path.exists(path):
            continue
        header = None
        for _, cols in read_lines(path):
            if header is None:
                header = cols
                continue
            r = dict(zip(header, cols + [""] * (len(header) - len(cols))))
            if r.get("keyword"):
                uids[r["keyword"]] = r["uid"]
    return uids


class Conditions:
    """Compiles the condition language into nodes: (op, child_count, size, tag, index, arg)."""

    def __init__(self, tags, uids):
        self.tags, self.uids, self.nodes = tags, uids, []

    def split_args(self, text, where):
        args, depth, cur = [], 0, ""
        for ch in text:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            if ch == "," and depth == 0:
                args.append(cur.strip())
                cur = ""
            else:
                cur += ch
        if depth != 0:
            fail(where, f"unbalanced parentheses in {text}")
        args.append(cur.strip())
        return args

    def keyword(self, text, where):
        index = 0
        if text.endswith("]"):
            text, _, n = text[:-1].partition("[")
            index = int(n)
        if text not in self.tags:
            fail(where, f"unknown keyword {text} in condition")
        return self.tags[text], index

    def compile(self, text, where):
        if text in ("", "unchecked"):
            return -1
        start = len(self.nodes)
        self.emit(text, where)
        return start

    def emit(self, text, where):
        name, paren, rest = text.partition("(")
        if not paren or not rest.endswith(")") or name not in OPS:
            fail(where, f"bad condition {text}")
        args = self.split_args(rest[:-1], where)
        me = len(self.nodes)
        self.nodes.append(None)
        tag, index, arg = 0, 0, ""
        if name in ("and", "or", "not"):
            if name == "not" and len(args) != 1:
                fail(where, "not() takes one condition")
            for a in args:
                self.emit(a, where)
            count = len(args)
        elif name in ("present", "absent"):
            tag, index = self.keyword(args[0], where)
            count = 0
        elif name == "sopclass":
            for k in args[0].split("|"):
                if k not in self.uids:
                    fail(where, f"unknown SOP class keyword {k}")
            arg = "|".join(self.uids[k] for k in args[0].split("|"))
            count = 0
        else:
            if len(args) != 2:
                fail(where, f"{name}() takes a keyword and a value")
            tag, index = self.keyword(args[0], where)
            arg = args[1]
            if name == "greater":
                float(arg)
            count = 0
        self.nodes[me] = (OPS[name], count, len(self.nodes) - me, tag, index, arg)


def parse_values(text, where):
    specs = []
    for spec in filter(None, text.split(";")):
        head, colon, values = spec.partition(":")
        if not colon or head[:1] not in ("E", "D") or not values:
            fail(where, f"bad values spec {spec}")
        specs.append((int(head[1:]) if head[1:] else 0, values, head[0] == "D"))
    return specs


def read_modules(path, tags, conds):
    modules, order, current = {}, [], None
    for where, cols in read_lines(path):
        if cols[0] == "MODULE":
            if len(cols) < 3 or cols[1] in modules:
                fail(where, "bad or duplicate MODULE line")
            current = cols[1]
            modules[current] = {"section": cols[2], "rows": []}
            order.append(current)
            continue
        if current is None:
            fail(where, "attribute before the first MODULE line")
        cols += [""] * (6 - len(cols))
        modules[current]["rows"].append((where, cols))
    return modules, order


def expand(name, modules, tags, conds, where, stack=()):
    """The module's rules with macros expanded: (path[(tag, recursive)], type, cond, text, enums, undecided)."""
    if name not in modules:
        fail(where, f"unknown module or macro {name}")
    if name in stack:
        fail(where, f"macro cycle through {name}")
    rules = []
    for row_where, (path, typ, cond, values, note, undecided) in modules[name]["rows"]:
        steps = path.split(">")
        prefix = []
        for s in steps[:-1]:
            rec = s.endswith("*")
            kw = s.rstrip("*")
            if kw not in tags:
                fail(row_where, f"unknown keyword {kw}")
            prefix.append((tags[kw], rec))
        last = steps[-1]
        if last.startswith("@"):
            for sub_path, *rest in expand(last[1:], modules, tags, conds, row_where, stack + (name,)):
                rules.append((prefix + sub_path, *rest))
            continue
        if last not in tags:
            fail(row_where, f"unknown keyword {last}")
        if typ not in TYPES:
            fail(row_where, f"bad type {typ}")
        if typ in ("1C", "2C") and not cond:
            fail(row_where, "conditional type without condition (use 'unchecked')")
        c = conds.compile(cond, row_where) if typ in ("1C", "2C") else -1
        if undecided and typ not in ("1C", "2C"):
            fail(row_where, "an undecided condition only goes with 1C or 2C")
        u = conds.compile(undecided, row_where) if undecided else -1
        text = note or cond
        rules.append((prefix + [(tags[last], False)], typ, c, text, parse_values(values, row_where), u))
    for r in rules:
        if len(r[0]) > MAX_DEPTH:
            fail(where, f"path deeper than {MAX_DEPTH} in {name}")
    return rules


def read_iods(path, modules, uids, conds):
    iods = []
    for where, cols in read_lines(path):
        if cols[0] == "IOD":
            if len(cols) < 4:
                fail(where, "IOD line needs name, section and SOP classes")
            classes = []
            for k in cols[3].split(","):
                if k not in uids:
                    fail(where, f"unknown SOP class keyword {k}")
                classes.append(uids[k])
            iods.append({"name": cols[1], "section": cols[2], "classes": classes, "uses": [],
                         "overrides": {}})
            continue
        if not iods:
            fail(where, "module before the first IOD line")
        if cols[0] == "OVERRIDE":
            cols += [""] * (5 - len(cols))
            if cols[3] not in TYPES or not cols[4]:
                fail(where, "OVERRIDE needs module, keyword, type and reason")
            iods[-1]["overrides"].setdefault(cols[1], {})[cols[2]] = cols[3]
            continue
        cols += [""] * (4 - len(cols))
        module, usage, cond, note = cols[:4]
        if module not in modules:
            fail(where, f"unknown module {module}")
        if usage not in ("M", "C", "U"):
            fail(where, f"bad usage {usage}")
        if usage == "C" and not cond:
            fail(where, "C module without condition (use 'unchecked')")
        c = conds.compile(cond, where) if usage == "C" else -1
        iods[-1]["uses"].append((module, usage, c, note or cond))
    return iods


def main():
    tables_dir, data_dir, out_path = sys.argv[1:4]
    tags, uids = read_dictionary(data_dir), read_uids(data_dir)
    conds = Conditions(tags, uids)
    modules, order = read_modules(os.path.join(tables_dir, "modules.tsv"), tags, conds)
    expanded = {m: expand(m, modules, tags, conds, "modules.tsv") for m in order}
    iods = read_iods(os.path.join(tables_dir, "iods.tsv"), modules, uids, conds)

    # Only modules used by an IOD become ModuleDefs; macros live on inside them. An IOD's
    # OVERRIDE lines make a variant of a module with some top-level attribute types changed.
    used, variants = [], {}
    for iod in iods:
        for m, *_ in iod["uses"]:
            key = (m, tuple(sorted(iod["overrides"].get(m, {}).items())))
            if key not in variants:
                variants[key] = len(used)
                used.append(key)
        for m, changes in iod["overrides"].items():
            top = {p[0][0] for p, *_ in expanded[m] if len(p) == 1}
            for kw in changes:
                if tags.get(kw) not in top:
                    fail("iods.tsv", f"OVERRIDE of {kw}, which module {m} does not list")

    out = ["// Generated by src/iod/tables/generate.py from modules.tsv and iods.tsv. Do not edit.", ""]
    out.append("inline constexpr ConditionNode kConditionNodes[] = {")
    for op, count, size, tag, index, arg in conds.nodes:
        out.append(f"  {{CondOp::{op}, {count}, {size}, 0x{tag:08X}u, {index}, {c_str(arg)}}},")
    if not conds.nodes:
        out.append("  {CondOp::kAnd, 0, 1, 0, 0, \"\"},")
    out.append("};")

    enums, rules, module_defs = [], [], []
    for m, changes in used:
        first = len(rules)
        changed = {tags[k]: t for k, t in changes}
        for path, typ, c, text, specs, u in expanded[m]:
            if len(path) == 1 and path[0][0] in changed:
                typ = changed[path[0][0]]
            first_enum = len(enums)
            enums.extend(specs)
            padded = [t for t, _ in path] + [0] * (MAX_DEPTH - len(path))
            rec = sum(1 << i for i, (_, r) in enumerate(path) if r)
            tag_list = ", ".join(f"0x{t:08X}u" for t in padded)
            rules.append(f"  {{{{{tag_list}}}, {len(path)}, {rec}, AttributeType::{TYPES[typ]}, {c}, "
                         f"{c_str(text)}, {first_enum}, {len(specs)}, {u}}},")
        module_defs.append(f"  {{{c_str(m)}, {c_str(modules[m]['section'])}, {first}, {len(rules) - first}}},")

    out.append("inline constexpr EnumSpec kEnumSpecs[] = {")
    out += [f"  {{{i}, {c_str(v)}, {'true' if d else 'false'}}}," for i, v, d in enums] or ["  {0, \"\", false},"]
    out.append("};")
    out.append("inline constexpr AttributeRule kAttributeRules[] = {")
    out += rules
    out.append("};")
    out.append("inline constexpr ModuleDef kModules[] = {")
    out += module_defs
    out.append("};")

    uses, signatures, iod_defs, sop = [], [], [], []
    for n, iod in enumerate(iods):
        first_use = len(uses)
        top = {}
        for m, *_ in iod["uses"]:
            top[m] = {p[0][0] for p, *_ in expanded[m] if len(p) == 1}
        for m, usage, c, text in iod["uses"]:
            others = set().union(*(top[o] for o in top if o != m)) if len(top) > 1 else set()
            sig = sorted(top[m] - others)
            first_sig = len(signatures)
            signatures.extend(sig)
            key = (m, tuple(sorted(iod["overrides"].get(m, {}).items())))
            uses.append(f"  {{{variants[key]}, '{usage}', {c}, {c_str(text)}, {first_sig}, {len(sig)}}},")
        iod_defs.append(f"  {{{c_str(iod['name'])}, {c_str(iod['section'])}, {first_use}, "
                        f"{len(uses) - first_use}}},")
        sop += [(uid, n) for uid in iod["classes"]]
    out.append("inline constexpr std::uint32_t kSignatureTags[] = {")
    out += [f"  0x{t:08X}u," for t in signatures] or ["  0,"]
    out.append("};")
    out.append("inline constexpr ModuleUse kModuleUses[] = {")
    out += uses
    out.append("};")
    out.append("inline constexpr IodDef kIods[] = {")
    out += iod_defs
    out.append("};")
    out.append("// Sorted by UID for binary search.")
    out.append("inline constexpr SopClassIod kSopClassIods[] = {")
    seen = set()
    for uid, n in sorted(sop):
        if uid in seen:
            fail("iods.tsv", f"SOP class {uid} in two IODs")
        seen.add(uid)
        out.append(f"  {{{c_str(uid)}, {n}}},")
    out.append("};")
    os.makedirs(os.path.dirname(out_path) or ".", exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
