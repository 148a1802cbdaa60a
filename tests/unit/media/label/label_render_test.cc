// Disc labels (issue 18 item 4): rendering through librsvg, cairo, Pango and fontconfig to PDF and
// rasters of the right size. A separate executable labelled integration, not unit: fontconfig's
// caches are never freed, which LeakSanitizer (the unit tests' ASan run) reports as leaks.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "codec/render/png.h"
#include "media/label/label.h"
#include "media/label/person_name.h"
#include "media/label/qr.h"
#include "media/label/raster.h"

namespace discus::media::label {
namespace {

std::string minimal_template(const std::string& body, const std::string& version = "1") {
  return "<?xml version=\"1.0\"?>\n<!-- a comment <svg> -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
         "xmlns:discus=\"urn:x-discus:label\" discus:label-version=\"" + version +
         "\" width=\"20mm\" height=\"10mm\" viewBox=\"0 0 20 10\">" + body + "</svg>";
}

TEST(Render, AnInjectedNameStillRendersAsText) {
  auto t = parse_template(minimal_template("<text>{{patient_name}}</text><text>{{patient_id}}</text>"));
  ASSERT_TRUE(t);
  LabelData d;
  d.patient_name = "</text><text font-size=\"50\">INJECTED</text><text>";
  d.patient_id = "<!ENTITY x SYSTEM \"file:///etc/passwd\">&x;";
  auto svg = merge(*t, d);
  ASSERT_TRUE(svg) << svg.error().describe();
  EXPECT_EQ(svg->find("<text font-size"), std::string::npos);
  EXPECT_EQ(svg->find("<!ENTITY"), std::string::npos);
  EXPECT_NE(svg->find("&lt;/text&gt;&lt;text font-size=&quot;50&quot;&gt;INJECTED"), std::string::npos);
  // Exactly the template's two <text> elements, and it still renders.
  std::size_t count = 0;
  for (std::size_t at = 0; (at = svg->find("<text", at)) != std::string::npos; ++at) ++count;
  EXPECT_EQ(count, 2u);
  EXPECT_TRUE(render(*svg, Format::kPdf));
}

// A 20 x 10 mm label: left half black, right half white.
const std::string kHalfBlack = minimal_template("<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\" fill=\"#000\"/>");

TEST(Render, RasterSizeFollowsTheDpi) {
  auto png = render(kHalfBlack, Format::kPng, 254);  // 10 px per mm
  ASSERT_TRUE(png) << png.error().describe();
  auto img = codec::render::decode_png(*png);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->width, 200u);
  EXPECT_EQ(img->height, 100u);
  ASSERT_EQ(img->channels, 3);
  EXPECT_EQ(img->at(50, 50, 0), 0);
  EXPECT_EQ(img->at(150, 50, 1), 255);
  // pHYs says 10,000 pixels per metre.
  const std::string bytes(png->begin(), png->end());
  const auto phys = bytes.find("pHYs");
  ASSERT_NE(phys, std::string::npos);
  EXPECT_EQ(static_cast<unsigned char>(bytes[phys + 6]), 0x27);  // 10000 = 0x2710
  EXPECT_EQ(static_cast<unsigned char>(bytes[phys + 7]), 0x10);
}

TEST(Render, BmpIsBottomUpBgrWithResolution) {
  auto bmp = render(kHalfBlack, Format::kBmp, 254);
  ASSERT_TRUE(bmp);
  ASSERT_GE(bmp->size(), 54u + 200u * 100u * 3u);
  auto u32 = [&](std::size_t at) { std::uint32_t v; std::memcpy(&v, bmp->data() + at, 4); return v; };
  EXPECT_EQ((*bmp)[0], 'B');
  EXPECT_EQ(u32(2), bmp->size());
  EXPECT_EQ(u32(18), 200u);
  EXPECT_EQ(u32(22), 100u);
  EXPECT_EQ(u32(38), 10000u);
  EXPECT_EQ((*bmp)[54], 0);          // bottom-left pixel: black
  EXPECT_EQ((*bmp)[54 + 199 * 3], 255);  // bottom-right: white
}

TEST(Render, JpegCarriesJfifDensity) {
  auto jpg = render(kHalfBlack, Format::kJpeg, 300);
  ASSERT_TRUE(jpg) << jpg.error().describe();
  ASSERT_GT(jpg->size(), 20u);
  EXPECT_EQ((*jpg)[0], 0xFF);
  EXPECT_EQ((*jpg)[1], 0xD8);
}

TEST(Render, PdfIsVectorWithThePageSizeOfTheTemplate) {
  auto pdf = render(kHalfBlack, Format::kPdf);
  ASSERT_TRUE(pdf);
  const std::string s(pdf->begin(), pdf->end());
  EXPECT_EQ(s.rfind("%PDF-", 0), 0u);
  // 20 x 10 mm = 56.69 x 28.35 pt.
  EXPECT_NE(s.find("/MediaBox [ 0 0 56.692"), std::string::npos) << s.substr(0, 800);
}

TEST(Render, RefusesBadInput) {
  EXPECT_FALSE(render("<svg", Format::kPdf));
  EXPECT_FALSE(render("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", Format::kPng));  // no size
  EXPECT_FALSE(render(kHalfBlack, Format::kPng, 0));
  EXPECT_FALSE(render(minimal_template("").replace(minimal_template("").find("20mm"), 4, "2000mm"), Format::kPng, 600));
}

TEST(DefaultTemplates, ParseMergeAndRender) {
  for (const char* name : {"cd.svg", "dvd.svg"}) {
    auto t = load_template(std::string(DISCUS_TEST_PROFILES) + "/labels/" + name);
    ASSERT_TRUE(t) << t.error().describe();
    LabelData d;
    d.patient_name = "Doe, Jane";
    d.studies.push_back({"1.2.3.4", "2024-01-02", "", "CT", "", {"CT"}, 1});
    auto svg = merge(*t, d);
    ASSERT_TRUE(svg) << svg.error().describe();
    EXPECT_TRUE(render(*svg, Format::kPdf));
    auto bmp = make_label(*t, d, Format::kBmp, 100);  // 120 mm at 100 dpi: 473 px
    ASSERT_TRUE(bmp) << bmp.error().describe();
    EXPECT_EQ((*bmp)[18] | ((*bmp)[19] << 8), 473);
  }
}

}  // namespace
}  // namespace discus::media::label
