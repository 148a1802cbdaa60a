// discus::iod — the PS3.3 module and IOD tables, generated at build time as constexpr arrays.
//
// src/iod/tables/modules.tsv and iods.tsv are the source (their header comments define the
// format and the condition language); src/iod/tables/generate.py expands macros, resolves
// keywords through the PS3.6 dictionary and compiles conditions into flat node arrays.
// Nothing is parsed at start-up.
//   const IodDef* iod = find_iod("1.2.840.10008.5.1.4.1.1.2");   // CT Image, PS3.3 A.3
//   for (const ModuleUse& use : module_uses(*iod)) { const ModuleDef& m = module(use); ... }
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace discus::iod {

inline constexpr std::size_t kMaxPathDepth = 6;

enum class AttributeType : std::uint8_t { k1, k1C, k2, k2C, k3 };  // PS3.5 7.4
std::string_view to_string(AttributeType t);

enum class CondOp : std::uint8_t { kPresent, kAbsent, kEquals, kNotEquals, kGreater, kSopClass, kAnd, kOr, kNot };

// One node of a compiled condition, in prefix order: an operator's children follow it.
struct ConditionNode {
  CondOp op;
  std::uint8_t child_count;
  std::uint16_t size;        // nodes in this subtree, itself included
  std::uint32_t tag;         // the attribute tested (leaf operators)
  std::uint8_t value_index;  // 1-based value to test; 0 = any value
  std::string_view arg;      // "A|B" alternatives (equals/notequals/sopclass) or a number (greater)
};

struct EnumSpec {
  std::uint8_t value_index;  // 1-based value constrained; 0 = every value
  std::string_view values;   // enumerated values (or defined terms), '|'-separated
  bool defined_terms;        // PS3.5 6.2: Defined Terms may be extended, so a mismatch only warns
};

struct AttributeRule {
  std::array<std::uint32_t, kMaxPathDepth> path;  // sequence tags then the attribute's tag
  std::uint8_t depth;
  std::uint8_t recursive_mask;  // bit i: path[i] is a recursive sequence (any nesting depth >= 1)
  AttributeType type;
  std::int16_t condition;       // index into condition_nodes(), -1 when none or unchecked
  std::string_view condition_text;
  std::uint16_t first_enum;
  std::uint8_t enum_count;
  // When this condition holds the standard's condition cannot be decided from the data set
  // (e.g. Body Part Examined absent, so nobody knows whether it is paired): an absent
  // attribute is then a warning, not an error. -1 when none.
  std::int16_t undecided;
};

struct ModuleDef {
  std::string_view name;
  std::string_view section;  // "PS3.3 C.7.1.1"
  std::uint16_t first_rule;
  std::uint16_t rule_count;
};

struct ModuleUse {
  std::uint16_t module;
  char usage;  // 'M', 'C', 'U'
  std::int16_t condition;
  std::string_view condition_text;
  std::uint16_t first_signature;  // top-level tags only this module of the IOD has
  std::uint16_t signature_count;
};

struct IodDef {
  std::string_view name;
  std::string_view section;
  std::uint16_t first_use;
  std::uint16_t use_count;
};

struct SopClassIod {
  std::string_view uid;
  std::uint16_t iod;
};

std::span<const IodDef> all_iods();
std::span<const SopClassIod> sop_class_iods();
const IodDef* find_iod(std::string_view sop_class_uid);  // nullptr when not covered
std::span<const ModuleUse> module_uses(const IodDef& iod);
const ModuleDef& module(const ModuleUse& use);
std::span<const AttributeRule> rules(const ModuleDef& m);
std::span<const EnumSpec> enum_specs(const AttributeRule& r);
std::span<const std::uint32_t> signature(const ModuleUse& use);
std::span<const ConditionNode> condition_nodes();

}  // namespace discus::iod
