# Every dependency comes from Debian packages (scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)  # the project config file (.cleave.yaml)  # Boost.Graph is header-only for what we use
find_package(PkgConfig REQUIRED)
pkg_check_modules(GVC REQUIRED IMPORTED_TARGET libgvc libcgraph)
# xxHash (libxxhash-dev), used header-only (XXH_INLINE_ALL): content hashes for the fact cache.
find_path(CLEAVE_XXHASH_INCLUDE xxhash.h REQUIRED)
add_library(cleave_xxhash INTERFACE)
target_include_directories(cleave_xxhash SYSTEM INTERFACE "${CLEAVE_XXHASH_INCLUDE}")

# libclang: prefer 16 (accepts more C++20 than 14), fall back to 14.
set(CLEAVE_LLVM_ROOTS /usr/lib/llvm-16 /usr/lib/llvm-15 /usr/lib/llvm-14)
if(CLEAVE_LLVM_ROOT)
  list(PREPEND CLEAVE_LLVM_ROOTS "${CLEAVE_LLVM_ROOT}")
endif()
foreach(root IN LISTS CLEAVE_LLVM_ROOTS)
  if(EXISTS "${root}/include/clang-c/Index.h")
    set(CLEAVE_LIBCLANG_ROOT "${root}")
    break()
  endif()
endforeach()
if(NOT CLEAVE_LIBCLANG_ROOT)
  message(FATAL_ERROR "libclang not found: install libclang-16-dev (or libclang-14-dev); scripts/install-deps.sh does it")
endif()
find_library(CLEAVE_LIBCLANG NAMES clang libclang PATHS "${CLEAVE_LIBCLANG_ROOT}/lib" NO_DEFAULT_PATH REQUIRED)
add_library(cleave_libclang INTERFACE)
target_include_directories(cleave_libclang SYSTEM INTERFACE "${CLEAVE_LIBCLANG_ROOT}/include")
target_link_libraries(cleave_libclang INTERFACE "${CLEAVE_LIBCLANG}")
message(STATUS "cleave: libclang from ${CLEAVE_LIBCLANG_ROOT}")

# The resource directory (stddef.h, stdarg.h ...) that libclang needs at run time.
file(GLOB CLEAVE_CLANG_RESOURCE_DIRS LIST_DIRECTORIES true "${CLEAVE_LIBCLANG_ROOT}/lib/clang/*")
list(SORT CLEAVE_CLANG_RESOURCE_DIRS)
list(GET CLEAVE_CLANG_RESOURCE_DIRS -1 CLEAVE_CLANG_RESOURCE_DIR)
if(NOT EXISTS "${CLEAVE_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(FATAL_ERROR "clang resource headers missing under ${CLEAVE_CLANG_RESOURCE_DIR}: install libclang-common-16-dev")
endif()

# libpg_query: Debian ships a static library and one header.
find_path(CLEAVE_PG_QUERY_INCLUDE pg_query.h REQUIRED)
find_library(CLEAVE_PG_QUERY_LIB NAMES pg_query REQUIRED)
add_library(cleave_pg_query INTERFACE)
target_include_directories(cleave_pg_query SYSTEM INTERFACE "${CLEAVE_PG_QUERY_INCLUDE}")
target_link_libraries(cleave_pg_query INTERFACE "${CLEAVE_PG_QUERY_LIB}")
