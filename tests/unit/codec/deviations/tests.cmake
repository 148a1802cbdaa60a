# Tolerated deviations in compressed pixel data (README section of that name): unit tests of each
# codec's parsing tolerance, and the oracle that runs dcmtk (dcmdjpls, dcmdjpeg, dcmdrle) and GDCM
# (gdcmconv --raw) beside `discus transcode` on every deviation.
target_sources(discus_codec_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/deviations_test.cc)
target_include_directories(discus_codec_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit/codec)
if(TARGET discus)
  add_test(NAME deviations_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/deviations_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(deviations_oracle 60 oracle codec)
endif()
