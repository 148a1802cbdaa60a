# JPEG Baseline and Extended (PS3.5 A.4.1: .4.50, .4.51): libjpeg-turbo for 8-bit decode and
# encode (its header only in libjpeg_adapter.cc), our own sequential DCT decoder for 12-bit.
find_package(JPEG REQUIRED)
target_sources(discus_codec PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/native_layout.cc
  ${CMAKE_CURRENT_LIST_DIR}/dct_headers.cc
  ${CMAKE_CURRENT_LIST_DIR}/idct.cc
  ${CMAKE_CURRENT_LIST_DIR}/dct_scan.cc
  ${CMAKE_CURRENT_LIST_DIR}/dct_decoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/libjpeg_adapter.cc
  ${CMAKE_CURRENT_LIST_DIR}/register.cc
  ${CMAKE_CURRENT_LIST_DIR}/library_version.cc)
target_link_libraries(discus_codec PRIVATE JPEG::JPEG fmt::fmt)
list(APPEND codec_registrars register_jpeg)
