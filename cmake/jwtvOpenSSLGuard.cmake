# A check, run when the consumer's top-level CMakeLists.txt has been read,
# that no target links both a BoringSSL-backed jwtv and OpenSSL.
#
# BoringSSL and OpenSSL's libcrypto export about 1,800 identical, unversioned
# symbol names: in one process one library's calls land in the other's code
# (heap corruption, crashes on the first RSA key). Installed next to
# jwtvConfig.cmake and used by it; jwtv's CMakeLists.txt uses it too when it
# is added with add_subdirectory or FetchContent. Set JWTV_SKIP_OPENSSL_CHECK
# to skip it.
include_guard(GLOBAL)

function(jwtv_defer_openssl_guard)
  # cmake_language(DEFER) needs CMake 3.19; older consumers go unchecked.
  if(CMAKE_VERSION VERSION_LESS 3.19)
    return()
  endif()
  get_property(scheduled GLOBAL PROPERTY _JWTV_OPENSSL_GUARD_SCHEDULED)
  if(scheduled)
    return()
  endif()
  set_property(GLOBAL PROPERTY _JWTV_OPENSSL_GUARD_SCHEDULED TRUE)
  cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}"
                 CALL _jwtv_openssl_guard_run)
endfunction()

function(_jwtv_openssl_guard_targets dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _jwtv_openssl_guard_targets("${sub}" sub_targets)
    list(APPEND targets ${sub_targets})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Sets ${jwtv_out} to the jwtv target and ${openssl_out} to the OpenSSL item
# found among everything `target` links, directly or through other targets.
function(_jwtv_openssl_guard_scan target jwtv_out openssl_out)
  set(queue "${target}")
  set(seen "")
  set(found_jwtv "")
  set(found_openssl "")
  while(queue)
    list(POP_FRONT queue item)
    # $<LINK_ONLY:x> and the ::@(...) markers CMake adds around items linked
    # from another directory.
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    if(item STREQUAL "" OR item MATCHES "^::@" OR item MATCHES "^\\$<")
      continue()
    endif()
    if(item IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${item}")
    if(TARGET "${item}")
      get_target_property(aliased "${item}" ALIASED_TARGET)
      if(aliased)
        set(item "${aliased}")
      endif()
      if(item MATCHES "^OpenSSL::(Crypto|SSL)$")
        set(found_openssl "${item}")
        continue()
      endif()
      get_target_property(backend "${item}" JWTV_CRYPTO)
      if(backend STREQUAL "boringssl")
        set(found_jwtv "${item}")
      endif()
      get_target_property(type "${item}" TYPE)
      get_target_property(imported "${item}" IMPORTED)
      set(links "")
      if(NOT imported AND NOT type STREQUAL "INTERFACE_LIBRARY")
        get_target_property(links "${item}" LINK_LIBRARIES)
      endif()
      get_target_property(ilinks "${item}" INTERFACE_LINK_LIBRARIES)
      foreach(l IN LISTS links ilinks)
        if(l AND NOT l MATCHES "-NOTFOUND$")
          list(APPEND queue "${l}")
        endif()
      endforeach()
    elseif(item MATCHES "^(-l)?(ssl|crypto)$" OR
           (item MATCHES "/lib(ssl|crypto)\\.(so|a)" AND
            NOT item MATCHES "/android/"))
      set(found_openssl "${item}")
    endif()
  endwhile()
  set(${jwtv_out} "${found_jwtv}" PARENT_SCOPE)
  set(${openssl_out} "${found_openssl}" PARENT_SCOPE)
endfunction()

function(_jwtv_openssl_guard_run)
  if(JWTV_SKIP_OPENSSL_CHECK)
    return()
  endif()
  _jwtv_openssl_guard_targets("${CMAKE_SOURCE_DIR}" targets)
  set(problems "")
  foreach(t IN LISTS targets)
    get_target_property(type "${t}" TYPE)
    if(NOT type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$")
      continue()
    endif()
    _jwtv_openssl_guard_scan("${t}" with_jwtv with_openssl)
    if(with_jwtv AND with_openssl)
      string(APPEND problems "\n  target `${t}` links jwtv::jwtv and ${with_openssl}")
    endif()
  endforeach()
  if(problems)
    message(FATAL_ERROR
      "jwtv: this jwtv is built on BoringSSL, which must not share a process "
      "with OpenSSL (their libcrypto symbols have the same names: heap "
      "corruption and crashes):${problems}\n"
      "Build jwtv with -DJWTV_CRYPTO=openssl for a program that uses OpenSSL.")
  endif()
endfunction()
