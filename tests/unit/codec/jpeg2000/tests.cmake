# JPEG 2000 / HTJ2K (OpenJPEG): unit tests, and the GDCM oracle (gdcmconv --raw judges our decoder
# and encoder; dcmtk has no JPEG 2000).
target_sources(discus_codec_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/jpeg2000_test.cc)
target_include_directories(discus_codec_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit/codec)
if(TARGET discus)
  add_test(NAME jpeg2000_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/jpeg2000_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(jpeg2000_oracle 120 oracle codec)
endif()
# HTJ2K streams from OpenJPH's ojph_compress (openjph-tools), decoded by us to the source pixels.
if(TARGET discus)
  add_test(NAME htj2k_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/htj2k_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(htj2k_oracle 60 oracle codec)
endif()
