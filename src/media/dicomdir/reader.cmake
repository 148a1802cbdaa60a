# The tolerant DICOMDIR reader (import side) and `discus dir`. Included by this folder's
# CMakeLists.txt (the builder's); kept apart so reader and builder evolve without collisions.
add_library(discus_dicomdir_reader STATIC
  ${CMAKE_CURRENT_LIST_DIR}/reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/resolver.cc
  ${DICOMDIR_GEN}/record_nesting.inc)
target_include_directories(discus_dicomdir_reader PRIVATE ${DICOMDIR_GEN})
target_link_libraries(discus_dicomdir_reader PUBLIC discus_dicom PRIVATE discus_warnings)

discus_cli_command(dir run_dir "[--check] [--json] PATH"
  "list a DICOMDIR's records and problems; --check the files they reference" ${CMAKE_CURRENT_LIST_DIR}/../../cli/dir_command.cc)
target_link_libraries(discus PRIVATE discus_dicomdir_reader)
