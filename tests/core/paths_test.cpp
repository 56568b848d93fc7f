#include "core/paths.hpp"

#include <catch2/catch.hpp>

using namespace cleave;

TEST_CASE("normalize_path anchors relative paths and removes dot segments", "[paths]") {
  CHECK(normalize_path("src/../lib/./a.cpp", "/repo") == "/repo/lib/a.cpp");
  CHECK(normalize_path("/abs//x/", "/ignored") == "/abs/x");
}

TEST_CASE("relative_to strips only a whole-directory prefix", "[paths]") {
  CHECK(relative_to("/repo/src/a.cpp", "/repo") == "src/a.cpp");
  CHECK(relative_to("/repository/a.cpp", "/repo") == "/repository/a.cpp");
}

TEST_CASE("sanitize_name makes names from analysed code safe as paths", "[paths]") {
  CHECK(sanitize_name("../../etc/passwd") == "etc-passwd");
  CHECK(sanitize_name("Billing Service") == "billing-service");
  CHECK(sanitize_name("..") == "unnamed");
  CHECK(sanitize_name("") == "unnamed");
  CHECK(sanitize_name("</script>") == "script");
  CHECK(sanitize_name(std::string(200, 'a')).size() <= 64);
}
