/* Copyright 2026 The jwtv Authors.
 *
 * ngx_http_auth_jwtv_module: JWT bearer authentication in nginx's access
 * phase, validated by jwtv (jwtv_ngx.h). The directives, variables and
 * answers are described in nginx/README.md. This file: the module, its
 * access handler, and the worker's start and exit (remote key sources).
 *
 * Per request, the token and the verified claims live in the request pool
 * (the VerifiedToken is destroyed by a pool cleanup).
 */


#include "ngx_http_auth_jwtv_module.h"

static ngx_int_t ngx_http_auth_jwtv_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_auth_jwtv_reject(ngx_http_request_t *r,
    ngx_http_auth_jwtv_loc_conf_t *lcf, ngx_http_auth_jwtv_ctx_t *ctx);
static ngx_int_t ngx_http_auth_jwtv_init(ngx_conf_t *cf);
static ngx_int_t ngx_http_auth_jwtv_init_process(ngx_cycle_t *cycle);
static void ngx_http_auth_jwtv_exit_process(ngx_cycle_t *cycle);


#define NGX_HTTP_AUTH_JWTV_CONF \
    (NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF)

static ngx_command_t  ngx_http_auth_jwtv_commands[] = {

    { ngx_string("auth_jwtv"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_http_auth_jwtv, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { ngx_string("auth_jwtv_token"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_http_set_complex_value_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, token), NULL },

    { ngx_string("auth_jwtv_key_file"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_http_auth_jwtv_file, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, key_files), NULL },

    { ngx_string("auth_jwtv_secret_file"),
      NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_http_auth_jwtv_file, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, secret_files), NULL },

    { ngx_string("auth_jwtv_jwks_url"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, jwks_url), NULL },

    { ngx_string("auth_jwtv_oidc_issuer"),
      NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, oidc_issuer), NULL },

    { ngx_string("auth_jwtv_allow_http"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, allow_http), NULL },

    { ngx_string("auth_jwtv_issuer"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_array_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, issuers), NULL },

    { ngx_string("auth_jwtv_audience"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_array_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, audiences), NULL },

    { ngx_string("auth_jwtv_algorithms"),
      NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_1MORE,
      ngx_http_auth_jwtv_algorithms, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { ngx_string("auth_jwtv_leeway"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, leeway), NULL },

    { ngx_string("auth_jwtv_max_age"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, max_age), NULL },

    { ngx_string("auth_jwtv_require_claim"),
      NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_array_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, required_claims), NULL },

    { ngx_string("auth_jwtv_require"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_1MORE,
      ngx_http_auth_jwtv_require, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { ngx_string("auth_jwtv_profile"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, profile), NULL },

    { ngx_string("auth_jwtv_shopify_api_key"),
      NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot, NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_auth_jwtv_loc_conf_t, shopify_api_key), NULL },

    { ngx_string("auth_jwtv_cache"), NGX_HTTP_AUTH_JWTV_CONF|NGX_CONF_TAKE1,
      ngx_http_auth_jwtv_cache, NGX_HTTP_LOC_CONF_OFFSET, 0, NULL },

    ngx_null_command
};

static ngx_http_module_t  ngx_http_auth_jwtv_module_ctx = {
    ngx_http_auth_jwtv_add_variables,    /* preconfiguration */
    ngx_http_auth_jwtv_init,             /* postconfiguration */
    ngx_http_auth_jwtv_create_main_conf, /* create main configuration */
    NULL,                                /* init main configuration */
    NULL,                                /* create server configuration */
    NULL,                                /* merge server configuration */
    ngx_http_auth_jwtv_create_loc_conf,  /* create location configuration */
    ngx_http_auth_jwtv_merge_loc_conf    /* merge location configuration */
};

ngx_module_t  ngx_http_auth_jwtv_module = {
    NGX_MODULE_V1,
    &ngx_http_auth_jwtv_module_ctx,      /* module context */
    ngx_http_auth_jwtv_commands,         /* module directives */
    NGX_HTTP_MODULE,                     /* module type */
    NULL,                                /* init master */
    NULL,                                /* init module */
    ngx_http_auth_jwtv_init_process,     /* init process */
    NULL,                                /* init thread */
    NULL,                                /* exit thread */
    ngx_http_auth_jwtv_exit_process,     /* exit process */
    NULL,                                /* exit master */
    NGX_MODULE_V1_PADDING
};


/* ---- the access handler ------------------------------------------------ */

/* The token of "Authorization: Bearer <token>" (scheme case-insensitive);
 * empty when the header is absent or of another scheme. */
static ngx_str_t
ngx_http_auth_jwtv_bearer(ngx_http_request_t *r)
{
    u_char     *p, *last;
    ngx_str_t   token = ngx_null_string;

    if (r->headers_in.authorization == NULL) {
        return token;
    }

    p = r->headers_in.authorization->value.data;
    last = p + r->headers_in.authorization->value.len;

    if (last - p < (ssize_t) sizeof("Bearer ") - 1
        || ngx_strncasecmp(p, (u_char *) "Bearer", 6) != 0
        || (p[6] != ' ' && p[6] != '\t'))
    {
        return token;
    }

    p += 6;
    while (p < last && (*p == ' ' || *p == '\t')) {
        p++;
    }
    while (last > p && (last[-1] == ' ' || last[-1] == '\t')) {
        last--;
    }

    token.data = p;
    token.len = last - p;
    return token;
}


static void
ngx_http_auth_jwtv_token_cleanup(void *data)
{
    jwtv_ngx_token_destroy(data);
}


/* NGX_OK when every auth_jwtv_require value is non-empty and not "0". */
static ngx_int_t
ngx_http_auth_jwtv_check_require(ngx_http_request_t *r,
    ngx_http_auth_jwtv_loc_conf_t *lcf)
{
    ngx_str_t                  val;
    ngx_uint_t                 i;
    ngx_http_complex_value_t  *cv;

    if (lcf->require == NULL) {
        return NGX_OK;
    }

    cv = lcf->require->elts;
    for (i = 0; i < lcf->require->nelts; i++) {
        if (ngx_http_complex_value(r, &cv[i], &val) != NGX_OK) {
            return NGX_ERROR;
        }
        if (val.len == 0 || (val.len == 1 && val.data[0] == '0')) {
            return NGX_DECLINED;
        }
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_auth_jwtv_handler(ngx_http_request_t *r)
{
    int                             code;
    void                           *token;
    ngx_int_t                       rc;
    ngx_pool_cleanup_t             *cln;
    ngx_http_auth_jwtv_ctx_t       *ctx;
    ngx_http_auth_jwtv_loc_conf_t  *lcf;

    lcf = ngx_http_get_module_loc_conf(r, ngx_http_auth_jwtv_module);
    if (lcf->enabled != 1) {
        return NGX_DECLINED;
    }

    if (lcf->auth == NULL) {
        /* A server-level request (no location matched) of a server whose
         * keys are set per location: fail closed. */
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "auth_jwtv: no keys for this request's location");
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx = ngx_http_get_module_ctx(r, ngx_http_auth_jwtv_module);
    if (ctx != NULL) {
        return ctx->status;
    }

    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_auth_jwtv_ctx_t));
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    /* Until a decision is reached, a second run of this handler for the
     * request answers 500, never access. */
    ctx->status = NGX_HTTP_INTERNAL_SERVER_ERROR;
    ctx->code = NGX_HTTP_AUTH_JWTV_NO_TOKEN;
    ngx_http_set_ctx(r, ctx, ngx_http_auth_jwtv_module);

    if (lcf->token != NULL) {
        if (ngx_http_complex_value(r, lcf->token, &ctx->raw) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }
    } else {
        ctx->raw = ngx_http_auth_jwtv_bearer(r);
    }

    if (ctx->raw.len == 0) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "auth_jwtv: rejected: no token");
        return ngx_http_auth_jwtv_reject(r, lcf, ctx);
    }

    token = ngx_palloc(r->pool, jwtv_ngx_token_size());
    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (token == NULL || cln == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    jwtv_ngx_token_init(token);
    cln->handler = ngx_http_auth_jwtv_token_cleanup;
    cln->data = token;

    code = jwtv_ngx_validate(lcf->auth, ctx->raw.data, ctx->raw.len, token);
    ctx->code = code;
    if (code != 0) {
        jwtv_ngx_str_t  name = jwtv_ngx_error_name(code);

        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "auth_jwtv: rejected: %*s", name.len, name.data);
        return ngx_http_auth_jwtv_reject(r, lcf, ctx);
    }
    ctx->token = token;

    rc = ngx_http_auth_jwtv_check_require(r, lcf);
    if (rc == NGX_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    if (rc == NGX_DECLINED) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "auth_jwtv: rejected: auth_jwtv_require");
        return ngx_http_auth_jwtv_reject(r, lcf, ctx);
    }

    ctx->status = NGX_OK;
    return NGX_OK;
}


/* Sets the answer: 401 with an RFC 6750 challenge for a missing or invalid
 * token; auth_jwtv_require's status (403 by default) for a valid token that
 * fails a requirement. */
static ngx_int_t
ngx_http_auth_jwtv_reject(ngx_http_request_t *r,
    ngx_http_auth_jwtv_loc_conf_t *lcf, ngx_http_auth_jwtv_ctx_t *ctx)
{
    size_t            len;
    u_char           *p;
    jwtv_ngx_str_t    name;
    ngx_table_elt_t  *h;

    static const char  realm[] = "Bearer realm=\"";
    static const char  invalid[] =
        "\", error=\"invalid_token\", error_description=\"";
    static const char  scope[] = "\", error=\"insufficient_scope";

    name.len = 0;
    name.data = NULL;
    len = sizeof(realm) - 1 + lcf->realm.len + 1;
    if (ctx->token != NULL) {
        len += sizeof(scope) - 1;
        ctx->status = lcf->require_error;
    } else {
        if (ctx->code != NGX_HTTP_AUTH_JWTV_NO_TOKEN) {
            name = jwtv_ngx_error_name((int) ctx->code);
            len += sizeof(invalid) - 1 + name.len;
        }
        ctx->status = NGX_HTTP_UNAUTHORIZED;
    }

    h = ngx_list_push(&r->headers_out.headers);
    p = ngx_pnalloc(r->pool, len);
    if (h == NULL || p == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    h->hash = 1;
    ngx_str_set(&h->key, "WWW-Authenticate");
    h->value.data = p;
    p = ngx_cpymem(p, realm, sizeof(realm) - 1);
    p = ngx_cpymem(p, lcf->realm.data, lcf->realm.len);
    if (ctx->token != NULL) {
        p = ngx_cpymem(p, scope, sizeof(scope) - 1);
    } else if (name.len > 0) {
        p = ngx_cpymem(p, invalid, sizeof(invalid) - 1);
        p = ngx_cpymem(p, name.data, name.len);
    }
    *p++ = '"';
    h->value.len = p - h->value.data;
    r->headers_out.www_authenticate = h;

    return ctx->status;
}


static ngx_int_t
ngx_http_auth_jwtv_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }
    *h = ngx_http_auth_jwtv_handler;

    return NGX_OK;
}


static ngx_int_t
ngx_http_auth_jwtv_init_process(ngx_cycle_t *cycle)
{
    char                             err[512];
    ngx_uint_t                       i;
    jwtv_ngx_auth_t                **auth;
    ngx_http_auth_jwtv_main_conf_t  *mcf;

    mcf = ngx_http_cycle_get_module_main_conf(cycle,
                                              ngx_http_auth_jwtv_module);
    if (mcf == NULL) {
        return NGX_OK;
    }

    auth = mcf->auths.elts;
    for (i = 0; i < mcf->auths.nelts; i++) {
        err[0] = '\0';
        if (jwtv_ngx_auth_start(auth[i], err, sizeof(err)) != 0) {
            /* Its tokens are key_not_found; the worker serves the rest. */
            ngx_log_error(NGX_LOG_ERR, cycle->log, 0,
                          "auth_jwtv: remote keys not started: %s", err);
        }
    }

    return NGX_OK;
}


static void
ngx_http_auth_jwtv_exit_process(ngx_cycle_t *cycle)
{
    ngx_uint_t                       i;
    jwtv_ngx_auth_t                **auth;
    ngx_http_auth_jwtv_main_conf_t  *mcf;

    mcf = ngx_http_cycle_get_module_main_conf(cycle,
                                              ngx_http_auth_jwtv_module);
    if (mcf == NULL) {
        return;
    }

    auth = mcf->auths.elts;
    for (i = 0; i < mcf->auths.nelts; i++) {
        jwtv_ngx_auth_stop(auth[i]);
    }
}


/* The module list of this dynamic module (what nginx's configure writes to
 * objs/<module>_modules.c). */
ngx_module_t  *ngx_modules[] = {
    &ngx_http_auth_jwtv_module,
    NULL
};

char  *ngx_module_names[] = {
    "ngx_http_auth_jwtv_module",
    NULL
};

char  *ngx_module_order[] = {
    NULL
};
