// discus::dicom — Tag: a data element tag (group, element), PS3.5 7.1.1.
//
// Stored as one 32-bit number so tags sort and compare like the standard orders them.
//   constexpr Tag t{0x0010, 0x0010};  t.group() == 0x0010;  to_string(t) == "(0010,0010)"
#pragma once

#include <cstdint>
#include <string>

namespace discus::dicom {

struct Tag {
  std::uint32_t value = 0;

  constexpr Tag() = default;
  constexpr explicit Tag(std::uint32_t v) : value(v) {}
  constexpr Tag(std::uint16_t group, std::uint16_t element)
      : value(static_cast<std::uint32_t>(group) << 16 | element) {}

  constexpr std::uint16_t group() const { return static_cast<std::uint16_t>(value >> 16); }
  constexpr std::uint16_t element() const { return static_cast<std::uint16_t>(value & 0xFFFF); }

  // PS3.5 7.8.1: odd groups other than 0001, 0003, 0005, 0007 and FFFF are private.
  constexpr bool is_private() const {
    const auto g = group();
    return (g & 1) != 0 && g > 0x0007 && g != 0xFFFF;
  }
  // (gggg,0010)-(gggg,00FF) in a private group reserve blocks for a creator.
  constexpr bool is_private_creator() const {
    return is_private() && element() >= 0x0010 && element() <= 0x00FF;
  }
  // The creator element that reserved this private element's block: (gggg,00xx) for (gggg,xxyy).
  constexpr Tag private_creator_tag() const { return Tag{group(), static_cast<std::uint16_t>(element() >> 8)}; }
  constexpr bool is_group_length() const { return element() == 0x0000; }
  // Item, Item Delimitation and Sequence Delimitation (FFFE,E000/E00D/E0DD): no VR in any syntax.
  constexpr bool is_delimiter() const { return group() == 0xFFFE; }

  friend constexpr bool operator==(Tag a, Tag b) { return a.value == b.value; }
  friend constexpr auto operator<=>(Tag a, Tag b) { return a.value <=> b.value; }
};

inline constexpr Tag kItemTag{0xFFFE, 0xE000};
inline constexpr Tag kItemDelimitationTag{0xFFFE, 0xE00D};
inline constexpr Tag kSequenceDelimitationTag{0xFFFE, 0xE0DD};

// "(gggg,eeee)" in upper-case hex, as dcmdump and the standard print tags.
std::string to_string(Tag tag);

}  // namespace discus::dicom
