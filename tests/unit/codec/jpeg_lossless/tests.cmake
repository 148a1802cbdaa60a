# JPEG lossless (Process 14): unit tests, the fuzz corpus replay, the codec test tool and the
# dcmdjpeg oracle.
target_sources(discus_codec_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_lossless_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fuzz_corpus_test.cc
  ${CMAKE_SOURCE_DIR}/tests/fuzz/jpeg_lossless_decoder_body.cc)
target_include_directories(discus_codec_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_compile_definitions(discus_codec_tests PRIVATE
  DISCUS_JPEG_LOSSLESS_CORPUS="${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/jpeg_lossless_decoder")

add_executable(discus-codec-tool ${CMAKE_CURRENT_LIST_DIR}/codec_tool.cc)
target_link_libraries(discus-codec-tool PRIVATE discus_codec discus_warnings)

add_test(NAME jpeg_lossless_oracle
  COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/jpeg_lossless_oracle.py $<TARGET_FILE:discus-codec-tool>)
discus_test_labels(jpeg_lossless_oracle 150 oracle codec)
