/* Copyright 2026 The jwtv Authors.
 *
 * The C interface between the nginx module (ngx_http_auth_jwtv_module.c,
 * plain C against nginx's headers) and jwtv (jwtv_ngx.cc, C++). No function
 * here lets a C++ exception out: each reports failure by its return value.
 *
 * A jwtv_ngx_auth_t is one location's configuration: the Validator, the
 * verified-token cache and, for a JWKS URL or an OpenID Connect issuer, the
 * remote key source. It is built in the configuration phase (so that
 * `nginx -t` reports its errors) and freed with the configuration's pool.
 * A remote key source starts only in a worker (jwtv_ngx_auth_start from
 * init_process): its refresh thread must not be created before fork.
 */

#ifndef JWTV_NGINX_JWTV_NGX_H_
#define JWTV_NGINX_JWTV_NGX_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Same layout as ngx_str_t. */
typedef struct {
  size_t len;
  unsigned char *data;
} jwtv_ngx_str_t;

typedef struct {
  const jwtv_ngx_str_t *items;
  size_t count;
} jwtv_ngx_strs_t;

typedef struct {
  jwtv_ngx_strs_t key_files;    /* JWKS files */
  jwtv_ngx_strs_t secret_files; /* raw HMAC secrets, one per file */
  jwtv_ngx_strs_t issuers;
  jwtv_ngx_strs_t audiences;
  jwtv_ngx_strs_t algorithms;
  jwtv_ngx_strs_t required_claims;
  jwtv_ngx_str_t jwks_url;    /* empty when unset */
  jwtv_ngx_str_t oidc_issuer; /* empty when unset */
  jwtv_ngx_str_t profile;     /* empty or "shopify" */
  jwtv_ngx_str_t shopify_api_key;
  int allow_http;
  long long leeway_seconds;  /* -1: unset */
  long long max_age_seconds; /* -1: unset */
  long long cache_entries;   /* 0: no cache */
} jwtv_ngx_settings_t;

typedef struct jwtv_ngx_auth_s jwtv_ngx_auth_t;

/* Builds a location's validator. On failure returns NULL and writes a
 * NUL-terminated message naming the directive at fault into err. */
jwtv_ngx_auth_t *jwtv_ngx_auth_create(const jwtv_ngx_settings_t *settings,
                                      char *err, size_t err_len);
void jwtv_ngx_auth_free(jwtv_ngx_auth_t *auth);

/* In a worker: starts the remote key source, if any (its first fetch runs
 * in the background; tokens are key_not_found until it succeeds). Returns 0,
 * or -1 with a message in err. */
int jwtv_ngx_auth_start(jwtv_ngx_auth_t *auth, char *err, size_t err_len);
/* Stops the remote key source's thread. */
void jwtv_ngx_auth_stop(jwtv_ngx_auth_t *auth);

/* A verified token lives in memory the caller provides (the request pool):
 * jwtv_ngx_token_size() bytes, aligned to 8. init before use, destroy once
 * (a pool cleanup). */
size_t jwtv_ngx_token_size(void);
void jwtv_ngx_token_init(void *token);
void jwtv_ngx_token_destroy(void *token);

/* Validates `raw` into `token`. Returns 0 when valid, else a jwtv error
 * code (its name from jwtv_ngx_error_name); never throws. */
int jwtv_ngx_validate(jwtv_ngx_auth_t *auth, const unsigned char *raw,
                      size_t raw_len, void *token);
/* The stable name of a code ("malformed", "expired", ...), static. */
jwtv_ngx_str_t jwtv_ngx_error_name(int code);

/* The values of the variables. Each returns 1 and sets *out (a view into
 * the token, or memory from alloc(pool, n)), 0 when the value is absent, -1
 * on an allocation failure. Views live as long as the token. */
typedef void *(*jwtv_ngx_alloc_fn)(void *pool, size_t n);
int jwtv_ngx_claim(const void *token, const unsigned char *name,
                   size_t name_len, jwtv_ngx_alloc_fn alloc, void *pool,
                   jwtv_ngx_str_t *out);
/* raw: the token's text (the header is read from its first segment). */
int jwtv_ngx_header(const void *token, const unsigned char *raw, size_t raw_len,
                    const unsigned char *name, size_t name_len,
                    jwtv_ngx_alloc_fn alloc, void *pool, jwtv_ngx_str_t *out);
int jwtv_ngx_payload(const void *token, jwtv_ngx_alloc_fn alloc, void *pool,
                     jwtv_ngx_str_t *out);
/* which: 0 the shop's domain, 1 the user id (sub). */
int jwtv_ngx_shopify(const void *token, int which, jwtv_ngx_str_t *out);

#ifdef __cplusplus
}
#endif

#endif /* JWTV_NGINX_JWTV_NGX_H_ */
