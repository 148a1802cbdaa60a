// output/robot: job names, path translation, atomic job files, placement without copies, golden
// job files key by key, status files read as the vendors write them, and the simulators driven
// by the real drivers (issue 18).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "output/robot/epson.h"
#include "output/robot/primera.h"
#include "output/robot/rimage.h"
#include "output/robot/robot.h"
#include "output/robot/simulator.h"
#include "output/robot/spool.h"
#include "output/robot/vocabulary.h"

namespace discus::output::robot {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string no_cr(std::string s) {
  std::erase(s, '\r');
  return s;
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/discus-robot-test-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const fs::path kGolden = fs::path(DISCUS_ROBOT_GOLDEN);

DiscJob make_job(const std::string& id, const fs::path& image, const fs::path& fileset, int copies,
                 const std::string& disc_type = "CD", const std::string& volume = "") {
  DiscJob j;
  j.id = id;
  j.image = image;
  j.fileset = fileset;
  j.copies = copies;
  j.disc_type = disc_type;
  j.volume = volume;
  return j;
}

TEST(RobotJobName, DerivedFromOurJobAndStableAndShort) {
  const std::string n = job_name("st1", 12, 2, 3);
  EXPECT_EQ(n, "DISCUS-ST1-J12-C2-A3");
  EXPECT_EQ(job_name("st1", 12, 2, 3), n);  // a restarted daemon computes the same id
  auto p = parse_job_name(n);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->job, 12);
  EXPECT_EQ(p->copy, 2);
  EXPECT_EQ(p->attempt, 3);
  const std::string longer = job_name("a-very-long-station-name.example.org", 123456, 3, 12);
  EXPECT_LE(longer.size(), 32u);  // PTBurn JobID
  for (char c : longer) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-') << longer;
  EXPECT_NE(longer, job_name("a-very-long-station-name.example.net", 123456, 3, 12));
  EXPECT_FALSE(parse_job_name("DISCUS-X-J1-C1"));
  EXPECT_FALSE(parse_job_name("OTHER-J1-C1-A1"));
}

TEST(RobotPathMap, TranslatesOurMountToTheRobotPcsShare) {
  PathMap m{"/srv/ptburn/", "\\\\ROBOTPC\\PTBurnJobs\\"};
  EXPECT_EQ(m.translate("/srv/ptburn/J1/DISC.ISO"), "\\\\ROBOTPC\\PTBurnJobs\\J1\\DISC.ISO");
  EXPECT_EQ(m.translate("/srv/ptburn"), "\\\\ROBOTPC\\PTBurnJobs");
  EXPECT_EQ(m.translate("/srv/ptburnx/a"), "/srv/ptburnx/a");  // not under the prefix
  EXPECT_EQ(PathMap{}.translate("/a/b/../c"), "/a/c");
}

TEST(RobotSpool, JobFileIsWrittenWholeThenRenamedWithCrlf) {
  TempDir t;
  ASSERT_TRUE(write_job_file(t.path(), "A.JRQ", "JobID = A\nCopies = 1\n"));
  EXPECT_EQ(slurp(t.path() / "A.JRQ"), "JobID = A\r\nCopies = 1\r\n");
  int files = 0;
  for (auto& e : fs::directory_iterator(t.path())) (void)e, ++files;
  EXPECT_EQ(files, 1);  // no temporary left
  fs::rename(t.path() / "A.JRQ", t.path() / "a.don");
  auto f = find_job_file(t.path(), "A");
  ASSERT_TRUE(f);
  EXPECT_EQ(extension_of(*f), "DON");  // extensions compared without case
  EXPECT_FALSE(find_job_file(t.path(), "B"));
}

TEST(RobotSpool, PlaceLinksInsteadOfCopying) {
  TempDir t;
  spit(t.path() / "image.iso", std::string(100000, 'x'));
  auto how = place(t.path() / "image.iso", t.path() / "spool.iso");
  ASSERT_TRUE(how) << how.error().describe();
  EXPECT_EQ(*how, "link");
  struct stat a {}, b {};
  ::stat((t.path() / "image.iso").c_str(), &a);
  ::stat((t.path() / "spool.iso").c_str(), &b);
  EXPECT_EQ(a.st_ino, b.st_ino);
  fs::create_directories(t.path() / "fs/DICOM/P1");
  spit(t.path() / "fs/DICOMDIR", "d");
  spit(t.path() / "fs/DICOM/P1/I1", "i");
  auto tree = place(t.path() / "fs", t.path() / "spool/DISC");
  ASSERT_TRUE(tree) << tree.error().describe();
  EXPECT_EQ(slurp(t.path() / "spool/DISC/DICOM/P1/I1"), "i");
  EXPECT_FALSE(place(t.path() / "image.iso", t.path() / "spool.iso"));  // never over an existing file
}

TEST(RobotIni, PartlyWrittenStatusFileGivesWhatItHolds) {
  const Ini full = parse_ini("[System]\r\nServerTickCount = 42\r\n[Job1]\r\nGoodDiscs=2\r\n");
  EXPECT_EQ(full.get_int("system", "servertickcount", 0), 42);
  EXPECT_EQ(full.get_int("JOB1", "GoodDiscs", 0), 2);
  const Ini cut = parse_ini("[System]\r\nServerTickCount = 42\r\n[Jo");
  EXPECT_EQ(cut.get_int("System", "ServerTickCount", 0), 42);
  EXPECT_FALSE(cut.has("Job1"));
}

TEST(RobotJdf, KeysAreUpperCaseWithoutSpacesAsTdBridgeReadsThem) {
  const JdfJob j = parse_jdf("# c\nJOB_ID=A_1\njob_id=ignored\n COPIES=7\nCOPIES =8\nCOPIES=2\nDATA=C:\\x\tDIR\n");
  EXPECT_EQ(j.job_id, "A_1");
  EXPECT_EQ(j.copies, 2);
  ASSERT_EQ(j.data.size(), 1u);
  EXPECT_EQ(j.data[0], "C:\\x");
  EXPECT_TRUE(j.errors.empty());
  EXPECT_FALSE(parse_jdf("JOB_ID=has space\nDATA=x\n").errors.empty());
}

// ---- golden job files, through the real submit path (placement, translation, CRLF)

struct Golden {
  TempDir t;
  fs::path spool, image, fileset, label;
  Golden() {
    spool = t.path() / "spool";
    fs::create_directories(spool);
    image = t.path() / "staged.iso";
    spit(image, "ISO");
    fileset = t.path() / "fileset";
    fs::create_directories(fileset);
    spit(fileset / "DICOMDIR", "d");
    label = t.path() / "label.jpg";
    spit(label, "JPG");
  }
  std::unique_ptr<Robot> open(const std::string& vendor, const std::string& share) {
    RobotOptions o;
    o.local_prefix = spool.string();
    o.share_prefix = share;
    o.publisher = "PP-100";
    auto r = open_robot(vendor + ":" + spool.string(), o);
    EXPECT_TRUE(r);
    return std::move(*r);
  }
};

TEST(RobotGolden, PrimeraJrqWithOurImageAndAJpegLabel) {
  Golden g;
  auto r = g.open("primera", "\\\\ROBOTPC\\PTBurnJobs");
  DiscJob job = make_job("DISCUS-ST1-J12-C1-A1", g.image, {}, 1, "CD", "DISCUS12");
  job.label.image = g.label;
  ASSERT_TRUE(r->submit(job));
  EXPECT_EQ(no_cr(slurp(g.spool / "DISCUS-ST1-J12-C1-A1.JRQ")), slurp(kGolden / "primera.jrq"));
  EXPECT_EQ(slurp(g.spool / "DISCUS-ST1-J12-C1-A1/DISC.ISO"), "ISO");
  // Never twice: the same id again is refused, in whatever state the robot has it.
  fs::rename(g.spool / "DISCUS-ST1-J12-C1-A1.JRQ", g.spool / "DISCUS-ST1-J12-C1-A1.INP");
  auto again = r->submit(job);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, base::ErrorCode::kConflict);
  EXPECT_TRUE(r->knows("DISCUS-ST1-J12-C1-A1"));
}

TEST(RobotGolden, PrimeraJrqWithAFileSetAndSureThingMergeFields) {
  Golden g;
  auto r = g.open("primera", "\\\\ROBOTPC\\PTBurnJobs");
  DiscJob job = make_job("DISCUS-ST1-J12-C2-A1", {}, g.fileset, 2, "DVD", "DISCUS12");
  job.label.template_path = "C:\\Labels\\patient.std";
  job.label.fields = {{"patientName", "YAMADA^TARO"}, {"patientId", "12345"}, {"studyDate", "20261206"}};
  ASSERT_TRUE(r->submit(job));
  EXPECT_EQ(no_cr(slurp(g.spool / "DISCUS-ST1-J12-C2-A1.JRQ")), slurp(kGolden / "primera-merge.jrq"));
  const JrqJob back = parse_jrq(slurp(g.spool / "DISCUS-ST1-J12-C2-A1.JRQ"));
  EXPECT_EQ(back.merge_fields, (std::vector<std::string>{"YAMADA^TARO", "12345", "20261206"}));
  EXPECT_EQ(back.copies, 2);
  EXPECT_TRUE(back.verify && back.reject_if_not_blank && back.delete_files);
  EXPECT_TRUE(back.errors.empty());
}

TEST(RobotGolden, EpsonJdfAndItsMergeFile) {
  Golden g;
  auto r = g.open("epson", "\\\\ROBOTPC\\TDBridge");
  DiscJob job = make_job("DISCUS-ST1-J12-C1-A1", {}, g.fileset, 1, "CD", "DISCUS12");
  job.label.template_path = "\\\\ROBOTPC\\TDBridge\\templates\\patient.tdd";
  job.label.fields = {{"patientName", "YAMADA^TARO"}, {"patientId", "12345"}, {"studyDate", "20261206"}};
  ASSERT_TRUE(r->submit(job));
  EXPECT_EQ(no_cr(slurp(g.spool / "DISCUS-ST1-J12-C1-A1.JDF")), slurp(kGolden / "epson.jdf"));
  EXPECT_EQ(slurp(g.spool / "DISCUS-ST1-J12-C1-A1/MERGE.DAT"), slurp(kGolden / "epson-merge.dat"));
  EXPECT_EQ(slurp(g.spool / "DISCUS-ST1-J12-C1-A1/LABEL.TXT"), slurp(kGolden / "epson-merge.dat"));
}

TEST(RobotGolden, RimageNetworkPublisherOrderUnverified) {
  Golden g;
  auto r = g.open("rimage", "\\\\ROBOTPC\\Rimage");
  EXPECT_FALSE(r->capabilities().verified);
  DiscJob job = make_job("DISCUS-ST1-J12-C1-A1", g.image, {}, 1, "CD", "DISCUS12");
  job.label.fields = {{"patientName", "YAMADA^TARO"}};
  ASSERT_TRUE(r->submit(job));
  EXPECT_EQ(no_cr(slurp(g.spool / "DISCUS-ST1-J12-C1-A1.NWP")), slurp(kGolden / "rimage.nwp"));
}

// ---- status files

TEST(RobotPrimeraStatus, PhasesFromExtensionsAndTheRobotFile) {
  const Ini rf = parse_ini(
      "[J1]\nGoodDiscs=1\nBadDiscs=1\nDiscsRemaining=0\nJobState=2\nCurrentStatusState=10\nDiscErrorIndex0=1\n"
      "DiscErrorNumber0=19\nDiscErrorString0=Verify error\n"
      "[J2]\nJobState=3\nJobErrorNumber=16\nJobErrorString=Job aborted\nCurrentStatusState=13\n"
      "[J3]\nJobState=1\nCurrentStatusState=6\nCurrentStatus=Waiting for printer\n"
      "[J4]\nJobState=3\nCurrentStatusState=15\nJobErrorNumber=20\nJobErrorString=Too many rejects\n");
  JobStatus s = primera_job_status("DON", rf, "J1");
  EXPECT_EQ(s.phase, JobPhase::kDone);
  EXPECT_EQ(s.good, 1);
  EXPECT_EQ(s.bad, 1);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_NE(s.rejects[0].find("Verify error"), std::string::npos);
  EXPECT_EQ(primera_job_status("ERR", rf, "J2").phase, JobPhase::kCancelled);
  s = primera_job_status("INP", rf, "J3");
  EXPECT_EQ(s.phase, JobPhase::kNeedsOperator);
  ASSERT_TRUE(s.alert);
  EXPECT_EQ(s.alert->condition, Condition::kPrinter);
  EXPECT_EQ(primera_job_status("DON", rf, "J4").phase, JobPhase::kFailed);  // .DON yet failed (state 15)
  EXPECT_EQ(primera_job_status("", rf, "J1").phase, JobPhase::kDone);       // file gone after Status_Time
  EXPECT_EQ(primera_job_status("QRJ", rf, "J9").phase, JobPhase::kQueued);
}

TEST(RobotPrimeraStatus, RobotConditionsInOurVocabularyWithTheVendorsWords) {
  const Ini sys = parse_ini("[RobotList]\nRobot0=Disc Publisher XRP\n[System]\nServerTickCount=5\n");
  const Ini rf = parse_ini("[System]\nSystemStatus=Out of Discs\nSysErrorNumber=0\nDiscsInRightBin=0\nCartridgeType0=1\nCartridgeFill0=7\n");
  const RobotStatus r = primera_robot_status(sys, rf);
  EXPECT_EQ(r.model, "Disc Publisher XRP");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0].condition, Condition::kOutOfMedia);
  EXPECT_TRUE(r.alerts[0].operator_needed);
  EXPECT_NE(r.alerts[0].reason().find("Out of Discs"), std::string::npos);
  EXPECT_EQ(r.ink.at("color"), 7);
  const RobotStatus ink = primera_robot_status(sys, parse_ini("[System]\nSystemStatus=System OK\nSysErrorNumber=6\n"));
  ASSERT_EQ(ink.alerts.size(), 1u);
  EXPECT_EQ(ink.alerts[0].condition, Condition::kInk);
  EXPECT_FALSE(ink.alerts[0].operator_needed);
}

TEST(RobotVocabulary, VendorWords) {
  EXPECT_EQ(alert_from_words("Printer Offline")->condition, Condition::kPrinter);
  EXPECT_EQ(alert_from_words("Offline")->condition, Condition::kOffline);
  EXPECT_EQ(alert_from_words("Cover Open")->condition, Condition::kLid);
  EXPECT_EQ(alert_from_words("Ink Low")->condition, Condition::kInk);
  EXPECT_FALSE(alert_from_words("System OK"));
  EXPECT_FALSE(alert_from_words(""));
}

TEST(RobotEpsonStatus, PausedCancelledAndErrorDiscs) {
  const Ini tdb = parse_ini(
      "[ACTIVE_JOB]\nJOB1=A\n[A]\nSTATUS=3\nPUBLICATION_NUMBER=2\nCOMPLETION_NUMBER=1\nERRORDISC_NUMBER=1\nDETAIL_STATUS=Cover open\n"
      "[B]\nSTATUS=4\nPUBLICATION_NUMBER=3\nCOMPLETION_NUMBER=1\nERRORDISC_NUMBER=0\n"
      "[PUBLISHER1]\nNAME=PP-100\nSTACKER1=0\nINK_C=50\nINFO1=HST3001\n");
  JobStatus a = epson_job_status("STP", tdb, "A", false);
  EXPECT_EQ(a.phase, JobPhase::kNeedsOperator);
  EXPECT_EQ(a.alert->condition, Condition::kLid);
  EXPECT_EQ(a.bad, 1);
  EXPECT_EQ(epson_job_status("DON", tdb, "B", true).phase, JobPhase::kCancelled);  // a cancelled job ends .DON
  EXPECT_EQ(epson_job_status("DON", tdb, "B", false).phase, JobPhase::kDone);
  const RobotStatus r = epson_robot_status(tdb);
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0].condition, Condition::kLid);
  EXPECT_NE(r.alerts[0].vendor_words.find("HST3001"), std::string::npos);
  EXPECT_EQ(r.ink.at("C"), 50);
}

// ---- the simulators against the real drivers

struct SimRun {
  TempDir t;
  fs::path spool, out, image, fileset;
  std::atomic<bool> stop{false};
  std::thread thread;
  SimRun(Vendor v, std::vector<SimFailure> failures, int blanks = -1) {
    spool = t.path() / "spool";
    out = t.path() / "out";
    fs::create_directories(spool);
    image = t.path() / "staged.iso";
    spit(image, "an image");
    fileset = t.path() / "fileset";  // TD Bridge takes a folder (DATA) and makes the disc itself
    fs::create_directories(fileset / "DICOM");
    spit(fileset / "DICOM" / "I1", "some bytes");
    SimOptions o;
    o.vendor = v;
    o.spool = spool;
    o.out = out;
    o.failures = std::move(failures);
    o.blanks = blanks;
    o.tick_ms = 20;
    o.disc_ms = 10;
    o.restart_ms = 60;
    thread = std::thread([this, o] { (void)run_simulator(o, stop); });
  }
  ~SimRun() {
    stop = true;
    thread.join();
  }
  std::unique_ptr<Robot> robot(const std::string& vendor) {
    RobotOptions o;
    o.stale_ms = 2000;
    return std::move(*open_robot(vendor + ":" + spool.string(), o));
  }
  DiscJob job(const std::string& id, int copies, bool folder = false) {
    DiscJob j = folder ? make_job(id, {}, fileset, copies) : make_job(id, image, {}, copies);
    j.label.fields = {{"patientName", "DOE^JANE"}};
    return j;
  }
};

JobStatus wait_for(Robot& r, const std::string& id, std::function<bool(const JobStatus&)> until, int ms = 5000) {
  JobStatus s;
  for (int i = 0; i < ms / 10; ++i) {
    auto got = r.status(id);
    if (got) s = *got;
    if (until(s)) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return s;
}

TEST(RobotSimulator, PrimeraBurnsEachCopyAndPrintsItsLabel) {
  SimRun sim(Vendor::kPrimera, {});
  auto r = sim.robot("primera");
  ASSERT_TRUE(r->submit(sim.job("DISCUS-T-J1-C1-A1", 3)));
  const JobStatus s = wait_for(*r, "DISCUS-T-J1-C1-A1", [](const JobStatus& x) { return is_final(x.phase); });
  EXPECT_EQ(s.phase, JobPhase::kDone) << s.vendor_state;
  EXPECT_EQ(s.good, 3);
  for (int k = 1; k <= 3; ++k) {
    EXPECT_EQ(slurp(sim.out / fmt::format("DISCUS-T-J1-C1-A1-{}.iso", k)), "an image");
    EXPECT_EQ(slurp(sim.out / fmt::format("DISCUS-T-J1-C1-A1-{}.label.txt", k)), "patientName=DOE^JANE\n");
  }
  EXPECT_FALSE(fs::exists(sim.spool / "DISCUS-T-J1-C1-A1"));  // DeleteFiles=YES removed our data folder
  auto rs = r->robot_status();
  ASSERT_TRUE(rs);
  EXPECT_TRUE(rs->online);
}

TEST(RobotSimulator, PrimeraRejectIsRecordedAndRemadeByTheRobot) {
  SimRun sim(Vendor::kPrimera, {{"reject", 1}});
  auto r = sim.robot("primera");
  ASSERT_TRUE(r->submit(sim.job("DISCUS-T-J2-C1-A1", 2)));
  const JobStatus s = wait_for(*r, "DISCUS-T-J2-C1-A1", [](const JobStatus& x) { return is_final(x.phase); });
  EXPECT_EQ(s.phase, JobPhase::kDone);
  EXPECT_EQ(s.good, 2);
  EXPECT_EQ(s.bad, 1);
  ASSERT_EQ(s.rejects.size(), 1u);
  EXPECT_TRUE(fs::exists(sim.out / "reject/DISCUS-T-J2-C1-A1-2.iso"));
}

TEST(RobotSimulator, EpsonOutOfBlanksNeedsAPersonThenGoesOn) {
  SimRun sim(Vendor::kEpson, {}, 1);
  auto r = sim.robot("epson");
  ASSERT_TRUE(r->submit(sim.job("DISCUS-T-J3-C1-A1", 2, true)));
  JobStatus s = wait_for(*r, "DISCUS-T-J3-C1-A1", [](const JobStatus& x) { return x.phase == JobPhase::kNeedsOperator; });
  ASSERT_EQ(s.phase, JobPhase::kNeedsOperator) << s.vendor_state;
  ASSERT_TRUE(s.alert);
  EXPECT_EQ(s.alert->condition, Condition::kOutOfMedia);
  EXPECT_EQ(s.good, 1);
  spit(sim.out / "operator/refill", "10");
  s = wait_for(*r, "DISCUS-T-J3-C1-A1", [](const JobStatus& x) { return is_final(x.phase); });
  EXPECT_EQ(s.phase, JobPhase::kDone) << s.vendor_state;
  EXPECT_EQ(s.good, 2);
}

TEST(RobotSimulator, EpsonLidOpenPausesTheJobAndCancelEndsItDon) {
  SimRun sim(Vendor::kEpson, {{"lid", 0}});
  auto r = sim.robot("epson");
  ASSERT_TRUE(r->submit(sim.job("DISCUS-T-J4-C1-A1", 1, true)));
  JobStatus s = wait_for(*r, "DISCUS-T-J4-C1-A1", [](const JobStatus& x) { return x.phase == JobPhase::kNeedsOperator; });
  ASSERT_EQ(s.phase, JobPhase::kNeedsOperator);
  EXPECT_EQ(s.alert->condition, Condition::kLid);
  EXPECT_TRUE(find_job_file(sim.spool, "DISCUS-T-J4-C1-A1").has_value());
  EXPECT_EQ(extension_of(*find_job_file(sim.spool, "DISCUS-T-J4-C1-A1")), "STP");
  ASSERT_TRUE(r->cancel("DISCUS-T-J4-C1-A1"));
  s = wait_for(*r, "DISCUS-T-J4-C1-A1", [](const JobStatus& x) { return is_final(x.phase); });
  EXPECT_EQ(s.phase, JobPhase::kCancelled);
  EXPECT_EQ(extension_of(*find_job_file(sim.spool, "DISCUS-T-J4-C1-A1")), "DON");
}

TEST(RobotSimulator, PrimeraAbortEndsErrWithError16) {
  SimRun sim(Vendor::kPrimera, {{"printer", 0}});
  auto r = sim.robot("primera");
  ASSERT_TRUE(r->submit(sim.job("DISCUS-T-J5-C1-A1", 1)));
  JobStatus s = wait_for(*r, "DISCUS-T-J5-C1-A1", [](const JobStatus& x) { return x.phase == JobPhase::kNeedsOperator; });
  ASSERT_EQ(s.phase, JobPhase::kNeedsOperator) << s.vendor_state;
  EXPECT_EQ(s.alert->condition, Condition::kPrinter);
  ASSERT_TRUE(r->cancel("DISCUS-T-J5-C1-A1"));
  s = wait_for(*r, "DISCUS-T-J5-C1-A1", [](const JobStatus& x) { return is_final(x.phase); }, 30000);
  EXPECT_EQ(s.phase, JobPhase::kCancelled);
}

TEST(RobotSimulator, RimageHotFolderUnverified) {
  SimRun sim(Vendor::kRimage, {});
  auto r = sim.robot("rimage");
  ASSERT_TRUE(r->submit(sim.job("DISCUS-T-J6-C1-A1", 2)));
  const JobStatus s = wait_for(*r, "DISCUS-T-J6-C1-A1", [](const JobStatus& x) { return is_final(x.phase); });
  EXPECT_EQ(s.phase, JobPhase::kDone) << s.vendor_state;
  EXPECT_EQ(s.good, 2);
}

TEST(RobotSimulator, FailureSpellings) {
  EXPECT_TRUE(parse_sim_failure("out-of-blanks:3"));
  EXPECT_EQ(parse_sim_failure("restart:2")->after, 2);
  EXPECT_FALSE(parse_sim_failure("fire:1"));
  EXPECT_FALSE(parse_sim_failure("lid"));
  EXPECT_FALSE(parse_sim_failure("lid:x"));
}

}  // namespace
}  // namespace discus::output::robot
