target_sources(discus_codec_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/frames_test.cc ${CMAKE_CURRENT_LIST_DIR}/pixel_check_test.cc)
