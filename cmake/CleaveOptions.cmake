# Per-target defaults: no global flags (style.md).
function(cleave_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
    if(CLEAVE_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
  if(CLEAVE_SANITIZE)
    target_compile_options(${target} PUBLIC -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

# A cleave library: explicit sources, an alias cleave::<name>, includes rooted at analyzer/.
function(cleave_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(cleave_${name} STATIC ${ARG_SOURCES})
  add_library(cleave::${name} ALIAS cleave_${name})
  target_include_directories(cleave_${name} PUBLIC
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/analyzer>"
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>")
  target_link_libraries(cleave_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  set_target_properties(cleave_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  cleave_target_defaults(cleave_${name})
endfunction()
