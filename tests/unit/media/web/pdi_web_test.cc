// media/web: the IHE PDI Web Content for a file-set written by media::author: the pages and JPEG
// renderings with level-1 names, nothing active in the pages and text escaped, the viewer link
// only when asked, at most N pictures a series, and the 10% budget (one a series, then none).
#include "media/web/pdi_web.h"

#include <gtest/gtest.h>

#include <regex>
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
namespace fs = std::filesystem;

std::string text_of(const ContentFile& f) { return std::string(f.bytes.begin(), f.bytes.end()); }

const ContentFile* find(const WebContent& c, std::string_view name) {
  for (const ContentFile& f : c.files)
    if (f.name == name) return &f;
  return nullptr;
}

// Two series of one study (2 + 1 images); the patient's ID tries to smuggle markup in.
struct Fixture {
  TempDir tmp{"pdiweb"};
  fs::path set = tmp / "set";
  const codec::CodecRegistry codecs = codec::all_codecs();
  Fixture() {
    const std::string patient = "X<script>&";
    write(tmp / "in" / "a.dcm", ct(patient, "1.2.826.0.1.3680043.10.8.1", "1.2.826.0.1.3680043.10.8.1.1", 2));
    write(tmp / "in" / "b.dcm", ct(patient, "1.2.826.0.1.3680043.10.8.1", "1.2.826.0.1.3680043.10.8.1.1", 1));
    write(tmp / "in" / "c.dcm", ct(patient, "1.2.826.0.1.3680043.10.8.1", "1.2.826.0.1.3680043.10.8.1.2", 1));
    media::author::AuthorOptions o;
    o.inputs = {(tmp / "in").string()};
    o.out_dir = set.string();
    base::SequentialUidSource uids("1.2.826.0.1.3680043.10.998");
    auto r = media::author::author(o, profile_of("STD-GEN-CD"), uids);
    EXPECT_TRUE(r) << r.error().describe();
  }
  WebContentOptions options() const {
    WebContentOptions o;
    o.codecs = &codecs;
    return o;
  }
};

TEST(PdiWeb, PagesAndRenderingsWithLevelOneNamesAndNothingActive) {
  Fixture f;
  WebContentOptions o = f.options();
  o.viewer = true;
  auto c = pdi_web_content(f.set.string(), o);
  ASSERT_TRUE(c) << c.error().describe();
  for (const char* name : {"INDEX.HTM", "IHE_PDI/P0001.HTM", "IHE_PDI/ST0001.HTM", "IHE_PDI/SE0001.HTM", "IHE_PDI/SE0002.HTM",
                           "IHE_PDI/SE0001/I0001.JPG", "IHE_PDI/SE0001/I0002.JPG", "IHE_PDI/SE0002/I0001.JPG"})
    EXPECT_NE(find(*c, name), nullptr) << name;
  EXPECT_EQ(c->renderings, 3u);
  EXPECT_EQ(c->images, 3u);
  for (const ContentFile& file : c->files) {
    EXPECT_TRUE(file.name == "INDEX.HTM" || file.name.rfind("IHE_PDI/", 0) == 0) << file.name;  // web content only in IHE_PDI
    for (std::size_t start = 0;;) {
      const std::size_t slash = file.name.find('/', start);
      const std::string comp = file.name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      const std::size_t dot = comp.find('.');
      EXPECT_LE(dot == std::string::npos ? comp.size() : dot, 8u) << file.name;
      for (char ch : comp) EXPECT_TRUE((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.') << file.name;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (file.name.ends_with(".JPG")) {
      ASSERT_GE(file.bytes.size(), 4u);
      EXPECT_EQ(file.bytes[0], 0xFF);
      EXPECT_EQ(file.bytes[1], 0xD8);  // SOI
      EXPECT_EQ(file.bytes[file.bytes.size() - 1], 0xD9);  // EOI
    } else {
      const std::string html = text_of(file);
      EXPECT_EQ(html.find("<script"), std::string::npos) << file.name;
      EXPECT_FALSE(std::regex_search(html, std::regex(R"( on[a-z]+\s*=)"))) << file.name;  // no event attributes
      EXPECT_EQ(html.find("<object"), std::string::npos) << file.name;
    }
  }
  EXPECT_NE(text_of(*find(*c, "IHE_PDI/P0001.HTM")).find("X&lt;script&gt;&amp;"), std::string::npos);
  EXPECT_NE(text_of(*find(*c, "INDEX.HTM")).find("href=\"VIEWER/INDEX.HTM\""), std::string::npos);
  EXPECT_NE(text_of(*find(*c, "IHE_PDI/SE0001.HTM")).find("src=\"SE0001/I0001.JPG\" width=\"8\" height=\"8\""), std::string::npos);
}

TEST(PdiWeb, NoViewerLinkWithoutTheViewerAndAtMostNPicturesASeries) {
  Fixture f;
  WebContentOptions o = f.options();
  o.images_per_series = 1;
  auto c = pdi_web_content(f.set.string(), o);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(text_of(*find(*c, "INDEX.HTM")).find("VIEWER"), std::string::npos);
  EXPECT_EQ(c->renderings, 2u);
  EXPECT_NE(text_of(*find(*c, "IHE_PDI/SE0001.HTM")).find("1 of 2 image(s) shown here"), std::string::npos);
}

TEST(PdiWeb, RenderingsStayUnderTenPercentOnePerSeriesThenNone) {
  Fixture f;
  WebContentOptions o = f.options();
  auto all = pdi_web_content(f.set.string(), o);
  ASSERT_TRUE(all);
  std::uint64_t jpegs = 0, largest = 0;
  for (const ContentFile& file : all->files)
    if (file.name.ends_with(".JPG")) jpegs += file.bytes.size(), largest = std::max<std::uint64_t>(largest, file.bytes.size());
  o.capacity_bytes = (jpegs - 1) * 10;  // not all of them: the middle one of each series
  auto some = pdi_web_content(f.set.string(), o);
  ASSERT_TRUE(some);
  EXPECT_EQ(some->renderings, 2u);
  o.capacity_bytes = largest * 10;  // not even one a series
  auto none = pdi_web_content(f.set.string(), o);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->renderings, 0u);
  EXPECT_NE(find(*none, "IHE_PDI/SE0001.HTM"), nullptr) << "the pages stay";
  EXPECT_NE(text_of(*find(*none, "IHE_PDI/SE0001.HTM")).find("0 of 2 image(s)"), std::string::npos);
}

}  // namespace
}  // namespace discus::media::web
