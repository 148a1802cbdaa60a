# Frame location in Pixel Data, offset tables (PS3.5 A.4, PS3.3 C.7.6.3.1.8) and the per-frame
# pixel transcoder the CLI uses.
target_sources(discus_codec PRIVATE ${CMAKE_CURRENT_LIST_DIR}/frames.cc ${CMAKE_CURRENT_LIST_DIR}/transcode_pixels.cc
                    ${CMAKE_CURRENT_LIST_DIR}/pixel_check.cc)
