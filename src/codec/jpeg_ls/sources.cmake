# JPEG-LS (PS3.5 A.4.3) through Debian's CharLS; <charls/charls.h> is included only in this folder.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CHARLS REQUIRED IMPORTED_TARGET charls)
target_sources(discus_codec PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_ls.cc
  ${CMAKE_CURRENT_LIST_DIR}/register.cc
  ${CMAKE_CURRENT_LIST_DIR}/library_version.cc)
target_link_libraries(discus_codec PRIVATE PkgConfig::CHARLS fmt::fmt)
list(APPEND codec_registrars register_jpeg_ls)
