#include "core/glob.hpp"

#include <catch2/catch.hpp>

using cleave::glob_match;
using cleave::PathFilter;

TEST_CASE("a single star stays within one path component", "[glob]") {
  CHECK(glob_match("/src/*.cpp", "/src/a.cpp"));
  CHECK_FALSE(glob_match("/src/*.cpp", "/src/sub/a.cpp"));
}

TEST_CASE("a double star crosses components, including none", "[glob]") {
  CHECK(glob_match("/src/**/a.cpp", "/src/a.cpp"));
  CHECK(glob_match("/src/**/a.cpp", "/src/x/y/a.cpp"));
  CHECK(glob_match("**/third_party/**", "/p/third_party/zlib/z.c"));
  CHECK_FALSE(glob_match("**/third_party/**", "/p/third_party_like/z.c"));
}

TEST_CASE("a relative pattern matches a trailing part of the path", "[glob]") {
  CHECK(glob_match("tests/*.cpp", "/repo/tests/a.cpp"));
  CHECK(glob_match("a.cpp", "/repo/src/a.cpp"));
  CHECK_FALSE(glob_match("a.cpp", "/repo/src/ba.cpp"));
  CHECK(glob_match("?.cpp", "/r/b.cpp"));
}

TEST_CASE("include and exclude combine", "[glob]") {
  PathFilter f({"src/**"}, {"**/generated/**"});
  CHECK(f.selects("/r/src/a.cpp"));
  CHECK_FALSE(f.selects("/r/src/generated/b.cpp"));
  CHECK_FALSE(f.selects("/r/tools/c.cpp"));
  CHECK(PathFilter{}.selects("/anything"));
}
