// media/web: the viewer's files and data for a file-set written by media::author (a stand-in
// viewer folder: these tests do not need node). The budget, the secure marker, the index.
#include "media/web/viewer_content.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "../author/author_test_support.h"
#include "codec/codec.h"
#include "media/author/author.h"

namespace discus::media::web {
namespace {

using author::testing::ct;
using author::testing::profile_of;
using author::testing::TempDir;
using author::testing::write;
using author::testing::write_text;
namespace fs = std::filesystem;

std::string text_of(const ContentFile& f) { return std::string(f.bytes.begin(), f.bytes.end()); }

const ContentFile* find(const ViewerContent& c, std::string_view name) {
  for (const ContentFile& f : c.files)
    if (f.name == name) return &f;
  return nullptr;
}

// A file-set of two series of one study, and a stand-in built viewer.
struct Fixture {
  TempDir tmp{"web"};
  fs::path set = tmp / "set";
  fs::path viewer = tmp / "viewer";
  const codec::CodecRegistry codecs = codec::all_codecs();
  Fixture() {
    write(tmp / "in" / "a.dcm", ct("P1", "1.2.826.0.1.3680043.10.8.1", "1.2.826.0.1.3680043.10.8.1.1", 2));
    write(tmp / "in" / "b.dcm", ct("P1", "1.2.826.0.1.3680043.10.8.1", "1.2.826.0.1.3680043.10.8.1.1", 1));
    write(tmp / "in" / "c.dcm", ct("P1", "1.2.826.0.1.3680043.10.8.1", "1.2.826.0.1.3680043.10.8.1.2", 1));
    media::author::AuthorOptions o;
    o.inputs = {(tmp / "in").string()};
    o.out_dir = set.string();
    base::SequentialUidSource uids("1.2.826.0.1.3680043.10.998");
    auto r = media::author::author(o, profile_of("STD-GEN-CD"), uids);
    EXPECT_TRUE(r) << r.error().describe();
    write_text(viewer / "INDEX.HTM", "<!DOCTYPE html>\n");
    write_text(viewer / "APP.JS", "/* app */\n");
    write_text(viewer / "APP.CSS", "/* css */\n");
  }
  ViewerOptions options() const {
    ViewerOptions o;
    o.viewer_dir = viewer.string();
    o.codecs = &codecs;
    return o;
  }
};

TEST(ViewerContent, ViewerFilesIndexAndThumbnailsWith83Names) {
  Fixture f;
  ViewerOptions o = f.options();
  o.autorun = true;
  auto c = viewer_content(f.set.string(), o);
  ASSERT_TRUE(c) << c.error().describe();
  for (const char* name : {"VIEWER/INDEX.HTM", "VIEWER/APP.JS", "VIEWER/APP.CSS", "VIEWER/DATA/INDEX.JS", "VIEWER/DATA/THUMBS.JS", "AUTORUN.INF"})
    EXPECT_NE(find(*c, name), nullptr) << name;
  for (const ContentFile& file : c->files) {
    // PS3.12 F: ISO 9660 level 1, every component 8.3 upper case.
    std::size_t start = 0;
    while (start <= file.name.size()) {
      std::size_t slash = file.name.find('/', start);
      const std::string comp = file.name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      const std::size_t dot = comp.find('.');
      EXPECT_LE(dot == std::string::npos ? comp.size() : dot, 8u) << file.name;
      EXPECT_LE(dot == std::string::npos ? 0 : comp.size() - dot - 1, 3u) << file.name;
      for (char ch : comp) EXPECT_TRUE((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.') << file.name;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  const std::string index = text_of(*find(*c, "VIEWER/DATA/INDEX.JS"));
  EXPECT_EQ(index.rfind("window.DISCUS_MEDIUM=", 0), 0u);
  EXPECT_NE(index.find("\"fileId\":\"DICOM/"), std::string::npos);
  EXPECT_NE(index.find("1.2.826.0.1.3680043.10.8.1.2"), std::string::npos) << "both series are listed";
  // Instances in Instance Number order, whatever order the DICOMDIR holds them in.
  EXPECT_LT(index.find("\"number\":1.0"), index.find("\"number\":2.0"));
  EXPECT_TRUE(c->thumbnails);
  EXPECT_NE(text_of(*find(*c, "VIEWER/DATA/THUMBS.JS")).find("data:image/png;base64,"), std::string::npos);
  EXPECT_NE(text_of(*find(*c, "AUTORUN.INF")).find("shellexecute=VIEWER\\INDEX.HTM"), std::string::npos);
}

TEST(ViewerContent, DataStaysUnderTenPercentOfTheMediumThumbnailsGoFirst) {
  Fixture f;
  ViewerOptions o = f.options();
  auto all = viewer_content(f.set.string(), o);
  ASSERT_TRUE(all);
  const std::uint64_t index_size = find(*all, "VIEWER/DATA/INDEX.JS")->bytes.size();
  o.capacity_bytes = (index_size + 10) * 10;  // room for the index, not the thumbnails
  auto some = viewer_content(f.set.string(), o);
  ASSERT_TRUE(some);
  EXPECT_NE(find(*some, "VIEWER/DATA/INDEX.JS"), nullptr);
  EXPECT_EQ(find(*some, "VIEWER/DATA/THUMBS.JS"), nullptr);
  EXPECT_FALSE(some->thumbnails);
  EXPECT_LE(some->data_bytes * 10, o.capacity_bytes);
  o.capacity_bytes = index_size * 5;  // not even the index
  auto none = viewer_content(f.set.string(), o);
  ASSERT_TRUE(none);
  EXPECT_EQ(find(*none, "VIEWER/DATA/INDEX.JS"), nullptr);
  EXPECT_NE(find(*none, "VIEWER/INDEX.HTM"), nullptr) << "the viewer itself still goes on";
}

TEST(ViewerContent, SecureMediaGetNoPatientDataInClear) {
  Fixture f;
  ViewerOptions o = f.options();
  o.data = false;
  auto c = viewer_content(f.set.string(), o);
  ASSERT_TRUE(c);
  EXPECT_EQ(find(*c, "VIEWER/DATA/THUMBS.JS"), nullptr);
  const std::string marker = text_of(*find(*c, "VIEWER/DATA/INDEX.JS"));
  EXPECT_EQ(marker, "window.DISCUS_MEDIUM={\"version\":1,\"secure\":true};\n");
  EXPECT_EQ(find(*c, "AUTORUN.INF"), nullptr) << "only optical media get AUTORUN.INF";
}

TEST(ViewerContent, AMissingViewerIsAnErrorAndFindViewerDirHonoursTheEnvironment) {
  Fixture f;
  ViewerOptions o = f.options();
  o.viewer_dir = (f.tmp / "nowhere").string();
  auto c = viewer_content(f.set.string(), o);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("no built viewer"), std::string::npos);
  ::setenv("DISCUS_VIEWER_DIR", f.viewer.c_str(), 1);
  EXPECT_EQ(find_viewer_dir(), f.viewer.string());
  ::setenv("DISCUS_VIEWER_DIR", (f.tmp / "nowhere").c_str(), 1);
  EXPECT_EQ(find_viewer_dir(), "");
  ::unsetenv("DISCUS_VIEWER_DIR");
}

TEST(ViewerContent, ReadmeSaysHowToOpenIt) {
  const auto lines = readme_lines(true, true);
  std::string all;
  for (const auto& l : lines) {
    EXPECT_LE(l.size(), 76u) << l;  // pdi_readme.h: at most ~76 characters
    all += l + "\n";
  }
  EXPECT_NE(all.find("VIEWER\\INDEX.HTM"), std::string::npos);
  EXPECT_NE(all.find("password"), std::string::npos);
  EXPECT_NE(all.find("AUTORUN.INF"), std::string::npos);
}

}  // namespace
}  // namespace discus::media::web
