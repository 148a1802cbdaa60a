// Shared by the author and update tests: generated instances, temp dirs, file hashes.
#pragma once

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "base/sha256.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/writer.h"
#include "media/profile/profile.h"

namespace discus::media::author::testing {

namespace fs = std::filesystem;

inline const profile::ProfileRegistry& registry() {
  static const profile::ProfileRegistry reg = [] {
    auto r = profile::ProfileRegistry::load(DISCUS_TEST_PROFILES);
    if (!r) ADD_FAILURE() << r.error().describe();
    return r ? std::move(*r) : profile::ProfileRegistry{};
  }();
  return reg;
}

inline const profile::ApplicationProfile& profile_of(std::string_view id) {
  const profile::ApplicationProfile* p = registry().find(id);
  if (p == nullptr) {
    ADD_FAILURE() << "no profile " << id;
    static const profile::ApplicationProfile empty;
    return empty;
  }
  return *p;
}

// A small CT image (8 x 8, 16 bits) with the identifying attributes a DICOMDIR needs.
inline dicom::DataSet ct(const std::string& patient, const std::string& study, const std::string& series, int number,
                         std::string_view sop_class = dicom::uids::CTImageStorage) {
  namespace tags = dicom::tags;
  using dicom::VR;
  dicom::DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, sop_class);
  ds.set_string(tags::SOPInstanceUID, VR::UI, fmt::format("{}.{}", series, number));
  ds.set_string(tags::PatientID, VR::LO, patient);
  ds.set_string(tags::PatientName, VR::PN, "Doe^" + patient);
  ds.set_string(tags::StudyInstanceUID, VR::UI, study);
  ds.set_string(tags::StudyDate, VR::DA, "20240310");
  ds.set_string(tags::StudyTime, VR::TM, "101500");
  ds.set_string(tags::StudyID, VR::SH, "1");
  ds.set_string(tags::AccessionNumber, VR::SH, "A1");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, series);
  ds.set_string(tags::SeriesNumber, VR::IS, "1");
  ds.set_string(tags::Modality, VR::CS, "CT");
  ds.set_string(tags::InstanceNumber, VR::IS, std::to_string(number));
  ds.set_uint16(tags::SamplesPerPixel, 1);
  ds.set_string(tags::PhotometricInterpretation, VR::CS, "MONOCHROME2");
  ds.set_uint16(tags::Rows, 8);
  ds.set_uint16(tags::Columns, 8);
  ds.set_uint16(tags::BitsAllocated, 16);
  ds.set_uint16(tags::BitsStored, 12);
  ds.set_uint16(tags::HighBit, 11);
  ds.set_uint16(tags::PixelRepresentation, 0);
  base::Bytes pixels(8 * 8 * 2);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>((i * 7 + number) & 0x0F);
  ds.set_bytes(tags::PixelData, VR::OW, std::move(pixels));
  return ds;
}

inline void write(const fs::path& path, const dicom::DataSet& ds, std::string_view ts = dicom::uids::ExplicitVRLittleEndian) {
  fs::create_directories(path.parent_path());
  dicom::part10::WriteOptions w;
  w.transfer_syntax_uid = std::string(ts);
  w.sync = false;
  auto st = dicom::part10::write_file(path.string(), ds, nullptr, w);
  ASSERT_TRUE(st) << st.error().describe();
}

inline void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// relative path -> SHA-256 of every regular file under `root`.
inline std::map<std::string, std::string> hash_tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) out[e.path().lexically_relative(root).generic_string()] = base::sha256_file(e.path().string()).value_or("?");
  return out;
}

// Every line of SHA256.TXT names a file of the set whose hash it gives.
inline void expect_manifest_matches(const fs::path& root) {
  std::ifstream in(root / "SHA256.TXT");
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) {
    ASSERT_GT(line.size(), 66u) << line;
    const std::string name = line.substr(66);
    EXPECT_EQ(base::sha256_file((root / name).string()).value_or(""), line.substr(0, 64)) << name;
    ++lines;
  }
  // Everything but the manifest itself is listed.
  EXPECT_EQ(lines + 1, hash_tree(root).size());
}

// A fresh folder under the temp dir, removed again by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / fmt::format("discus-author-{}-{}", ::getpid(), name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

}  // namespace discus::media::author::testing
