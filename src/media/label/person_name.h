// discus::media::label — a Person Name (PS3.5 6.2 PN) value written for people.
//
// A PN value is up to three component groups separated by '=' (alphabetic, ideographic,
// phonetic, PS3.5 6.2.1.2), each of five components separated by '^' (family, given, middle,
// prefix, suffix, PS3.5 6.2.1.1). The alphabetic group reads "Prefix Family, Given Middle, Suffix";
// ideographic and phonetic groups keep their stored order (family first, as Japanese, Korean
// and Chinese names are written) joined by spaces.
//   PersonName n = format_person_name("Yamada^Tarou=山田^太郎=やまだ^たろう");  // n.ideographic "山田 太郎"
#pragma once

#include <string>
#include <string_view>

namespace discus::media::label {

struct PersonName {
  std::string alphabetic, ideographic, phonetic;
  // The name in its own script: ideographic, else alphabetic, else phonetic.
  const std::string& preferred() const;
  // The alphabetic group when `preferred()` is another group (a second line in Latin letters).
  std::string other() const;
};

// `value` is already UTF-8 (decoded through the Specific Character Set); padding is trimmed.
PersonName format_person_name(std::string_view value);

}  // namespace discus::media::label
