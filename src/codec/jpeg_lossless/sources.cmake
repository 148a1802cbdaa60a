# JPEG Lossless Process 14 (SOF3): our own codec; no third-party library.
target_sources(discus_codec PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bit_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/huffman.cc
  ${CMAKE_CURRENT_LIST_DIR}/markers.cc
  ${CMAKE_CURRENT_LIST_DIR}/scan_decoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/decoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/encoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/register.cc)
target_link_libraries(discus_codec PRIVATE fmt::fmt)
list(APPEND codec_registrars register_jpeg_lossless)
