#!/usr/bin/env python3
"""Every audit message type Discus writes is valid against PS3.15 A.5.1's schema (jing -c).

The schema is src/daemon/audit/data/audit-message.rnc, the standard's RELAX NG compact text;
Debian's jing judges (issue 14 item 6). The samples (audit_probe samples) carry hostile text
(markup, quotes, a control character, Latin-1 bytes, a bidi override) in patient names, so the
escaping is judged too. Then broken messages, each made from a valid one by one edit, must be
refused, so this test can fail; and the A.5.3 content the schema cannot see is checked in Python
(event IDs, action codes, participant roles, the medium, studies with SOP classes).
  audit_schema_test.py AUDIT_PROBE SOURCE_DIR
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PROBE, SRC = sys.argv[1], sys.argv[2]
SCHEMA = os.path.join(SRC, "src/daemon/audit/data/audit-message.rnc")

# kind -> (EventID csd-code, EventActionCode) from PS3.15 A.5.3.x tables
EXPECTED = {
    "export": ("110106", "R"),             # A.5.3.4 Data Export
    "import": ("110107", "C"),             # A.5.3.5 Data Import
    "transfer": ("110104", "R"),           # A.5.3.7 DICOM Instances Transferred (we send)
    "transfer-received": ("110104", "C"),
    "begin-transfer": ("110102", "E"),     # A.5.3.3
    "purge": ("110103", "D"),              # A.5.3.6 DICOM Instances Accessed, delete
    "security-alert": ("110113", "E"),     # A.5.3.11
    "authentication": ("110114", "E"),     # A.5.3.12
    "authentication-logout": ("110114", "E"),
    "audit-log-used": ("110101", "R"),     # A.5.3.2
    "configuration-changed": ("110113", "E"),  # A.5.3.11, type Software Configuration (PATCH /v1/config)
    "patient-record": ("110110", "U"),     # A.5.3.9 Patient Record (an import hold decided)
}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def jing(paths):
    r = subprocess.run(["jing", "-c", SCHEMA, *paths], capture_output=True, text=True)
    out = "\n".join(l for l in (r.stdout + r.stderr).splitlines() if "[warning]" not in l)
    return r.returncode, out


def roles(p):
    return {c.get("csd-code") for c in p.findall("RoleIDCode")}


def check_content(kind, path):
    root = ET.parse(path).getroot()
    ev = root.find("EventIdentification")
    code, action = EXPECTED[kind]
    if ev.find("EventID").get("csd-code") != code:
        fail(f"{path}: EventID {ev.find('EventID').get('csd-code')}, PS3.15 says {code}")
    if ev.get("EventActionCode") != action:
        fail(f"{path}: EventActionCode {ev.get('EventActionCode')}, PS3.15 says {action}")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", ev.get("EventDateTime")):
        fail(f"{path}: EventDateTime {ev.get('EventDateTime')} is not UTC")
    parts = root.findall("ActiveParticipant")
    objects = root.findall("ParticipantObjectIdentification")
    studies = [o for o in objects if o.find("ParticipantObjectIDTypeCode").get("csd-code") == "110180"]
    patients = [o for o in objects if o.get("ParticipantObjectTypeCodeRole") == "1"]
    if kind in ("export", "import"):
        media = [p for p in parts if p.find("MediaIdentifier") is not None]
        want = "110154" if kind == "export" else "110155"
        if len(media) != 1 or want not in roles(media[0]) or media[0].get("UserIsRequestor") != "false":
            fail(f"{path}: the medium must be one participant with role {want}, not the requestor")
        if len(patients) != 2 or len(studies) != 2:
            fail(f"{path}: {len(patients)} patients, {len(studies)} studies (expected 2 and 2)")
        counts = {s.get("UID"): s.get("NumberOfInstances") for o in studies for s in o.iter("SOPClass")}
        if counts.get("1.2.840.10008.5.1.4.1.1.2") != "120":
            fail(f"{path}: SOP class instance counts {counts}")
    if kind == "export":
        rec = [p for p in parts if p.get("UserIsRequestor") == "true"]
        if [p.get("UserID") for p in rec] != ["alice"]:
            fail(f"{path}: the requestor must be alice alone: {[p.get('UserID') for p in rec]}")
        if not any("110152" in roles(p) and p.get("UserID").startswith("Dr. Who") for p in parts):
            fail(f"{path}: the recipient is not a destination participant")
    if kind in ("transfer", "begin-transfer", "purge", "transfer-received"):
        # one patient per message (A.5.3.3, A.5.3.6, A.5.3.7)
        if len(patients) != 1:
            fail(f"{path}: {len(patients)} patients in a single-patient message")
    if kind in ("transfer", "begin-transfer", "transfer-received"):
        r = set().union(*(roles(p) for p in parts))
        if not {"110153", "110152"} <= r:
            fail(f"{path}: source and destination roles missing: {r}")
    if kind == "security-alert":
        if ev.get("EventOutcomeIndicator") != "4" or ev.find("EventTypeCode") is None:
            fail(f"{path}: a refusal is a minor failure with an EventTypeCode")
        if any(p.get("UserID") == "uid=1001" and p.get("UserIsRequestor") != "false" for p in parts):
            fail(f"{path}: the refused peer is never the requestor")
    if kind == "configuration-changed":
        types = [t.get("csd-code") for t in ev.findall("EventTypeCode")]
        if ev.get("EventOutcomeIndicator") != "0" or types != ["110131"]:
            fail(f"{path}: a settings change is a success of type Software Configuration (110131): {types}")
        if not any(p.get("UserID") == "admin" and p.get("UserIsRequestor") == "true" for p in parts):
            fail(f"{path}: the person who changed the settings is the requestor")
    if kind.startswith("authentication"):
        person = [p for p in parts if p.get("UserID") == "alice"]
        if not person or person[0].get("NetworkAccessPointID") is None:
            fail(f"{path}: A.5.3.12 needs the person's NetworkAccessPointID")
    if kind == "audit-log-used":
        if not objects or objects[0].find("ParticipantObjectName").text != "Security Audit Log":
            fail(f"{path}: the audit log object")


def broken_variants(text):
    """(what, broken XML): each one edit away from a valid message."""
    yield "EventOutcomeIndicator 3", text.replace('EventOutcomeIndicator="0"', 'EventOutcomeIndicator="3"', 1)
    yield "no AuditSourceIdentification", re.sub(r"<AuditSourceIdentification.*?</AuditSourceIdentification>", "", text, 1, re.S)
    yield "UserIsRequestor yes", text.replace('UserIsRequestor="true"', 'UserIsRequestor="yes"', 1)
    yield "no originalText", text.replace(' originalText="Export"', "", 1)
    yield "ActiveParticipant after the source", re.sub(
        r"(<ActiveParticipant .*?</ActiveParticipant>)(.*?)(<AuditSourceIdentification.*?</AuditSourceIdentification>)",
        r"\2\3\1", text, 1, re.S)
    yield "unknown element", text.replace("<EventID ", "<Bogus/><EventID ", 1)


def main():
    if not os.path.exists(SCHEMA):
        fail(f"schema missing: {SCHEMA}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([PROBE, "samples", tmp], check=True)
        files = sorted(glob.glob(os.path.join(tmp, "*.xml")))
        kinds = {re.sub(r"-\d+\.xml$", "", os.path.basename(f)) for f in files}
        if kinds != set(EXPECTED):
            fail(f"message kinds {sorted(kinds)} != {sorted(EXPECTED)}")
        rc, out = jing(files)
        if rc != 0:
            fail(f"jing refused our messages:\n{out}")
        print(f"jing -c accepted {len(files)} messages of {len(kinds)} kinds" if rc == 0 else "")
        for f in files:
            check_content(re.sub(r"-\d+\.xml$", "", os.path.basename(f)), f)
            raw = open(f, "rb").read()
            if b"<Evil" in raw or b"\x01" in raw:
                fail(f"{f}: hostile text was not escaped")
        # Messages that allow one patient (A.5.3.7) were split: 2 patients -> 2 messages.
        if len([f for f in files if re.fullmatch(r"transfer-\d+\.xml", os.path.basename(f))]) != 2:
            fail("the two-patient transfer did not become two messages")
        export = open(os.path.join(tmp, "export-1.xml"), encoding="utf-8").read()
        for what, text in broken_variants(export):
            if text == export:
                fail(f"broken variant '{what}' did not change the message")
                continue
            bad = os.path.join(tmp, "broken.xml")
            open(bad, "w", encoding="utf-8").write(text)
            rc, out = jing([bad])
            if rc == 0:
                fail(f"jing accepted a broken message ({what})")
            else:
                print(f"refused as it must be ({what}): {out.splitlines()[0] if out else ''}")
    print("FAILED" if failures else "OK")
    return 1 if failures else 0


sys.exit(main())
