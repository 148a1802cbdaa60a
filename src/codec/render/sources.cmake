# Display rendering (PS3.3 C.11, PS3.4 Annex N): grayscale/palette/colour pipeline, resizing, PNG
# output through libpng (png.h only here), JPEG output through the registry's baseline encoder,
# DICOMDIR icon items (PS3.3 F.7); and the `discus render` command.
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
  ${CMAKE_CURRENT_LIST_DIR}/icon.cc)
target_link_libraries(discus_codec PRIVATE PNG::PNG fmt::fmt)
discus_cli_command(render run_render "[--frame N] [--size PX] [--window C,W] [--overlays] IN OUT.png|jpg"
  "render one frame to an 8-bit PNG or JPEG picture (modality, VOI and presentation LUTs)"
  ${CMAKE_SOURCE_DIR}/src/cli/render_command.cc)
