#!/usr/bin/python3
"""One regression test per item of issue 12's opening list ("Must show: every item in the list at
the top has a regression test named after it").

Usage: issue12_regressions_test.py DISCUS_BINARY

| item of the list at the top of issue 12                                   | test(s)                                                                   |
|---------------------------------------------------------------------------|---------------------------------------------------------------------------|
| killing a secure author (SIGKILL, SIGTERM, SIGHUP) mid-run leaves the      | here: test_killed_secure_author_leaves_no_plain_file_set_in_dev_shm;      |
| whole plain file-set in /dev/shm, and nothing ever removes it              | crash_test.py (secure: 10 SIGKILL moments, SIGTERM, SIGHUP, the sweeps)   |
| a killed decrypt leaves a world-readable plaintext temp file beside its    | here: test_killed_decrypt_leaves_no_world_readable_plaintext;             |
| output                                                                     | crash_test.py (secure: decrypt killed at 4 moments)                       |
| author and validate --json abort (SIGABRT) when a value, a finding or a    | here: test_author_and_validate_json_do_not_abort_on_invalid_utf8;         |
| file name is not valid UTF-8 (a Latin-1 file name, one patient in Latin-1  | text_traps_test.py (every command, --json and not); cli_test.py (Latin-1  |
| and UTF-8 files)                                                           | JSON)                                                                     |
| ... and the aborted author leaves a file-set that verify --dir calls       | here: test_aborted_author_leaves_nothing_verify_calls_verified            |
| VERIFIED with an empty JSON report                                         |                                                                           |
| the cross-file check compares raw bytes, so one name in two character     | discus_iod_tests Consistency.CrossFileCheckComparesRawBytesSoOneNameIn... |
|                                                                           | ...TwoCharacterSetsIsTwoNames; iod_oracle_consistency.py (vs dcentvfy);   |
| sets is "two names"                                                        | text_traps_test.test_one_patient_in_two_character_sets_is_one_patient_record |
| broken pixel data (truncated, impossible fragment length) is copied, and   | verify_depth_test.test_broken_pixel_data_in_allowed_syntax_is_reported_by_ |
| verify --dir, dir --check and mkdir accept it; validate exits 0 on files   | verify_dir_check_and_mkdir, ...test_validate_exits_nonzero_on_files_dump_ |
| that dump rejects                                                          | rejects; pixel_check_test (cut/lying fragments per syntax); pile_test     |
| a FIFO given as input makes dump, validate, render, transcode and dir wait | files_test.test_fifo_is_refused_by_every_reading_command                  |
| forever                                                                    |                                                                           |
| FIFOs, devices and symbolic links found while scanning are missing from    | files_test.test_fifo_socket_device_and_symlink_in_an_author_folder_are_reported |
| the reports                                                                |                                                                           |
| encrypt IN IN and decrypt IN IN overwrite their input; iso FS FS/x.iso     | files_test.test_output_same_as_input_or_inside_it_is_refused              |
| writes the image into the file-set                                         |                                                                           |
| --image-size 17592186044480M wraps around; span --capacity 0 silently      | files_test.test_sizes_wrap_around_zero_and_absurd_are_usage_errors        |
| uses the default                                                           |                                                                           |
| no free-space check before a job                                           | files_test.FreeSpaceTest.test_free_space_checked_before_a_job             |
| a full disk leaves partial output                                          | files_test.FreeSpaceTest.test_disk_full_during_a_job_stops_cleanly        |
| a DICOMDIR with 300,000 records takes 1.1-1.9 GB in dir --check, verify    | here: test_dicomdir_with_300000_records_takes_over_a_gigabyte_in_dir_...; |
| --dir, dir --json                                                          | bench/dicomdir_memory.sh (300,110 records, /usr/bin/time -v)              |
| dir --check exits 0 when it reports errors                                 | verify_depth_test.test_dir_check_exits_nonzero_when_it_reports_errors     |
| (item 6, crash-only: every long command killed at several moments)         | crash_test.py commands / commands-full (crash_commands_test, slow: _full) |
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import pydicom
import pydicom.uid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import text_traps_test  # noqa: E402  (the byte-exact instance writer)

warnings.simplefilter("ignore")  # pydicom's DicomDir deprecation
DISCUS = None
CT = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")
PASSWORD = "correct horse battery staple"


def run(*args, timeout=120):
    return subprocess.run([DISCUS, *args], capture_output=True, timeout=timeout)


def kill_when(cmd, ready, sig, limit=60):
    """Starts cmd, sends `sig` as soon as ready(pid) holds (polled every 2 ms); returns (pid, rc)."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    while p.poll() is None and time.monotonic() - t0 < limit and not ready(p.pid):
        time.sleep(0.002)
    if p.poll() is None:
        p.send_signal(sig)
    p.wait(timeout=120)
    return p.pid, p.returncode


def staging_of(pid):
    return [os.path.join("/dev/shm", n) for n in os.listdir("/dev/shm") if n.startswith(f"discus-secure-{pid}-")]


def count_files(root):
    return sum(len(f) for _, _, f in os.walk(root))


class Issue12Regressions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="discus-issue12-")
        cls.src = os.path.join(cls.tmp, "in")
        os.makedirs(cls.src)
        ds = pydicom.dcmread(CT)
        ds.PatientName = "ISSUE12^PLAINTEXT"
        for k in range(60):
            ds.SOPInstanceUID = pydicom.uid.generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.save_as(os.path.join(cls.src, f"ct{k:02d}.dcm"))
        cls.pw = os.path.join(cls.tmp, "pw")
        with open(cls.pw, "w") as f:
            f.write(PASSWORD + "\n")
        os.chmod(cls.pw, 0o600)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def secure_author(self, out):
        return [DISCUS, "author", "--profile", "STD-GEN-SEC-CD", "--password-file", self.pw, "--out", out, self.src]

    def test_killed_secure_author_leaves_no_plain_file_set_in_dev_shm(self):
        staged = lambda pid: any(count_files(d) >= 5 for d in staging_of(pid))  # noqa: E731
        # SIGTERM and SIGHUP are caught: the staging goes before the process ends.
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with self.subTest(signal=sig.name):
                out = self.path(f"sec-{sig.name}")
                pid, rc = kill_when(self.secure_author(out), staged, sig)
                self.assertIn(rc, (-sig, 0))
                self.assertEqual(staging_of(pid), [], f"{sig.name}: its plain staging is gone")
                shutil.rmtree(out, ignore_errors=True)
        # SIGKILL cannot be caught: the staging stays private (0700) until the next run sweeps it.
        out = self.path("sec-KILL")
        pid, rc = kill_when(self.secure_author(out), staged, signal.SIGKILL)
        self.assertEqual(rc, -signal.SIGKILL)
        for d in staging_of(pid):
            self.assertEqual(os.stat(d).st_mode & 0o777, 0o700, d)
        self.assertFalse(os.path.exists(out), "nothing at OUT")
        r = subprocess.run(self.secure_author(out), capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr[-500:])
        self.assertEqual(staging_of(pid), [], "the next secure run removed the dead process's plain staging")
        self.assertEqual([n for n in os.listdir(self.tmp) if n.endswith(".partial")], [])

    def test_killed_decrypt_leaves_no_world_readable_plaintext(self):
        secure = self.path("dec-src")
        r = subprocess.run(self.secure_author(secure), capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr[-500:])
        out_parent = self.path("opened")
        os.makedirs(out_parent)
        out = os.path.join(out_parent, "plain")

        def temporaries():
            return [os.path.join(d, f) for d, _, fs in os.walk(out_parent) for f in fs if ".discus-tmp-" in f]

        cmd = [DISCUS, "decrypt", "--quiet", "--password-file", self.pw, secure, out]
        pid, rc = kill_when(cmd, lambda pid: bool(temporaries()), signal.SIGKILL)
        partial = out + ".partial"
        for t in temporaries():
            hidden = t.startswith(partial + "/") and os.stat(partial).st_mode & 0o777 == 0o700
            mode = os.stat(t).st_mode
            self.assertTrue(mode & 0o077 == 0 or hidden, f"{t} is readable by others ({oct(mode & 0o777)})")
        for d, _, fs in os.walk(out_parent):  # no plaintext readable by others anywhere beside OUT
            for f in fs:
                p = os.path.join(d, f)
                private = p.startswith(partial + "/") and os.stat(partial).st_mode & 0o777 == 0o700
                self.assertTrue(private or os.stat(p).st_mode & 0o004 == 0 or p.startswith(out + "/"), p)
        if os.path.exists(out):
            shutil.rmtree(out)
        r = subprocess.run(cmd, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr[-500:])
        self.assertEqual(temporaries(), [])
        self.assertEqual(sorted(os.listdir(out_parent)), ["plain"])
        # One file: its temporary beside the output is 0600, and the next decrypt there sweeps it.
        one_src = next(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(secure, "DICOM")) for f in sorted(fs))
        one = os.path.join(out_parent, "one.dcm")
        pid, rc = kill_when([DISCUS, "decrypt", "--quiet", "--password-file", self.pw, one_src, one],
                            lambda pid: any(".discus-tmp-" in n for n in os.listdir(out_parent)), signal.SIGKILL)
        for n in os.listdir(out_parent):
            if ".discus-tmp-" in n:
                self.assertEqual(os.stat(os.path.join(out_parent, n)).st_mode & 0o777, 0o600, n)
        if os.path.exists(one):
            os.unlink(one)
        r = run("decrypt", "--quiet", "--password-file", self.pw, one_src, one)
        self.assertEqual(r.returncode, 0, r.stderr[-500:])
        self.assertEqual([n for n in os.listdir(out_parent) if ".discus-tmp-" in n], [])

    def test_author_and_validate_json_do_not_abort_on_invalid_utf8(self):
        src = self.path("utf8-in")
        os.makedirs(src)
        name = "Müller^Jürgen"
        files = {b"m\xfcller.dcm": {(8, 5): b"ISO_IR 100", (0x10, 0x10): name.encode("latin-1"), (0x10, 0x20): b"P1"},
                 "müller.dcm".encode(): {(8, 5): b"ISO_IR 192", (0x10, 0x10): name.encode(), (0x10, 0x20): b"P1"},
                 b"bad.dcm": {(8, 5): b"ISO_IR 192", (0x10, 0x10): b"Bad\xff^\xc3", (0x10, 0x20): b"P2",
                              (8, 0x1030): b"\xed\xa0\x80\x1b[2J"}}
        paths = []
        for k, (n, values) in enumerate(sorted(files.items())):
            p = os.path.join(os.fsencode(src), n)
            with open(p, "wb") as f:
                f.write(text_traps_test.part10(values, f"1.2.826.0.1.3680043.10.1127.5{k}"))
            paths.append(os.fsdecode(p))
        out = self.path("utf8-out")
        for args in (["author", "--json", "--profile", "STD-GEN-CD", "--out", out, src], ["validate", "--json", *paths]):
            with self.subTest(command=args[0]):
                r = run(*args)
                self.assertIn(r.returncode, (0, 1), f"exit {r.returncode}: {r.stderr[-500:]!r}")
                json.loads(r.stdout.decode("utf-8"))  # valid UTF-8 and valid JSON
        d = pydicom.dcmread(os.path.join(out, "DICOMDIR"))
        patients = [str(x.PatientID) for x in d.DirectoryRecordSequence if x.DirectoryRecordType == "PATIENT"]
        self.assertEqual(patients.count("P1"), 1, patients)

    def test_aborted_author_leaves_nothing_verify_calls_verified(self):
        out = self.path("aborted")
        cmd = [DISCUS, "author", "--profile", "STD-GEN-CD", "--out", out, self.src]
        # SIGABRT: what the UTF-8 bug raised; the process dies wherever it is.
        pid, rc = kill_when(cmd, lambda pid: count_files(out + ".partial") >= 5, signal.SIGABRT)
        self.assertEqual(rc, -signal.SIGABRT)
        self.assertFalse(os.path.exists(out), "no file-set at OUT")
        for target in (out, out + ".partial"):
            r = run("verify", "--json", "--dir", target)
            self.assertNotEqual(r.returncode, 0, f"verify --dir {target}: {r.stdout[-300:]!r}")
            if r.stdout.strip():
                report = json.loads(r.stdout)
                self.assertFalse(report.get("verified"), report)
        r = subprocess.run(cmd, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr[-500:])
        self.assertFalse(os.path.exists(out + ".partial"))
        r = run("verify", "--json", "--dir", out)
        self.assertEqual(r.returncode, 0, r.stdout[-300:])
        self.assertTrue(json.loads(r.stdout).get("verified"))

    def test_dicomdir_with_300000_records_takes_over_a_gigabyte_in_dir_check_verify_and_json(self):
        """Scaled down to 50,220 records (the bench, bench/dicomdir_memory.sh, runs 300,110): before
        the records were kept compact, dir --json took ~7 kB per record (~350 MB here), dir --check
        and verify --dir ~3.5-4.6 kB; now they stay near their fixed cost. Memory, not time: the
        peak resident size of the child is what is compared."""
        root = self.path("bigdir")
        gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "gen_big_dicomdir.py")
        g = subprocess.run([sys.executable, gen, "--out", root, "--patients", "2", "--studies", "10",
                            "--series", "10", "--images", "250"], capture_output=True, timeout=300)
        self.assertEqual(g.returncode, 0, g.stderr[-500:])
        for args in (["dir", "--json", root], ["dir", "--check", root], ["verify", "--headers-only", "--dir", root]):
            with self.subTest(command=" ".join(args[:-1])):
                p = subprocess.Popen([DISCUS, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                _, status, usage = os.wait4(p.pid, 0)
                p.returncode = os.waitstatus_to_exitcode(status)
                self.assertEqual(p.returncode, 0, p.stderr.read()[-500:])
                peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
                print(f"{' '.join(args[:-1])}: peak {peak_mb:.0f} MB for 50,220 records", flush=True)
                self.assertLess(peak_mb, 120, "memory grows with the records again")
        shutil.rmtree(root, ignore_errors=True)

if __name__ == "__main__":
    DISCUS = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
