# JPEG 2000 and HTJ2K (PS3.5 A.4.4, A.4.11) through Debian's OpenJPEG; <openjpeg.h> is included
# only in this folder.
find_package(PkgConfig REQUIRED)
pkg_check_modules(OPENJP2 REQUIRED IMPORTED_TARGET libopenjp2)
target_sources(discus_codec PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/opj_adapter.cc
  ${CMAKE_CURRENT_LIST_DIR}/decoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/encoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/register.cc
  ${CMAKE_CURRENT_LIST_DIR}/library_version.cc)
target_link_libraries(discus_codec PRIVATE PkgConfig::OPENJP2 fmt::fmt)
list(APPEND codec_registrars register_jpeg2000)
