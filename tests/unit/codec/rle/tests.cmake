target_sources(discus_codec_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/rle_test.cc ${CMAKE_CURRENT_LIST_DIR}/rle_corpus_test.cc
               ${CMAKE_SOURCE_DIR}/tests/fuzz/rle_decoder_body.cc)
target_include_directories(discus_codec_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)
target_compile_definitions(discus_codec_tests PRIVATE DISCUS_RLE_CORPUS="${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/rle_decoder")

# Oracle: dcmtk's dcmdrle judges our RLE decoder and encoder on pydicom's RLE test files.
if(TARGET discus)
  add_test(NAME rle_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/rle_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(rle_oracle 60 oracle codec)
endif()
