// discus::codec — all_codecs(): a registry holding every codec part of this build.
#include "codec/codec.h"

namespace discus::codec {

#define DISCUS_CODEC_REGISTRAR(function) void function(CodecRegistry& registry);
#include "codec_registrars.inc"
#undef DISCUS_CODEC_REGISTRAR

CodecRegistry all_codecs() {
  CodecRegistry registry;
#define DISCUS_CODEC_REGISTRAR(function) function(registry);
#include "codec_registrars.inc"
#undef DISCUS_CODEC_REGISTRAR
  return registry;
}

}  // namespace discus::codec
