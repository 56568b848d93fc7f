#include "compdb/compdb.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cleave;
using namespace cleave::compdb;

namespace {
bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
}  // namespace

TEST_CASE("shell_split keeps escaped quotes inside a define", "[compdb][quoting]") {
  auto args = shell_split(R"(c++ -DVERSION=\"2.1\" -DNAME="a b" 'single $x' -c a.cpp)");
  REQUIRE(args.size() == 6);
  CHECK(args[1] == R"(-DVERSION="2.1")");
  CHECK(args[2] == "-DNAME=a b");
  CHECK(args[3] == "single $x");
}

TEST_CASE("shell_split handles escapes inside double quotes and empty words", "[compdb][quoting]") {
  auto args = shell_split(R"(cc "-DX=\"q\\\"" "" a\ b)");
  REQUIRE(args.size() == 4);
  CHECK(args[1] == R"(-DX="q\")");
  CHECK(args[2].empty());
  CHECK(args[3] == "a b");
}

TEST_CASE("shell_split rejects an unterminated quote", "[compdb][quoting]") {
  CHECK_THROWS_AS(shell_split("cc \"-DX=1"), std::invalid_argument);
  CHECK_THROWS_AS(shell_split("cc '-DX=1"), std::invalid_argument);
}

TEST_CASE("both entry forms, relative directory and file", "[compdb]") {
  const char* text = R"([
    {"directory": "build", "file": "../src/a.cpp", "command": "g++ -Iinc -c ../src/a.cpp -o a.o"},
    {"directory": "/abs/build", "file": "/abs/src/b.cpp", "arguments": ["clang++", "-DX=\"y z\"", "-c", "/abs/src/b.cpp"]}
  ])";
  Database db = parse(text, "/p/compile_commands.json", "/p");
  REQUIRE(db.commands.size() == 2);
  CHECK(db.commands[0].file == "/abs/src/b.cpp");
  CHECK(db.commands[1].file == "/p/src/a.cpp");
  CHECK(db.commands[1].directory == "/p/build");
  CHECK(db.commands[1].arguments.at(1) == "-Iinc");
  CHECK(db.commands[0].arguments.at(1) == "-DX=\"y z\"");
}

TEST_CASE("a file listed twice is parsed once, with a note", "[compdb]") {
  const char* text = R"([
    {"directory": "/b", "file": "/s/a.cpp", "arguments": ["c++", "-DFIRST", "/s/a.cpp"]},
    {"directory": "/b", "file": "/s/a.cpp", "arguments": ["c++", "-DSECOND", "/s/a.cpp"]}
  ])";
  Database db = parse(text, "db.json", "/b");
  REQUIRE(db.commands.size() == 1);
  CHECK(db.commands[0].arguments[1] == "-DFIRST");
  REQUIRE(db.notes.size() == 1);
  CHECK(db.notes[0].find("more than once") != std::string::npos);
}

TEST_CASE("malformed JSON names the file and the line", "[compdb][errors]") {
  const char* text = "[\n  {\"directory\": \"/b\",\n   \"file\": \"a.cpp\" \"command\": \"c++\"}\n]";
  try {
    parse(text, "/b/compile_commands.json", "/b");
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.file() == "/b/compile_commands.json");
    CHECK(e.line() == 3);
    CHECK(std::string(e.what()).find("malformed JSON") != std::string::npos);
  }
}

TEST_CASE("an entry without a command names the entry and its line", "[compdb][errors]") {
  const char* text =
      "[\n {\"directory\": \"/b\", \"file\": \"a.cpp\", \"command\": \"c++ a.cpp\"},\n {\"directory\": \"/b\", "
      "\"file\": \"b.cpp\"}\n]";
  try {
    parse(text, "db.json", "/b");
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.line() == 3);
    CHECK(std::string(e.what()).find("entry 2") != std::string::npos);
  }
  CHECK_THROWS_AS(parse("{}", "db.json", "/b"), InputError);
  CHECK_THROWS_AS(parse("[{\"directory\": \"/b\", \"file\": \"a.cpp\", \"command\": \"c++ 'x\"}]", "db.json", "/b"),
                  InputError);
}

TEST_CASE("a missing database says how to make one", "[compdb][errors]") {
  try {
    load("/nonexistent/build");
    FAIL("expected InputError");
  } catch (const InputError& e) {
    CHECK(e.file() == "/nonexistent/build/compile_commands.json");
    CHECK(e.remedy().find("CMAKE_EXPORT_COMPILE_COMMANDS") != std::string::npos);
  }
}

TEST_CASE("prepare_args drops what libclang cannot take and anchors paths", "[compdb][flags]") {
  CompileCommand c;
  c.file = "/p/src/a.cpp";
  c.directory = "/p/build";
  c.arguments = {"ccache",
                 "/usr/bin/g++",
                 "-I../inc",
                 "-isystem",
                 "ext",
                 "-Werror",
                 "-Werror=format",
                 "-fno-tree-vrp",
                 "-std=c++17",
                 "-MD",
                 "-MF",
                 "a.d",
                 "-o",
                 "a.o",
                 "-c",
                 "../src/a.cpp",
                 "-include-pch",
                 "pch.gch",
                 "-DKEEP=1",
                 "-Wall"};
  ParseArgs p = prepare_args(c, FlagAdjustments{{"-DEXTRA"}, {"-Wall"}});
  CHECK(p.args ==
        std::vector<std::string>{"-I/p/inc", "-isystem", "/p/build/ext", "-std=c++17", "-DKEEP=1", "-DEXTRA"});
  CHECK(has(p.dropped, "-Werror"));
  CHECK(has(p.dropped, "-Werror=format"));
  CHECK(has(p.dropped, "-fno-tree-vrp"));
  CHECK(has(p.dropped, "-include-pch pch.gch"));
}

TEST_CASE("the remove-arg option accepts a prefix pattern", "[compdb][flags]") {
  CompileCommand c;
  c.file = "/p/a.cpp";
  c.directory = "/p";
  c.arguments = {"c++", "-DA=1", "-DB=2", "-O2", "a.cpp"};
  ParseArgs p = prepare_args(c, FlagAdjustments{{}, {"-D*"}});
  CHECK(p.args == std::vector<std::string>{"-O2"});
}

TEST_CASE("an entry that only builds a precompiled header is skipped with a note", "[compdb]") {
  const char* text = R"([
    {"directory": "/b", "file": "/b/cmake_pch.hxx.cxx", "command": "c++ -x c++-header -include /b/cmake_pch.hxx -o cmake_pch.hxx.gch -c /b/cmake_pch.hxx.cxx"},
    {"directory": "/b", "file": "/s/a.cpp", "command": "c++ -include /b/cmake_pch.hxx -c /s/a.cpp"}
  ])";
  Database db = parse(text, "db.json", "/b");
  REQUIRE(db.commands.size() == 1);
  CHECK(db.commands[0].file == "/s/a.cpp");
  REQUIRE(db.notes.size() == 1);
  CHECK(db.notes[0].find("precompiled header") != std::string::npos);
}

TEST_CASE("standard names newer than libclang are spelled the way it knows them", "[compdb][flags]") {
  CompileCommand c;
  c.file = "/p/a.cpp";
  c.directory = "/p";
  c.arguments = {"c++", "-std=gnu++23", "a.cpp"};
  ParseArgs p = prepare_args(c, {});
  CHECK(p.args == std::vector<std::string>{"-std=gnu++2b"});
  REQUIRE(p.dropped.size() == 1);
  CHECK(p.dropped[0].find("gnu++23") != std::string::npos);
}

TEST_CASE("OpenMP flags are dropped with the reason: its pragmas carry no dependencies", "[compdb][flags]") {
  CompileCommand c;
  c.file = "/p/a.cpp";
  c.directory = "/p";
  c.arguments = {"c++", "-fopenmp", "-fopenmp=libomp", "-fopenmp-simd", "-fopenmp-version=51", "-O2", "a.cpp"};
  ParseArgs p = prepare_args(c, {});
  CHECK(p.args == std::vector<std::string>{"-O2"});
  REQUIRE(p.dropped.size() == 4);
  CHECK(p.dropped[0].find("-fopenmp") == 0);
  CHECK(p.dropped[0].find("OpenMP") != std::string::npos);
}

TEST_CASE("essential_args keeps only what changes the meaning of the code", "[compdb][flags]") {
  auto e = essential_args({"-I/inc", "-isystem", "/sys", "-DX=1", "-fsome-new-flag", "-std=c++20", "-include", "pch.h",
                           "-mtune=native", "-x", "c++"});
  CHECK(e == std::vector<std::string>{"-I/inc", "-isystem", "/sys", "-DX=1", "-std=c++20", "-include", "pch.h", "-x",
                                      "c++"});
}
