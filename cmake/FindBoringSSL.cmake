# Finds BoringSSL's libcrypto and defines the imported target BoringSSL::crypto.
#
# By default: Debian's android-libboringssl-dev (headers in /usr/include/android,
# library in /usr/lib/<triplet>/android, which is not on the loader path, so
# targets get an RPATH to it). With -DBORINGSSL_ROOT=DIR: an upstream BoringSSL
# build or install, with DIR/include and the library in DIR, DIR/lib or
# DIR/build.
#
# Never add OpenSSL's libcrypto to a target that links this one: the symbol
# names are the same.

include(FindPackageHandleStandardArgs)
set(BORINGSSL_ROOT "" CACHE PATH "An upstream BoringSSL build or install")

if(BORINGSSL_ROOT)
  find_path(BoringSSL_INCLUDE_DIR openssl/base.h
            PATHS ${BORINGSSL_ROOT}/include NO_DEFAULT_PATH)
  find_library(BoringSSL_CRYPTO_LIBRARY NAMES crypto
               PATHS ${BORINGSSL_ROOT} ${BORINGSSL_ROOT}/lib
                     ${BORINGSSL_ROOT}/build ${BORINGSSL_ROOT}/build/crypto
               NO_DEFAULT_PATH)
else()
  if(CMAKE_LIBRARY_ARCHITECTURE)
    set(_boringssl_libdir /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/android)
  else()
    set(_boringssl_libdir /usr/lib/x86_64-linux-gnu/android)
  endif()
  find_path(BoringSSL_INCLUDE_DIR openssl/base.h
            PATHS /usr/include/android NO_DEFAULT_PATH)
  find_library(BoringSSL_CRYPTO_LIBRARY NAMES crypto
               PATHS ${_boringssl_libdir} NO_DEFAULT_PATH)
endif()

find_package_handle_standard_args(BoringSSL
  REQUIRED_VARS BoringSSL_CRYPTO_LIBRARY BoringSSL_INCLUDE_DIR)

if(BoringSSL_FOUND AND NOT TARGET BoringSSL::crypto)
  get_filename_component(_boringssl_dir ${BoringSSL_CRYPTO_LIBRARY} DIRECTORY)
  add_library(BoringSSL::crypto UNKNOWN IMPORTED)
  set_target_properties(BoringSSL::crypto PROPERTIES
    IMPORTED_LOCATION ${BoringSSL_CRYPTO_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${BoringSSL_INCLUDE_DIR}
    INTERFACE_LINK_OPTIONS "-Wl,-rpath,${_boringssl_dir}")
endif()
mark_as_advanced(BoringSSL_INCLUDE_DIR BoringSSL_CRYPTO_LIBRARY)
