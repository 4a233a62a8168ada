# Install rules (JWTV_INSTALL, on by default at the top level): headers, the
# library, the CMake package (jwtvConfig.cmake, targets jwtv::jwtv and
# jwtv::testing, the tokens-for-tests library) and
# jwtv.pc. Included from the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

set(JWTV_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/jwtv)

# An installed shared libjwtv keeps a run path to the directories of the
# libraries it links outside the system's (Debian's BoringSSL is in
# /usr/lib/<triplet>/android, off the loader's path).
set_target_properties(jwtv PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
install(TARGETS jwtv EXPORT jwtvTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(JWTV_BUILD_TESTING_LIB)
  set_target_properties(jwtv_testing PROPERTIES
    INSTALL_RPATH_USE_LINK_PATH ON)
  install(TARGETS jwtv_testing EXPORT jwtvTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/jwtv
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/jwtv/version.h
              ${PROJECT_BINARY_DIR}/include/jwtv/export.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/jwtv)
if(JWTV_BUILD_CLI)
  install(TARGETS jwtv_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT jwtvTargets NAMESPACE jwtv:: DESTINATION ${JWTV_CMAKE_INSTALL_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/jwtvConfig.cmake.in
  ${PROJECT_BINARY_DIR}/jwtvConfig.cmake
  INSTALL_DESTINATION ${JWTV_CMAKE_INSTALL_DIR})
# 0.x: a minor version may break the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/jwtvConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/jwtvConfig.cmake
              ${PROJECT_BINARY_DIR}/jwtvConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/jwtvOpenSSLGuard.cmake
        DESTINATION ${JWTV_CMAKE_INSTALL_DIR})
if(JWTV_CRYPTO STREQUAL "boringssl")
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/FindBoringSSL.cmake
          DESTINATION ${JWTV_CMAKE_INSTALL_DIR})
endif()

# pkg-config. The prefix is found from the .pc file's own place, so the
# prefix given to `cmake --install --prefix` holds. Abseil is public (the
# API's types). The rest is private to a shared libjwtv (Requires.private,
# Libs.private); a static libjwtv has no DT_NEEDED of its own, so every link
# needs it: there it goes in Requires and Libs, and a plain
# `pkg-config --cflags --libs jwtv` links either kind (`--static` would
# also pull the private libraries of GnuTLS and the others, which a
# system with only their shared libraries lacks).
file(RELATIVE_PATH JWTV_PC_PREFIX_FROM_PCFILEDIR
     /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
string(REGEX REPLACE "/$" "" JWTV_PC_PREFIX_FROM_PCFILEDIR
       "${JWTV_PC_PREFIX_FROM_PCFILEDIR}")
set(JWTV_PC_REQUIRES "absl_status absl_statusor absl_span absl_inlined_vector")
set(_jwtv_pc_private_requires
    "simdjson gnutls absl_strings absl_str_format absl_flat_hash_map")
set(_jwtv_pc_private_libs "-pthread")
if(JWTV_CRYPTO STREQUAL "boringssl")
  # Debian's BoringSSL has no .pc; its directory is off the loader's path.
  get_filename_component(_jwtv_bssl_dir ${BoringSSL_CRYPTO_LIBRARY} DIRECTORY)
  string(PREPEND _jwtv_pc_private_libs
         "${BoringSSL_CRYPTO_LIBRARY} -Wl,-rpath,${_jwtv_bssl_dir} ")
elseif(JWTV_CRYPTO STREQUAL "openssl")
  string(APPEND _jwtv_pc_private_requires " libcrypto >= 3.0")
endif()
if(JWTV_IPSEC_MB)
  # ipsec-mb has no .pc either.
  string(PREPEND _jwtv_pc_private_libs "${JWTV_IPSEC_MB_LIBRARY} ")
endif()
if(BUILD_SHARED_LIBS)
  set(JWTV_PC_REQUIRES_PRIVATE "${_jwtv_pc_private_requires}")
  set(JWTV_PC_LIBS "")
  set(JWTV_PC_LIBS_PRIVATE "${_jwtv_pc_private_libs}")
else()
  string(APPEND JWTV_PC_REQUIRES " ${_jwtv_pc_private_requires}")
  set(JWTV_PC_REQUIRES_PRIVATE "")
  set(JWTV_PC_LIBS " ${_jwtv_pc_private_libs}")
  set(JWTV_PC_LIBS_PRIVATE "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/jwtv.pc.in
               ${PROJECT_BINARY_DIR}/jwtv.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jwtv.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
