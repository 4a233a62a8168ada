/* Copyright 2026 The jwtv Authors.
 *
 * ngx_http_auth_jwtv_module's shared declarations: its configuration, the
 * request context, and the functions of its three files (the module and
 * its access handler; ngx_http_auth_jwtv_conf.c, the directives;
 * ngx_http_auth_jwtv_variables.c, the variables).
 */

#ifndef NGX_HTTP_AUTH_JWTV_MODULE_H_
#define NGX_HTTP_AUTH_JWTV_MODULE_H_

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "jwtv_ngx.h"

typedef struct {
  ngx_flag_t enabled;
  ngx_str_t realm;
  ngx_http_complex_value_t *token;
  ngx_array_t *key_files;
  ngx_array_t *secret_files;
  ngx_array_t *issuers;
  ngx_array_t *audiences;
  ngx_array_t *algorithms;
  ngx_array_t *required_claims;
  ngx_array_t *require; /* of ngx_http_complex_value_t */
  ngx_uint_t require_error;
  ngx_str_t jwks_url;
  ngx_str_t oidc_issuer;
  ngx_str_t profile;
  ngx_str_t shopify_api_key;
  ngx_flag_t allow_http;
  time_t leeway;
  time_t max_age;
  ngx_int_t cache;
  jwtv_ngx_auth_t *auth;
} ngx_http_auth_jwtv_loc_conf_t;

typedef struct {
  ngx_array_t auths; /* of jwtv_ngx_auth_t * */
} ngx_http_auth_jwtv_main_conf_t;

typedef struct {
  ngx_int_t status; /* NGX_OK or the answer's status */
  ngx_int_t code;   /* jwtv code; -1: no token */
  ngx_str_t raw;
  void *token; /* set when valid */
} ngx_http_auth_jwtv_ctx_t;

#define NGX_HTTP_AUTH_JWTV_NO_TOKEN -1
#define NGX_HTTP_AUTH_JWTV_DEFAULT_CACHE 4096

extern ngx_module_t ngx_http_auth_jwtv_module;

ngx_int_t ngx_http_auth_jwtv_add_variables(ngx_conf_t *cf);
void *ngx_http_auth_jwtv_create_main_conf(ngx_conf_t *cf);
void *ngx_http_auth_jwtv_create_loc_conf(ngx_conf_t *cf);
char *ngx_http_auth_jwtv_merge_loc_conf(ngx_conf_t *cf, void *parent,
                                        void *child);
char *ngx_http_auth_jwtv(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_auth_jwtv_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_auth_jwtv_algorithms(ngx_conf_t *cf, ngx_command_t *cmd,
                                    void *conf);
char *ngx_http_auth_jwtv_require(ngx_conf_t *cf, ngx_command_t *cmd,
                                 void *conf);
char *ngx_http_auth_jwtv_cache(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

#endif /* NGX_HTTP_AUTH_JWTV_MODULE_H_ */
