// Copyright 2026 The jwtv Authors.
//
// A host process on OpenSSL 3 (libssl + libcrypto), as nginx or a Node.js
// binary is: it uses OpenSSL itself (HMAC through EVP_MAC, a TLS context,
// an RSA signature), then dlopens a plugin that links jwtv built on the
// OpenSSL backend, lets it validate the sample tokens, and uses OpenSSL
// again, before and after unloading the plugin. Every answer must be right
// and OpenSSL must still be OpenSSL: with jwtv on BoringSSL the two
// libraries' same-named symbols corrupt each other in one process.
//
//   jwtv_embed_host <plugin.so> <samples dir>   exit 0 iff all is right

#include <dlfcn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

int failures = 0;

void Check(bool ok, const char* what) {
  std::printf("host: %-46s %s\n", what, ok ? "right" : "WRONG");
  if (!ok) {
    ERR_print_errors_fp(stdout);
    ++failures;
  }
}

// RFC 4231 test case 2 through EVP_MAC.
bool HmacKnownAnswer() {
  static const char kKey[] = "Jefe";
  static const char kData[] = "what do ya want for nothing?";
  static const unsigned char kWant[32] = {
      0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
      0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
      0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  unsigned char out[32];
  size_t out_len = 0;
  const bool ok =
      ctx != nullptr &&
      EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(kKey),
                   std::strlen(kKey), params) == 1 &&
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(kData),
                     std::strlen(kData)) == 1 &&
      EVP_MAC_final(ctx, out, &out_len, sizeof(out)) == 1 && out_len == 32 &&
      std::memcmp(out, kWant, 32) == 0;
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
  return ok;
}

// A TLS server and client context, and a client connection object.
bool TlsContext() {
  SSL_CTX* server = SSL_CTX_new(TLS_server_method());
  SSL_CTX* client = SSL_CTX_new(TLS_client_method());
  SSL* ssl = client != nullptr ? SSL_new(client) : nullptr;
  const bool ok = server != nullptr && client != nullptr && ssl != nullptr &&
                  SSL_CTX_set_min_proto_version(client, TLS1_2_VERSION) == 1 &&
                  SSL_set_tlsext_host_name(ssl, "example.com") == 1;
  SSL_free(ssl);
  SSL_CTX_free(client);
  SSL_CTX_free(server);
  return ok;
}

// A fresh RSA-2048 key signs and verifies (OpenSSL's big numbers and
// Montgomery contexts, which jwtv's RSA keys use too).
bool RsaRoundTrip() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  EVP_MD_CTX* sign = EVP_MD_CTX_new();
  EVP_MD_CTX* verify = EVP_MD_CTX_new();
  static const unsigned char kMsg[] = "host message";
  unsigned char sig[256];
  size_t sig_len = sizeof(sig);
  const bool ok =
      key != nullptr && sign != nullptr && verify != nullptr &&
      EVP_DigestSignInit(sign, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestSign(sign, sig, &sig_len, kMsg, sizeof(kMsg)) == 1 &&
      EVP_DigestVerifyInit(verify, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(verify, sig, sig_len, kMsg, sizeof(kMsg)) == 1;
  EVP_MD_CTX_free(verify);
  EVP_MD_CTX_free(sign);
  EVP_PKEY_free(key);
  return ok;
}

void UseOpenssl(const char* when) {
  std::printf("host: OpenSSL use %s\n", when);
  Check(std::strncmp(OpenSSL_version(OPENSSL_VERSION), "OpenSSL 3", 9) == 0,
        "OpenSSL_version() is OpenSSL 3");
  Check(HmacKnownAnswer(), "HMAC-SHA256 (RFC 4231 case 2)");
  Check(TlsContext(), "SSL_CTX_new, SSL_new");
  Check(RsaRoundTrip(), "RSA-2048 sign and verify");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <plugin.so> <samples dir>\n", argv[0]);
    return 2;
  }
  std::printf("host: %s\n", OpenSSL_version(OPENSSL_VERSION));
  UseOpenssl("before loading the plugin");

  void* plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (plugin == nullptr) {
    std::printf("host: dlopen: %s\n", dlerror());
    return 1;
  }
  using CheckFn = int (*)(const char*);
  auto check = reinterpret_cast<CheckFn>(dlsym(plugin, "jwtv_plugin_check"));
  Check(check != nullptr, "plugin exports jwtv_plugin_check");
  if (check != nullptr) {
    Check(check(argv[2]) == 0, "plugin: every sample token answered right");
    UseOpenssl("with the plugin loaded");
    Check(check(argv[2]) == 0, "plugin: again, after the host's use");
  }
  Check(dlclose(plugin) == 0, "dlclose");
  UseOpenssl("after unloading the plugin");

  std::printf("host: %d wrong\n", failures);
  return failures == 0 ? 0 : 1;
}
