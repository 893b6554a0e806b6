// Must not compile: built with the include path of widgets/ and app/studio/ by the test
// torch_include_in_qt_code_is_an_error (tests/CMakeLists.txt), which expects the stand-in's error.
#include <ATen/ATen.h>

int main() { return 0; }
