"""Outside media for the import tests (issue 17): DICOM instances made with pydicom (Debian's
python3-pydicom), laid out as a Discus disc, as other vendors' discs are laid out (lower-case
names, ";1" versions, no DICOMDIR, a viewer folder, a DICOMDIR pointing at missing files), and as
a hostile medium (".." File IDs, a symlink to /etc, empty, truncated and deflate-bomb files).

  import_media.make_instances(folder, patient, n)   -> [paths]
  import_media.vendor_disc(folder, patient)          -> files on the medium
  import_media.hostile_medium(folder, patient)       -> files on the medium
  import_media.worklist_folder(tmp, items, charset)   -> a folder for dcmtk's wlmscpfs -dfp (AE WL)
"""
import os
import struct
import zlib

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT = "1.2.840.10008.5.1.4.1.1.2"
ROOT = "1.2.826.0.1.3680043.10.543."  # a test root (pydicom's org root)


class Patient:
    def __init__(self, pid, name, birth, sex, issuer="OUTSIDE_HOSP", accession="EXT123"):
        self.pid, self.name, self.birth, self.sex, self.issuer, self.accession = pid, name, birth, sex, issuer, accession


def instance(patient, study_uid, series_uid, number, modality="CT", rows=16):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = CT
    ds.SOPInstanceUID = generate_uid(prefix=ROOT)
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.PatientName = patient.name
    ds.PatientID = patient.pid
    ds.IssuerOfPatientID = patient.issuer
    ds.PatientBirthDate = patient.birth
    ds.PatientSex = patient.sex
    ds.AccessionNumber = patient.accession
    ds.StudyDate = "20260101"
    ds.StudyTime = "101010"
    ds.StudyID = "1"
    ds.StudyDescription = "OUTSIDE CT"
    ds.ReferringPhysicianName = ""
    ds.Modality = modality
    ds.SeriesNumber = 1
    ds.InstanceNumber = number
    ds.Manufacturer = "Elsewhere"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.FrameOfReferenceUID = generate_uid(prefix=ROOT)
    ds.PositionReferenceIndicator = ""
    ds.ImagePositionPatient = [0, 0, number]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [1, 1]
    ds.SliceThickness = 1
    ds.KVP = 120
    ds.AcquisitionNumber = 1
    ds.RescaleIntercept = 0
    ds.RescaleSlope = 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = rows
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.PixelData = bytes((i * 7 + number) % 256 for i in range(rows * rows * 2))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def make_instances(folder, patient, n, study_uid=None, names=None, rows=16):
    """n CT instances of one study/series of `patient` in `folder`; names default IM00001..."""
    os.makedirs(folder, exist_ok=True)
    study = study_uid or generate_uid(prefix=ROOT)
    series = generate_uid(prefix=ROOT)
    paths = []
    for k in range(n):
        ds = instance(patient, study, series, k + 1, rows=rows)
        name = names[k] if names else f"IM{k + 1:05d}"
        p = os.path.join(folder, name)
        ds.save_as(p, write_like_original=False)
        paths.append(p)
    return paths


def write_dicomdir(path, file_ids, patient):
    """A minimal DICOMDIR whose IMAGE records reference `file_ids` (lists of components), with
    offsets computed by pydicom's own writer (FileSet is not used: it refuses '..' and missing files)."""
    from pydicom.fileset import FileSet  # noqa: F401  (ensures pydicom >= 2.2)
    ds = Dataset()
    ds.FileSetID = "VENDOR"
    ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
    ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0
    ds.FileSetConsistencyFlag = 0
    recs = []
    p = Dataset()
    p.OffsetOfTheNextDirectoryRecord = 0
    p.RecordInUseFlag = 0xFFFF
    p.OffsetOfReferencedLowerLevelDirectoryEntity = 0
    p.DirectoryRecordType = "PATIENT"
    p.PatientID = patient.pid
    p.PatientName = patient.name
    recs.append(p)
    for fid in file_ids:
        r = Dataset()
        r.OffsetOfTheNextDirectoryRecord = 0
        r.RecordInUseFlag = 0xFFFF
        r.OffsetOfReferencedLowerLevelDirectoryEntity = 0
        r.DirectoryRecordType = "IMAGE"
        r.ReferencedFileID = fid
        r.ReferencedSOPClassUIDInFile = CT
        r.ReferencedSOPInstanceUIDInFile = generate_uid(prefix=ROOT)
        r.ReferencedTransferSyntaxUIDInFile = ExplicitVRLittleEndian
        r.InstanceNumber = 1
        recs.append(r)
    ds.DirectoryRecordSequence = Sequence(recs)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.1.3.10"
    meta.MediaStorageSOPInstanceUID = generate_uid(prefix=ROOT)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(path, write_like_original=False)  # offsets left 0: the reader rebuilds the tree from sequence order


def vendor_disc(folder, patient, n=3, missing_refs=False, dicomdir=False):
    """A disc as other vendors make them: lower-case names with ';1' versions, no DICOMDIR (or one
    pointing at files that are not there), a viewer folder with an executable, autorun.inf, a zip."""
    made = make_instances(os.path.join(folder, "dicom", "st000001"), patient, n, names=[f"im{k:06d};1" for k in range(n)])
    os.makedirs(os.path.join(folder, "viewer"), exist_ok=True)
    with open(os.path.join(folder, "viewer", "viewer.exe"), "wb") as f:
        f.write(b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode")
    with open(os.path.join(folder, "viewer", "lib.zip"), "wb") as f:
        f.write(b"PK\x03\x04" + b"\x00" * 100)
    with open(os.path.join(folder, "autorun.inf"), "w") as f:
        f.write("[autorun]\nopen=viewer\\viewer.exe\n")
    with open(os.path.join(folder, "index.htm"), "w") as f:
        f.write("<html><body>viewer</body></html>\n")
    if dicomdir or missing_refs:
        ids = [["DICOM", "ST000001", f"IM{k:06d}"] for k in range(n)]
        if missing_refs:
            ids += [["DICOM", "ST000001", "IM999999"], ["DICOM", "ST000002", "IM000001"]]
        write_dicomdir(os.path.join(folder, "dicomdir"), ids, patient)
    return made


def deflate_bomb(path, patient):
    """A deflated explicit VR LE file whose data set inflates to ~2 GB of zeros (from ~2 MB)."""
    ds = instance(patient, generate_uid(prefix=ROOT), generate_uid(prefix=ROOT), 1)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = "1.2.840.10008.1.2.1.99"
    ds.file_meta = meta
    # Meta written by pydicom, then a deflate stream of a huge OB element.
    import io
    buf = io.BytesIO()
    pydicom.dcmwrite(buf, ds, write_like_original=False)
    raw = buf.getvalue()
    # Keep preamble + meta: find the end of group 0002.
    meta_len = struct.unpack("<I", raw[132 + 8:132 + 12])[0]
    head = raw[:132 + 12 + meta_len]
    big = 2_000_000_000
    element = struct.pack("<HH", 0x0009, 0x1010) + b"OB\x00\x00" + struct.pack("<I", big)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = c.compress(element)
    chunk = b"\x00" * (1 << 20)
    for _ in range(big // len(chunk)):
        body += c.compress(chunk)
    body += c.flush()
    with open(path, "wb") as f:
        f.write(head + body)


def hostile_medium(folder, patient, n=2):
    """Valid instances plus: a DICOMDIR with '..' File IDs, a symlink to /etc, an empty file, a
    truncated file, a deflate bomb, an executable."""
    made = make_instances(os.path.join(folder, "DICOM"), patient, n)
    write_dicomdir(os.path.join(folder, "DICOMDIR"), [["..", "..", "etc", "passwd"], ["DICOM", "IM00001"]], patient)
    os.symlink("/etc", os.path.join(folder, "etc-link"))
    open(os.path.join(folder, "DICOM", "EMPTY"), "wb").close()
    with open(made[0], "rb") as f:
        whole = f.read()
    with open(os.path.join(folder, "DICOM", "TRUNC"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    deflate_bomb(os.path.join(folder, "DICOM", "BOMB"), patient)
    with open(os.path.join(folder, "setup.exe"), "wb") as f:
        f.write(b"MZ" + b"\x00" * 64)
    return made


def worklist_folder(tmp, items, charset="ISO_IR 100"):
    """Modality Worklist items as files for dcmtk's wlmscpfs (-dfp FOLDER, called AE title WL).

    items: (Patient ID, name, birth date, sex[, accession]) each, issuer HOSP; one Requested
    Procedure and one Scheduled Procedure Step (OT at station DISCUS) per item, carrying every key
    our worklist C-FIND asks for (wlmscpfs matches only items that hold them all)."""
    base = os.path.join(tmp, "wl")
    os.makedirs(os.path.join(base, "WL"), exist_ok=True)
    open(os.path.join(base, "WL", "lockfile"), "w").close()
    for k, item in enumerate(items):
        pid, name, birth, sex = item[:4]
        ds = Dataset()
        ds.SpecificCharacterSet = charset
        ds.AccessionNumber = item[4] if len(item) > 4 else f"ACC{k}"
        ds.PatientName = name
        ds.PatientID = pid
        ds.IssuerOfPatientID = "HOSP"
        ds.PatientBirthDate = birth
        ds.PatientSex = sex
        ds.StudyInstanceUID = generate_uid()
        ds.RequestedProcedureID = f"RP{k}"
        ds.RequestedProcedureDescription = "IMPORT"
        sps = Dataset()
        sps.Modality = "OT"
        sps.ScheduledStationAETitle = "DISCUS"
        sps.ScheduledProcedureStepStartDate = "20261207"
        sps.ScheduledProcedureStepStartTime = "1000"
        sps.ScheduledProcedureStepID = f"SPS{k}"
        sps.ScheduledProcedureStepDescription = "IMPORT"
        ds.ScheduledProcedureStepSequence = Sequence([sps])
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.31"
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(os.path.join(base, "WL", f"item{k}.wl"), write_like_original=False)
    return base
