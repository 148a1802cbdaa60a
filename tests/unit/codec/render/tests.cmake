# Rendering (PS3.3 C.11): hand-computed pipeline values, data set attributes, overlays, resizing,
# PNG read back through libpng, icons; and the dcm2pnm oracle.
target_sources(discus_codec_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/render_test.cc)
if(TARGET discus)
  add_test(NAME render_oracle COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/oracle/render_oracle.py $<TARGET_FILE:discus>)
  discus_test_labels(render_oracle 60 oracle codec)
endif()
