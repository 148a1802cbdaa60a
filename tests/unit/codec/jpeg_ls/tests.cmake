# JPEG-LS (CharLS): unit tests, and the dcmtk oracle (dcmdjpls/dcmcjpls judge our decoder and encoder).
target_sources(discus_codec_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/jpeg_ls_test.cc)
target_include_directories(discus_codec_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit/codec)
if(TARGET discus)
  add_test(NAME jpeg_ls_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/jpeg_ls_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(jpeg_ls_oracle 120 oracle codec)
endif()
