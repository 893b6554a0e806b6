#pragma once
// Text from a file made safe for a one-line message: control characters (a newline in a record
// name or a pickle string of a hostile file) become \xNN.
#include <string>
#include <string_view>

namespace sdm {

std::string printable(std::string_view text);

}  // namespace sdm
