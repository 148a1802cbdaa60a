# JPEG baseline/extended (.4.50/.4.51): unit tests, golden hashes of real files, the fuzz corpus
# replay, and the dcmdjpeg/gdcmconv oracle (run through `discus transcode`).
target_sources(discus_codec_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_golden_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_fuzz_corpus_test.cc
  ${CMAKE_SOURCE_DIR}/tests/fuzz/jpeg_extended_decoder.cc)
target_compile_definitions(discus_codec_tests PRIVATE
  DISCUS_JPEG_EXTENDED_CORPUS="${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/jpeg_extended")

if(TARGET discus)
  add_test(NAME jpeg_dct_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/jpeg_dct_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(jpeg_dct_oracle 90 oracle codec)
endif()
