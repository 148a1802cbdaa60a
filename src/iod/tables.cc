// discus::iod — accessors over the generated PS3.3 tables (see tables.h).
#include "iod/tables.h"

#include <algorithm>

namespace discus::iod {
namespace {
#include "iod_tables.inc"
}  // namespace

std::string_view to_string(AttributeType t) {
  switch (t) {
    case AttributeType::k1: return "1";
    case AttributeType::k1C: return "1C";
    case AttributeType::k2: return "2";
    case AttributeType::k2C: return "2C";
    case AttributeType::k3: return "3";
  }
  return "?";
}

std::span<const IodDef> all_iods() { return kIods; }
std::span<const SopClassIod> sop_class_iods() { return kSopClassIods; }

const IodDef* find_iod(std::string_view uid) {
  const auto* it = std::lower_bound(std::begin(kSopClassIods), std::end(kSopClassIods), uid,
                                    [](const SopClassIod& e, std::string_view u) { return e.uid < u; });
  if (it == std::end(kSopClassIods) || it->uid != uid) return nullptr;
  return &kIods[it->iod];
}

std::span<const ModuleUse> module_uses(const IodDef& iod) {
  return std::span<const ModuleUse>(kModuleUses).subspan(iod.first_use, iod.use_count);
}
const ModuleDef& module(const ModuleUse& use) { return kModules[use.module]; }
std::span<const AttributeRule> rules(const ModuleDef& m) {
  return std::span<const AttributeRule>(kAttributeRules).subspan(m.first_rule, m.rule_count);
}
std::span<const EnumSpec> enum_specs(const AttributeRule& r) {
  return std::span<const EnumSpec>(kEnumSpecs).subspan(r.first_enum, r.enum_count);
}
std::span<const std::uint32_t> signature(const ModuleUse& use) {
  return std::span<const std::uint32_t>(kSignatureTags).subspan(use.first_signature, use.signature_count);
}
std::span<const ConditionNode> condition_nodes() { return kConditionNodes; }

}  // namespace discus::iod
