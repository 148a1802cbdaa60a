# RLE Lossless (PS3.5 Annex G): our own codec, no third-party library.
target_sources(discus_codec PRIVATE ${CMAKE_CURRENT_LIST_DIR}/rle.cc)
list(APPEND codec_registrars register_rle)
