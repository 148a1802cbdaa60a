# The tolerant DICOMDIR reader (import side). Included by this folder's
# CMakeLists.txt (the builder's); kept apart so reader and builder evolve without collisions.
add_library(discus_dicomdir_reader STATIC
  ${CMAKE_CURRENT_LIST_DIR}/reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/resolver.cc
  ${DICOMDIR_GEN}/record_nesting.inc)
target_include_directories(discus_dicomdir_reader PRIVATE ${DICOMDIR_GEN})
target_link_libraries(discus_dicomdir_reader PUBLIC discus_dicom PRIVATE discus_warnings)
