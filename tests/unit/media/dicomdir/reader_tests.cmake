# Tests of the tolerant DICOMDIR reader and `discus dir`. Included by this folder's
# CMakeLists.txt (the builder's tests); kept apart so both evolve without collisions.
add_executable(discus_dicomdir_reader_tests
  ${CMAKE_CURRENT_LIST_DIR}/reader_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/resolver_test.cc)
target_link_libraries(discus_dicomdir_reader_tests PRIVATE discus_dicomdir_reader GTest::gtest_main discus_warnings)
discus_gtest(discus_dicomdir_reader_tests media)

# Oracle: every DICOMDIR Debian's python3-pydicom ships, listed by `discus dir --json` and by pydicom.
add_test(NAME dicomdir_oracle
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/../../../oracle/dicomdir_oracle.py $<TARGET_FILE:discus>)
discus_test_labels(dicomdir_oracle 60 oracle media)
