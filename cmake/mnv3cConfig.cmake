# find_package(mnv3c): the mnv3c compiler as the imported executable
# mnv3c::mnv3c, and mnv3c_add_model() to compile a model spec into a library
# target while building (docs/cmake.md).
#
#   mnv3c_add_model(TARGET net SPEC model.mnv3 WEIGHTS w.safetensors
#                   (or SPEC model.onnx without WEIGHTS)
#                   [NAME c_prefix] [TARGET_CPU host|aarch64|armv7-neon|...]
#                   [THREADS n] [PASSES pipeline] [FREESTANDING]
#                   [EXTERNAL_WEIGHTS] [INPUT_LAYOUT nchw|nhwc]
#                   [INPUT_TYPE float|uint8] [MEAN m0 m1 ...] [STD s0 s1 ...])
#
# `net` is an INTERFACE library: link it and include "<NAME>.h" (NAME
# defaults to the target's name). The CPU follows the toolchain
# (CMAKE_SYSTEM_PROCESSOR) unless TARGET_CPU says otherwise.
include_guard(GLOBAL)

get_filename_component(_mnv3c_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET mnv3c::mnv3c)
  add_executable(mnv3c::mnv3c IMPORTED GLOBAL)
  set_target_properties(mnv3c::mnv3c PROPERTIES
    IMPORTED_LOCATION "${_mnv3c_prefix}/bin/mnv3c")
endif()
set(MNV3C_RUNTIME_C_DIR "${_mnv3c_prefix}/share/mnv3c/runtime/c")

# The mnv3c --target for the processor being compiled for.
function(_mnv3c_target_cpu out)
  if(NOT CMAKE_CROSSCOMPILING)
    set(${out} host PARENT_SCOPE)
    return()
  endif()
  string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" cpu)
  if(cpu MATCHES "^(aarch64|arm64)$")
    set(${out} aarch64 PARENT_SCOPE)
  elseif(cpu MATCHES "^(armv7.*|arm)$")
    set(${out} armv7-neon PARENT_SCOPE)
  elseif(cpu MATCHES "^(x86_64|amd64)$")
    set(${out} x86-64-avx2 PARENT_SCOPE)
  else()
    message(FATAL_ERROR "mnv3c_add_model: no mnv3c target for "
      "CMAKE_SYSTEM_PROCESSOR '${CMAKE_SYSTEM_PROCESSOR}'; pass TARGET_CPU")
  endif()
endfunction()

function(mnv3c_add_model)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "FREESTANDING;EXTERNAL_WEIGHTS"
    "TARGET;SPEC;WEIGHTS;NAME;TARGET_CPU;THREADS;PASSES;INPUT_LAYOUT;INPUT_TYPE"
    "MEAN;STD")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "mnv3c_add_model: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  # An ONNX model carries its weights; a spec needs them.
  set(required TARGET SPEC)
  if(NOT ARG_SPEC MATCHES "\\.onnx$")
    list(APPEND required WEIGHTS)
  endif()
  foreach(argument ${required})
    if(NOT ARG_${argument})
      message(FATAL_ERROR "mnv3c_add_model: ${argument} is required")
    endif()
  endforeach()
  set(name "${ARG_TARGET}")
  if(ARG_NAME)
    set(name "${ARG_NAME}")
  endif()
  if(NOT name MATCHES "^[A-Za-z][A-Za-z0-9_]*$")
    message(FATAL_ERROR "mnv3c_add_model: '${name}' is not a C identifier; pass NAME")
  endif()
  get_filename_component(spec "${ARG_SPEC}" ABSOLUTE)
  set(weights_option)
  set(weights)
  if(ARG_WEIGHTS)
    get_filename_component(weights "${ARG_WEIGHTS}" ABSOLUTE)
    set(weights_option --weights "${weights}")
  endif()
  set(cpu "${ARG_TARGET_CPU}")
  if(NOT cpu)
    _mnv3c_target_cpu(cpu)
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/mnv3c/${name}")
  set(options --name ${name} --target ${cpu} -q)
  set(outputs "${dir}/${name}.a" "${dir}/${name}.h")
  if(ARG_THREADS)
    list(APPEND options --threads ${ARG_THREADS})
  endif()
  if(ARG_PASSES)
    list(APPEND options --passes ${ARG_PASSES})
  endif()
  if(ARG_FREESTANDING)
    list(APPEND options --freestanding)
  endif()
  foreach(option INPUT_LAYOUT INPUT_TYPE)
    if(ARG_${option})
      string(TOLOWER "--${option}" flag)
      string(REPLACE "_" "-" flag "${flag}")
      list(APPEND options ${flag} ${ARG_${option}})
    endif()
  endforeach()
  foreach(option MEAN STD)
    if(ARG_${option})
      string(TOLOWER "--${option}" flag)
      string(REPLACE ";" "," values "${ARG_${option}}")
      list(APPEND options ${flag} ${values})
    endif()
  endforeach()
  if(ARG_EXTERNAL_WEIGHTS)
    list(APPEND options --external-weights)
    list(APPEND outputs "${dir}/${name}.weights")
  endif()
  # An SSD spec also gets its decoder's C sources.
  set(ssd)
  if(NOT spec MATCHES "\\.onnx$")
    file(STRINGS "${spec}" ssd REGEX "^[ \t]*ssdlite[ \t]")
  endif()
  set(decoder)
  if(ssd)
    set(decoder "${dir}/${name}_detect.c" "${dir}/mnv3_ssd.c")
    list(APPEND outputs ${decoder})
  endif()

  add_custom_command(
    OUTPUT ${outputs}
    COMMAND mnv3c::mnv3c compile "${spec}" ${weights_option} -o "${dir}" ${options}
    DEPENDS "${spec}" ${weights} mnv3c::mnv3c
    COMMENT "mnv3c: compiling ${ARG_SPEC} for ${cpu}"
    VERBATIM)
  add_custom_target(${ARG_TARGET}_mnv3c DEPENDS ${outputs})
  add_library(${ARG_TARGET} INTERFACE)
  add_dependencies(${ARG_TARGET} ${ARG_TARGET}_mnv3c)
  target_include_directories(${ARG_TARGET} INTERFACE "${dir}")
  target_link_libraries(${ARG_TARGET} INTERFACE "${dir}/${name}.a" m)
  if(decoder)
    target_sources(${ARG_TARGET} INTERFACE ${decoder})
  endif()
  if(ARG_THREADS AND ARG_THREADS GREATER 1)
    find_package(Threads REQUIRED)
    target_link_libraries(${ARG_TARGET} INTERFACE Threads::Threads)
  endif()
endfunction()
