# Display rendering (PS3.3 C.11, PS3.4 Annex N): grayscale/palette/colour pipeline, resizing, PNG
# output through libpng (png.h only here), JPEG output through the registry's baseline encoder,
# DICOMDIR icon items (PS3.3 F.7).
find_package(PNG REQUIRED)
target_sources(discus_codec PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cc
  ${CMAKE_CURRENT_LIST_DIR}/samples.cc
  ${CMAKE_CURRENT_LIST_DIR}/attributes.cc
  ${CMAKE_CURRENT_LIST_DIR}/overlay.cc
  ${CMAKE_CURRENT_LIST_DIR}/render.cc
  ${CMAKE_CURRENT_LIST_DIR}/resize.cc
  ${CMAKE_CURRENT_LIST_DIR}/png.cc
  ${CMAKE_CURRENT_LIST_DIR}/jpeg_file.cc
  ${CMAKE_CURRENT_LIST_DIR}/icon.cc
  ${CMAKE_CURRENT_LIST_DIR}/library_version.cc)
target_link_libraries(discus_codec PRIVATE PNG::PNG fmt::fmt)
