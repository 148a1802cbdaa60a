#!/usr/bin/python3
"""Generate a realistic, deterministic DICOM Part 10 data set for the header-parse benchmark.

Run with Debian's interpreter (it has python3-pydicom 2.3 and python3-numpy):

    /usr/bin/python3 bench/gen_dataset.py --out bench/data/full            # ~1,400 files, ~1 GB
    /usr/bin/python3 bench/gen_dataset.py --out bench/data/s005 --scale 0.05
    /usr/bin/python3 bench/gen_dataset.py --out bench/data/small --small   # ~10 files, demo

What is "realistic" here: the headers carry the modules real modalities write (SOP common,
patient, general study/series/equipment/image, frame of reference, image plane, image pixel,
modality-specific modules, VOI LUT), a few sequences (ReferencedImageSequence,
ProcedureCodeSequence, RequestAttributesSequence, AnatomicRegionSequence,
SequenceOfUltrasoundRegions), private blocks with a private creator (including a
CSA-header-sized private OB on MR), and a mix of Explicit VR LE (most) and Implicit VR LE
(some series). Pixel values are a cheap gradient, but pixel sizes are real: a header-only
parser must skip them, not be spared them.

Deterministic: every UID, date and number derives from --seed and the series name, so the same
arguments produce byte-identical files regardless of --jobs.
"""

import argparse
import hashlib
import json
import os
import random
import sys
import time
from multiprocessing import Pool

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
CR_IMAGE = "1.2.840.10008.5.1.4.1.1.1"
XA_IMAGE = "1.2.840.10008.5.1.4.1.1.12.1"
US_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1"
# A UUID-derived UID (PS3.5 B.2) so we claim no organisation's root.
IMPLEMENTATION_CLASS_UID = "2.25.177441364370429393815452380722651003742"

EXPLICIT, IMPLICIT = "explicit", "implicit"


def series_plan():
    """The full set: (name, kind, instances, frames, transfer syntax, study key)."""
    plan = []
    # Three CT series of one chest/abdomen study plus a head study, ~300 slices each.
    plan += [("ct_s1", "CT", 296, 1, EXPLICIT, "st_ct_a"),
             ("ct_s2", "CT", 312, 1, IMPLICIT, "st_ct_a"),
             ("ct_s3", "CT", 304, 1, EXPLICIT, "st_ct_b")]
    # Two MR studies (brain, knee) with typical series lengths.
    mr = [(24, EXPLICIT, "st_mr_a"), (40, EXPLICIT, "st_mr_a"), (40, IMPLICIT, "st_mr_a"),
          (60, EXPLICIT, "st_mr_a"), (176, EXPLICIT, "st_mr_a"), (30, IMPLICIT, "st_mr_b"),
          (30, EXPLICIT, "st_mr_b"), (36, EXPLICIT, "st_mr_b")]
    plan += [(f"mr_s{i + 1}", "MR", n, 1, ts, st) for i, (n, ts, st) in enumerate(mr)]
    # Computed radiography: one series per exam of 1-3 views; 40 images over 18 exams.
    cr_counts = [2, 3, 2, 2, 1, 3, 2, 2, 2, 3, 2, 2, 1, 3, 2, 2, 3, 3]
    plan += [(f"cr_s{i + 1}", "CR", n, 1, IMPLICIT if i % 4 == 3 else EXPLICIT, f"st_cr_{i}")
             for i, n in enumerate(cr_counts)]
    # Multi-frame cines: XA runs and US loops, 512x512x8-bit, 30-60 frames.
    xa_frames = [30, 45, 60, 38, 52, 60]
    plan += [(f"xa_s{i + 1}", "XA", 1, f, EXPLICIT, "st_xa") for i, f in enumerate(xa_frames)]
    us_frames = [40, 56, 33, 48]
    plan += [(f"us_s{i + 1}", "US", 1, f, IMPLICIT if i == 2 else EXPLICIT, "st_us")
             for i, f in enumerate(us_frames)]
    return plan


def scaled_plan(scale, small):
    plan = series_plan()
    if small:
        keep = {"ct_s1": 3, "mr_s1": 2, "mr_s3": 1, "cr_s1": 2, "xa_s1": 1, "us_s1": 1}
        return [(n, k, keep[n], f, ts, st) for (n, k, _, f, ts, st) in plan if n in keep]
    out = []
    for i, (name, kind, count, frames, ts, st) in enumerate(plan):
        if kind in ("XA", "US", "CR"):
            # Small series: keep a proportional number of series rather than shrinking each.
            step = max(1, round(1 / scale)) if scale < 1 else 1
            series_index = sum(1 for p in plan[:i] if p[1] == kind)
            if series_index % step:
                continue
            out.append((name, kind, count, frames, ts, st))
        else:
            out.append((name, kind, max(1, round(count * scale)), frames, ts, st))
    return out


class Uids:
    """Deterministic 2.25 UIDs from a string key (PS3.5 B.2)."""

    def __init__(self, seed):
        self.seed = seed

    def __call__(self, *key):
        digest = hashlib.sha256(("|".join(map(str, (self.seed,) + key))).encode()).digest()
        return "2.25." + str(int.from_bytes(digest[:16], "big"))


def gradient(rows, cols, dtype, maximum):
    """A cheap diagonal ramp: real size, trivially generated."""
    ramp = np.add.outer(np.arange(rows, dtype=np.uint32), np.arange(cols, dtype=np.uint32))
    return ((ramp * maximum) // max(1, rows + cols - 2)).astype(dtype).tobytes()


PATIENTS = [("DOE^JANE", "F", "19580312"), ("MUSTERMANN^MAX", "M", "19671124"),
            ("SMITH^JOHN^A", "M", "19490707"), ("GARCIA^MARIA", "F", "19830219"),
            ("MÜLLER^JÜRGEN", "M", "19720530"), ("NGUYEN^LINH", "F", "19911103")]

STUDIES = {
    # study key: (patient index, description, procedure code, study date, accession)
    "st_ct_a": (0, "CT THORAX ABDOMEN PELVIS W CONTRAST", ("CTCAP", "CT chest abdomen pelvis"), "20240311"),
    "st_ct_b": (1, "CT HEAD WO CONTRAST", ("CTHEAD", "CT head without contrast"), "20240312"),
    "st_mr_a": (2, "MR BRAIN W WO CONTRAST", ("MRBRW", "MR brain with and without contrast"), "20240313"),
    "st_mr_b": (3, "MR KNEE RIGHT", ("MRKNR", "MR knee right"), "20240314"),
    "st_xa": (4, "CORONARY ANGIOGRAPHY", ("XACOR", "Coronary angiography"), "20240315"),
    "st_us": (5, "ECHOCARDIOGRAPHY TTE", ("USECHO", "Transthoracic echocardiography"), "20240316"),
}


def study_info(key):
    if key.startswith("st_cr_"):
        i = int(key.rsplit("_", 1)[1])
        body = ["CHEST", "HAND", "KNEE", "SPINE", "PELVIS", "FOOT"][i % 6]
        return (i % len(PATIENTS), f"XR {body}", (f"XR{body[:4]}", f"Radiograph {body.lower()}"),
                f"202403{10 + i % 18:02d}")
    return STUDIES[key]


def common_dataset(ds, uids, name, kind, sop_class, study_key, series_number, rng):
    pat_index, study_desc, (proc_code, proc_meaning), study_date = study_info(study_key)
    pname, sex, birth = PATIENTS[pat_index]
    # SOP Common
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"] if kind in ("CT", "MR") else ["ORIGINAL", "PRIMARY"]
    ds.InstanceCreationDate = study_date
    ds.InstanceCreationTime = "101512.000"
    ds.SOPClassUID = sop_class
    ds.StudyDate = study_date
    ds.SeriesDate = study_date
    ds.AcquisitionDate = study_date
    ds.ContentDate = study_date
    ds.StudyTime = "093000.000"
    minute = 30 + series_number
    ds.SeriesTime = f"{9 + minute // 60:02d}{minute % 60:02d}12.000"
    ds.AccessionNumber = f"A{int(study_date) % 1000000:06d}{pat_index}"
    ds.Modality = kind
    ds.Manufacturer = {"CT": "ACME Medical", "MR": "Example Magnetics", "CR": "Sample Imaging",
                       "XA": "ACME Medical", "US": "Sonic Example"}[kind]
    ds.InstitutionName = "Discus General Hospital"
    ds.InstitutionAddress = "1 Example Street, Sampletown"
    ds.ReferringPhysicianName = "WELBY^MARCUS^^DR"
    ds.StationName = f"{kind}STATION{1 + series_number % 3}"
    ds.StudyDescription = study_desc
    proc = Dataset()
    proc.CodeValue = proc_code
    proc.CodingSchemeDesignator = "99DGH"
    proc.CodeMeaning = proc_meaning
    ds.ProcedureCodeSequence = Sequence([proc])
    ds.SeriesDescription = f"{name.upper()} {study_desc.split()[0]}"
    ds.InstitutionalDepartmentName = "Radiology"
    ds.PerformingPhysicianName = "TECH^TERRY"
    ds.OperatorsName = "OPERATOR^OLIVIA"
    ds.ManufacturerModelName = {"CT": "Scanmaster 128", "MR": "Magnus 3T", "CR": "CR Reader 35",
                                "XA": "Angio Flex", "US": "Echo Pro 9"}[kind]
    ds.PatientName = pname
    ds.PatientID = f"PID{100234 + pat_index * 7919}"
    ds.IssuerOfPatientID = "DGH"
    ds.PatientBirthDate = birth
    ds.PatientSex = sex
    ds.PatientAge = f"{int(study_date[:4]) - int(birth[:4]):03d}Y"
    ds.PatientSize = f"{1.55 + 0.05 * pat_index:.2f}"
    ds.PatientWeight = str(58 + 6 * pat_index)
    ds.DeviceSerialNumber = f"SN{4711 + pat_index}"
    ds.SoftwareVersions = ["VB20A", "2.4.1"]
    ds.ProtocolName = ds.SeriesDescription
    ds.StudyInstanceUID = uids("study", study_key)
    ds.SeriesInstanceUID = uids("series", name)
    ds.StudyID = f"{int(study_date) % 10000:04d}"
    ds.SeriesNumber = series_number
    ds.AcquisitionNumber = 1
    ds.PatientOrientation = ""
    req = Dataset()
    req.RequestedProcedureID = f"RP{proc_code}"
    req.ScheduledProcedureStepID = f"SPS{proc_code}"
    req.RequestedProcedureDescription = proc_meaning
    ds.RequestAttributesSequence = Sequence([req])
    ds.PerformedProcedureStepStartDate = study_date
    ds.PerformedProcedureStepStartTime = "093000"
    ds.PerformedProcedureStepID = f"PPS{series_number:03d}"
    ds.PerformedProcedureStepDescription = study_desc
    # A private block as modalities write them: creator in (gggg,0010), data in (gggg,10xx).
    ds.add_new(0x00090010, "LO", "ACME_PRIVATE_1.0")
    ds.add_new(0x00091001, "LO", f"{kind}_RECON_{rng.randint(1, 9)}")
    ds.add_new(0x00091002, "DS", ["1.25", "0.75"])
    ds.add_new(0x00091003, "US", rng.randint(0, 4000))
    ds.add_new(0x00091004, "SH", "V2.1")
    ds.add_new(0x00091005, "OB", bytes(rng.getrandbits(8) for _ in range(64)))


def image_pixel(ds, rows, cols, bits, stored, photometric="MONOCHROME2", frames=1):
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.Rows = rows
    ds.Columns = cols
    ds.BitsAllocated = bits
    ds.BitsStored = stored
    ds.HighBit = stored - 1
    ds.PixelRepresentation = 0


def ref_image_sequence(sop_class, ref_uid):
    ref = Dataset()
    ref.ReferencedSOPClassUID = sop_class
    ref.ReferencedSOPInstanceUID = ref_uid
    return Sequence([ref])


PAIRED = ("KNEE", "HAND", "FOOT")


def ct_series(ds, name, n, rng):
    ds.ScanOptions = "HELICAL MODE"
    ds.SliceThickness = "1.25"
    ds.KVP = "120"
    ds.DataCollectionDiameter = "500"
    ds.ReconstructionDiameter = "380"
    ds.GantryDetectorTilt = "0"
    ds.TableHeight = "164.5"
    ds.RotationDirection = "CW"
    ds.ExposureTime = "600"
    ds.XRayTubeCurrent = str(180 + rng.randint(0, 200))
    ds.Exposure = "190"
    ds.FilterType = "BODY FILTER"
    ds.GeneratorPower = "43"
    ds.FocalSpots = "0.7"
    ds.ConvolutionKernel = "STANDARD"
    ds.PatientPosition = "FFS"
    ds.RevolutionTime = 0.5
    ds.SingleCollimationWidth = 0.625
    ds.TotalCollimationWidth = 40.0
    ds.SpiralPitchFactor = 0.984375
    ds.ContrastBolusAgent = "IOHEXOL 350"
    ds.FrameOfReferenceUID = ds.StudyInstanceUID + ".1"
    ds.PositionReferenceIndicator = "SN"
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.PixelSpacing = ["0.742188", "0.742188"]
    ds.BodyPartExamined = "CHEST" if name != "ct_s3" else "HEAD"
    image_pixel(ds, 512, 512, 16, 12)
    ds.WindowCenter = ["40", "-600"]
    ds.WindowWidth = ["400", "1500"]
    ds.WindowCenterWidthExplanation = ["WINDOW1", "WINDOW2"]
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    ds.add_new(0x00430010, "LO", "ACME_CT_RECON")
    ds.add_new(0x00431001, "SS", -1024)
    ds.add_new(0x00431002, "DS", ["0.5", "0.5", "0.5"])
    pixels = gradient(512, 512, np.uint16, 4095)

    def instance(i, ds):
        z = -100.0 - 1.25 * i
        ds.ImagePositionPatient = ["-190.0", "-190.0", f"{z:.2f}"]
        ds.SliceLocation = f"{z:.2f}"
        ds.AcquisitionTime = ds.ContentTime = f"0935{i // 100:02d}.{i % 100:02d}0000"
    return pixels, instance


def mr_series(ds, name, n, rng):
    t1 = rng.random() < 0.5
    ds.ScanningSequence = ["SE"] if t1 else ["SE", "IR"]
    ds.SequenceVariant = ["SK", "SP"]
    ds.ScanOptions = ["SAT1", "FS"]
    ds.MRAcquisitionType = "2D"
    ds.SequenceName = "*tse2d1_3" if t1 else "*tir2d1_15"
    ds.SliceThickness = "4"
    ds.RepetitionTime = "650" if t1 else "9000"
    ds.EchoTime = "9.1" if t1 else "81"
    if not t1:
        ds.InversionTime = "2500"
    ds.NumberOfAverages = "1"
    ds.ImagingFrequency = "123.2"
    ds.ImagedNucleus = "1H"
    ds.EchoNumbers = "1"
    ds.MagneticFieldStrength = "3"
    ds.SpacingBetweenSlices = "4.8"
    ds.NumberOfPhaseEncodingSteps = "230"
    ds.EchoTrainLength = "3" if t1 else "15"
    ds.PercentSampling = "100"
    ds.PercentPhaseFieldOfView = "87.5"
    ds.PixelBandwidth = "210"
    ds.ReceiveCoilName = "HeadNeck_20"
    ds.TransmitCoilName = "Body"
    ds.AcquisitionMatrix = [0, 256, 230, 0]
    ds.InPlanePhaseEncodingDirection = "ROW"
    ds.FlipAngle = "150"
    ds.VariableFlipAngleFlag = "N"
    ds.SAR = "1.2"
    ds.dBdt = "0"
    ds.PatientPosition = "HFS"
    ds.BodyPartExamined = "BRAIN" if ds.StudyDescription.startswith("MR BRAIN") else "KNEE"
    if ds.BodyPartExamined in PAIRED:
        ds.Laterality = "R"  # PS3.3 C.7.3.1: Type 2C for paired body parts
    anat = Dataset()
    anat.CodeValue = "T-A0100" if ds.BodyPartExamined == "BRAIN" else "T-15750"
    anat.CodingSchemeDesignator = "SRT"
    anat.CodeMeaning = "Brain" if ds.BodyPartExamined == "BRAIN" else "Knee joint"
    ds.AnatomicRegionSequence = Sequence([anat])
    ds.FrameOfReferenceUID = ds.StudyInstanceUID + ".1"
    ds.PositionReferenceIndicator = ""
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "0.9848", "-0.1736"]
    ds.PixelSpacing = ["0.898438", "0.898438"]
    image_pixel(ds, 256, 256, 16, 12)
    ds.WindowCenter = "612"
    ds.WindowWidth = "1307"
    # Siemens-style CSA headers: sizeable private OB values a header reader must carry or skip.
    ds.add_new(0x00290010, "LO", "SIEMENS CSA HEADER")
    csa_image = bytes(rng.getrandbits(8) for _ in range(256)) * 40
    csa_series = bytes(rng.getrandbits(8) for _ in range(256)) * 280
    ds.add_new(0x00291008, "CS", "IMAGE NUM 4")
    ds.add_new(0x00291010, "OB", csa_image)
    ds.add_new(0x00291018, "CS", "MR")
    ds.add_new(0x00291020, "OB", csa_series)
    pixels = gradient(256, 256, np.uint16, 2000)

    def instance(i, ds):
        z = -40.0 + 4.8 * i
        ds.ImagePositionPatient = ["-115.0", "-98.3", f"{z:.2f}"]
        ds.SliceLocation = f"{z:.2f}"
        ds.AcquisitionTime = ds.ContentTime = f"1002{i // 100:02d}.{i % 100:02d}5000"
    return pixels, instance


def cr_series(ds, name, n, rng):
    ds.BodyPartExamined = ds.StudyDescription.split()[1]
    if ds.BodyPartExamined in PAIRED:
        ds.Laterality = "R"  # PS3.3 C.7.3.1: Type 2C for paired body parts
    ds.ViewPosition = "PA"
    ds.KVP = str(60 + rng.randint(0, 65))
    ds.ExposureTime = str(rng.randint(5, 40))
    ds.XRayTubeCurrent = str(rng.randint(200, 500))
    ds.Exposure = str(rng.randint(2, 20))
    ds.ImagerPixelSpacing = ["0.168", "0.168"]
    ds.PixelSpacing = ["0.168", "0.168"]
    ds.DistanceSourceToDetector = "1800"
    ds.PlateID = f"PLATE{rng.randint(1000, 9999)}"
    ds.CassetteOrientation = "PORTRAIT"
    ds.CassetteSize = "35CMX43CM"
    ds.Sensitivity = "200"
    ds.PatientPosition = ""
    image_pixel(ds, 2500, 2000, 16, 12, photometric="MONOCHROME1")
    ds.WindowCenter = "2048"
    ds.WindowWidth = "4096"
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    ds.RescaleType = "US"
    ds.PresentationLUTShape = "INVERSE"
    pixels = gradient(2500, 2000, np.uint16, 4095)
    views = ["PA", "LL", "AP"]

    def instance(i, ds):
        ds.ViewPosition = views[i % 3]
        ds.AcquisitionTime = ds.ContentTime = f"0941{10 + i:02d}.000"
    return pixels, instance


def cine_series(ds, name, kind, frames, rng):
    if kind == "XA":
        ds.ImageType = ["ORIGINAL", "PRIMARY", "SINGLE PLANE"]
        ds.KVP = "78"
        ds.RadiationSetting = "GR"
        ds.DistanceSourceToDetector = "1100"
        ds.DistanceSourceToPatient = "750"
        ds.ExposureTime = "7"
        ds.XRayTubeCurrent = "640"
        ds.PositionerMotion = "STATIC"
        ds.PositionerPrimaryAngle = str(rng.randint(-40, 40))
        ds.PositionerSecondaryAngle = str(rng.randint(-30, 30))
        ds.ImagerPixelSpacing = ["0.308", "0.308"]
        ds.IntensifierSize = "250"
        ds.FieldOfViewShape = "RECTANGLE"
        ds.PatientPosition = "HFS"
        ds.BodyPartExamined = "HEART"
        ds.FrameTime = "66.67"
        ds.CineRate = 15
        ds.RecommendedDisplayFrameRate = 15
        ds.FrameIncrementPointer = 0x00181063  # PS3.3 C.7.6.6: points at Frame Time
        ds.PixelIntensityRelationship = "LIN"
        image_pixel(ds, 512, 512, 8, 8, frames=frames)
        ds.WindowCenter = "128"
        ds.WindowWidth = "256"
    else:
        ds.ImageType = ["ORIGINAL", "PRIMARY", "CARDIOLOGY", "0001"]
        ds.FrameTime = "33.33"
        ds.CineRate = 30
        ds.FrameIncrementPointer = 0x00181063
        ds.HeartRate = rng.randint(55, 95)
        ds.TransducerData = ["S5-1", "", ""]
        ds.ProcessingFunction = "CARDIAC"
        ds.BodyPartExamined = "HEART"
        region = Dataset()
        region.RegionSpatialFormat = 1
        region.RegionDataType = 1
        region.RegionFlags = 2
        region.RegionLocationMinX0 = 64
        region.RegionLocationMinY0 = 40
        region.RegionLocationMaxX1 = 448
        region.RegionLocationMaxY1 = 480
        region.PhysicalUnitsXDirection = 3
        region.PhysicalUnitsYDirection = 3
        region.PhysicalDeltaX = 0.0312
        region.PhysicalDeltaY = 0.0312
        region.ReferencePixelX0 = 256
        region.ReferencePixelY0 = 40
        region.TransducerFrequency = 2500
        ds.SequenceOfUltrasoundRegions = Sequence([region])
        image_pixel(ds, 512, 512, 8, 8, frames=frames)
        ds.LossyImageCompression = "00"
    one = gradient(512, 512, np.uint8, 255)
    pixels = one * frames

    def instance(i, ds):
        ds.AcquisitionTime = ds.ContentTime = "101010.000"
    return pixels, instance


SOP_CLASS = {"CT": CT_IMAGE, "MR": MR_IMAGE, "CR": CR_IMAGE, "XA": XA_IMAGE, "US": US_MULTIFRAME}


def write_series(args):
    out, seed, series_number, (name, kind, count, frames, ts, study_key) = args
    rng = random.Random(f"{seed}|{name}")
    uids = Uids(seed)
    sop_class = SOP_CLASS[kind]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.TransferSyntaxUID = ExplicitVRLittleEndian if ts == EXPLICIT else ImplicitVRLittleEndian
    meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
    meta.ImplementationVersionName = "DISCUS_BENCH_1"
    meta.SourceApplicationEntityTitle = f"{kind}_MODALITY"
    ds = FileDataset("", Dataset(), file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = ts == IMPLICIT
    common_dataset(ds, uids, name, kind, sop_class, study_key, series_number, rng)
    if kind == "CT":
        pixels, instance = ct_series(ds, name, count, rng)
    elif kind == "MR":
        pixels, instance = mr_series(ds, name, count, rng)
    elif kind == "CR":
        pixels, instance = cr_series(ds, name, count, rng)
    else:
        pixels, instance = cine_series(ds, name, kind, frames, rng)
    ds.add_new(0x7FE00010, "OB" if ds.BitsAllocated == 8 else "OW", pixels)
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    total = 0
    for i in range(count):
        sop_uid = uids("instance", name, i)
        meta.MediaStorageSOPInstanceUID = sop_uid
        ds.SOPInstanceUID = sop_uid
        ds.InstanceNumber = i + 1
        if kind in ("CT", "MR") and i > 0:
            # Real scanners reference the localizer or previous slice; one item suffices.
            ds.ReferencedImageSequence = ref_image_sequence(sop_class, uids("instance", name, i - 1))
        instance(i, ds)
        path = os.path.join(folder, f"IM{i + 1:06d}.dcm")
        ds.save_as(path, write_like_original=False)
        total += os.path.getsize(path)
    return name, kind, count, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full set (0 < F <= 1)")
    ap.add_argument("--small", action="store_true", help="about 10 files, for a demo")
    ap.add_argument("--seed", default="discus-bench-1", help="seed for every generated value")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    opts = ap.parse_args()
    if not 0 < opts.scale <= 1:
        ap.error("--scale must be in (0, 1]")
    plan = scaled_plan(opts.scale, opts.small)
    os.makedirs(opts.out, exist_ok=True)
    manifest_path = os.path.join(opts.out, "MANIFEST.json")
    if os.path.exists(manifest_path):
        os.remove(manifest_path)  # only a finished run leaves a manifest
    started = time.monotonic()
    # Largest series first so the two workers finish close together.
    work = [(opts.out, opts.seed, i + 1, s) for i, s in enumerate(plan)]
    work.sort(key=lambda w: -(w[3][2] * w[3][3] * {"CT": 512, "MR": 136, "CR": 10000,
                                                   "XA": 256, "US": 256}[w[3][1]]))
    if opts.jobs > 1:
        with Pool(opts.jobs) as pool:
            results = pool.map(write_series, work, chunksize=1)
    else:
        results = [write_series(w) for w in work]
    elapsed = time.monotonic() - started
    by_kind = {}
    for _, kind, count, size in results:
        k = by_kind.setdefault(kind, {"series": 0, "files": 0, "bytes": 0})
        k["series"] += 1
        k["files"] += count
        k["bytes"] += size
    manifest = {"seed": opts.seed, "scale": opts.scale, "small": opts.small,
                "pydicom": pydicom.__version__, "files": sum(r[2] for r in results),
                "bytes": sum(r[3] for r in results), "by_modality": by_kind,
                "seconds": round(elapsed, 1)}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    for kind, k in sorted(by_kind.items()):
        print(f"{kind:3} {k['series']:3} series {k['files']:5} files {k['bytes'] / 1e6:9.1f} MB")
    print(f"total {manifest['files']} files, {manifest['bytes'] / 1e6:.1f} MB in {elapsed:.1f} s "
          f"-> {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
