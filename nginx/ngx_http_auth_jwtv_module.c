/* Copyright 2026 The jwtv Authors.
 *
 * ngx_http_auth_jwtv_module: JWT bearer authentication in nginx's access
 * phase, validated by jwtv (jwtv_ngx.h). The directives, variables and
 * answers are described in nginx/README.md.
 *
 * A location's validator is built while the configuration is read (merge),
 * so that `nginx -t` reports a bad key, secret or algorithm naming its
 * directive; a location that sets no key or expectation directive of its
 * own shares its parent's. Per request, the token and the verified claims
 * live in the request pool.
 */

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "jwtv_ngx.h"

typedef struct {
    ngx_flag_t                 enabled;
    ngx_str_t                  realm;
    ngx_http_complex_value_t  *token;
    ngx_array_t               *key_files;
    ngx_array_t               *secret_files;
    ngx_array_t               *issuers;
    ngx_array_t               *audiences;
    ngx_array_t               *algorithms;
    ngx_array_t               *required_claims;
    ngx_array_t               *require; /* of ngx_http_complex_value_t */
    ngx_uint_t                 require_error;
    ngx_str_t                  jwks_url;
    ngx_str_t                  oidc_issuer;
    ngx_str_t                  profile;
    ngx_str_t                  shopify_api_key;
    ngx_flag_t                 allow_http;
    time_t                     leeway;
    time_t                     max_age;
    ngx_int_t                  cache;
    jwtv_ngx_auth_t           *auth;
} ngx_http_auth_jwtv_loc_conf_t;

typedef struct {
    ngx_array_t                auths; /* of jwtv_ngx_auth_t * */
} ngx_http_auth_jwtv_main_conf_t;

typedef struct {
    ngx_int_t                  status; /* NGX_OK or the answer's status */
    ngx_int_t                  code;   /* jwtv code; -1: no token */
    ngx_str_t                  raw;
    void                      *token;  /* set when valid */
} ngx_http_auth_jwtv_ctx_t;

#define NGX_HTTP_AUTH_JWTV_NO_TOKEN  -1
#define NGX_HTTP_AUTH_JWTV_DEFAULT_CACHE  4096

static ngx_int_t ngx_http_auth_jwtv_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_auth_jwtv_reject(ngx_http_request_t *r,
    ngx_http_auth_jwtv_loc_conf_t *lcf, ngx_http_auth_jwtv_ctx_t *ctx);
static void *ngx_http_auth_jwtv_create_main_conf(ngx_conf_t *cf);
static void *ngx_http_auth_jwtv_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_auth_jwtv_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_auth_jwtv_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_auth_jwtv_init(ngx_conf_t *cf);
static ngx_int_t ngx_http_auth_jwtv_init_process(ngx_cycle_t *cycle);
static void ngx_http_auth_jwtv_exit_process(ngx_cycle_t *cycle);
static char *ngx_http_auth_jwtv(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_auth_jwtv_file(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_auth_jwtv_algorithms(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_auth_jwtv_require(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_auth_jwtv_cache(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);

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


/* ---- variables ----------------------------------------------------------- */

enum {
    NGX_HTTP_AUTH_JWTV_VAR_CLAIM,
    NGX_HTTP_AUTH_JWTV_VAR_HEADER,
    NGX_HTTP_AUTH_JWTV_VAR_ERROR,
    NGX_HTTP_AUTH_JWTV_VAR_PAYLOAD,
    NGX_HTTP_AUTH_JWTV_VAR_SHOP,
    NGX_HTTP_AUTH_JWTV_VAR_USER
};


static void *
ngx_http_auth_jwtv_alloc(void *pool, size_t n)
{
    return ngx_pnalloc(pool, n);
}


/* The value of $jwtv_<what>; prefixed variables get their full name. */
static ngx_int_t
ngx_http_auth_jwtv_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, ngx_uint_t what, ngx_str_t *name)
{
    int                        rc;
    jwtv_ngx_str_t             out;
    ngx_http_auth_jwtv_ctx_t  *ctx;

    v->not_found = 1;
    ctx = ngx_http_get_module_ctx(r, ngx_http_auth_jwtv_module);
    if (ctx == NULL) {
        return NGX_OK;
    }

    out.len = 0;
    out.data = NULL;

    if (what == NGX_HTTP_AUTH_JWTV_VAR_ERROR) {
        if (ctx->code == NGX_HTTP_AUTH_JWTV_NO_TOKEN) {
            out.data = (u_char *) "missing_token";
            out.len = sizeof("missing_token") - 1;
        } else if (ctx->code != 0) {
            out = jwtv_ngx_error_name((int) ctx->code);
        }
        rc = 1;

    } else if (ctx->token == NULL) {
        return NGX_OK;

    } else if (what == NGX_HTTP_AUTH_JWTV_VAR_CLAIM) {
        rc = jwtv_ngx_claim(ctx->token,
                            name->data + sizeof("jwtv_claim_") - 1,
                            name->len - (sizeof("jwtv_claim_") - 1),
                            ngx_http_auth_jwtv_alloc, r->pool, &out);

    } else if (what == NGX_HTTP_AUTH_JWTV_VAR_HEADER) {
        rc = jwtv_ngx_header(ctx->token, ctx->raw.data, ctx->raw.len,
                             name->data + sizeof("jwtv_header_") - 1,
                             name->len - (sizeof("jwtv_header_") - 1),
                             ngx_http_auth_jwtv_alloc, r->pool, &out);

    } else if (what == NGX_HTTP_AUTH_JWTV_VAR_PAYLOAD) {
        rc = jwtv_ngx_payload(ctx->token, ngx_http_auth_jwtv_alloc, r->pool,
                              &out);

    } else {
        rc = jwtv_ngx_shopify(ctx->token,
                              what == NGX_HTTP_AUTH_JWTV_VAR_SHOP ? 0 : 1,
                              &out);
    }

    if (rc < 0) {
        return NGX_ERROR;
    }
    if (rc == 0) {
        return NGX_OK;
    }

    v->data = out.data;
    v->len = out.len;
    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;
    return NGX_OK;
}


static ngx_int_t
ngx_http_auth_jwtv_prefix_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t  *name = (ngx_str_t *) data;
    ngx_uint_t  what;

    what = (name->len >= sizeof("jwtv_claim_") - 1
            && ngx_strncmp(name->data, "jwtv_claim_",
                           sizeof("jwtv_claim_") - 1) == 0)
           ? NGX_HTTP_AUTH_JWTV_VAR_CLAIM : NGX_HTTP_AUTH_JWTV_VAR_HEADER;

    return ngx_http_auth_jwtv_variable(r, v, what, name);
}


static ngx_int_t
ngx_http_auth_jwtv_plain_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    return ngx_http_auth_jwtv_variable(r, v, data, NULL);
}


static ngx_http_variable_t  ngx_http_auth_jwtv_vars[] = {

    { ngx_string("jwtv_claim_"), NULL, ngx_http_auth_jwtv_prefix_variable, 0,
      NGX_HTTP_VAR_NOCACHEABLE|NGX_HTTP_VAR_PREFIX, 0 },

    { ngx_string("jwtv_header_"), NULL, ngx_http_auth_jwtv_prefix_variable, 0,
      NGX_HTTP_VAR_NOCACHEABLE|NGX_HTTP_VAR_PREFIX, 0 },

    { ngx_string("jwtv_error"), NULL, ngx_http_auth_jwtv_plain_variable,
      NGX_HTTP_AUTH_JWTV_VAR_ERROR, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwtv_payload"), NULL, ngx_http_auth_jwtv_plain_variable,
      NGX_HTTP_AUTH_JWTV_VAR_PAYLOAD, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwtv_shopify_shop"), NULL,
      ngx_http_auth_jwtv_plain_variable, NGX_HTTP_AUTH_JWTV_VAR_SHOP,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwtv_shopify_user"), NULL,
      ngx_http_auth_jwtv_plain_variable, NGX_HTTP_AUTH_JWTV_VAR_USER,
      NGX_HTTP_VAR_NOCACHEABLE, 0 },

    ngx_http_null_variable
};


static ngx_int_t
ngx_http_auth_jwtv_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_auth_jwtv_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }
        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


/* ---- directives ---------------------------------------------------------- */

static char *
ngx_http_auth_jwtv(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_auth_jwtv_loc_conf_t  *lcf = conf;

    ngx_str_t   *value;
    ngx_uint_t   i;

    if (lcf->enabled != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;
    if (ngx_strcmp(value[1].data, "off") == 0) {
        lcf->enabled = 0;
        return NGX_CONF_OK;
    }

    /* The realm is sent in a quoted string: no quote, backslash or control
     * character. */
    if (value[1].len == 0) {
        return "needs a realm";
    }
    for (i = 0; i < value[1].len; i++) {
        if (value[1].data[i] == '"' || value[1].data[i] == '\\'
            || value[1].data[i] < 0x20 || value[1].data[i] == 0x7f)
        {
            return "realm has a quote, backslash or control character";
        }
    }

    lcf->enabled = 1;
    lcf->realm = value[1];
    return NGX_CONF_OK;
}


/* A file name (relative to the configuration prefix), repeatable. */
static char *
ngx_http_auth_jwtv_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char  *p = conf;

    ngx_str_t     *value, *s;
    ngx_array_t  **a;

    a = (ngx_array_t **) (p + cmd->offset);
    if (*a == NGX_CONF_UNSET_PTR) {
        *a = ngx_array_create(cf->pool, 2, sizeof(ngx_str_t));
        if (*a == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    s = ngx_array_push(*a);
    if (s == NULL) {
        return NGX_CONF_ERROR;
    }

    value = cf->args->elts;
    *s = value[1];
    if (ngx_conf_full_name(cf->cycle, s, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_auth_jwtv_algorithms(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_auth_jwtv_loc_conf_t  *lcf = conf;

    ngx_str_t   *value, *s;
    ngx_uint_t   i;

    if (lcf->algorithms != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    lcf->algorithms = ngx_array_create(cf->pool, cf->args->nelts,
                                       sizeof(ngx_str_t));
    if (lcf->algorithms == NULL) {
        return NGX_CONF_ERROR;
    }

    value = cf->args->elts;
    for (i = 1; i < cf->args->nelts; i++) {
        s = ngx_array_push(lcf->algorithms);
        if (s == NULL) {
            return NGX_CONF_ERROR;
        }
        *s = value[i];
    }

    return NGX_CONF_OK;
}


/* auth_jwtv_require $value ... [error=401|403]; NGINX Plus's semantics. */
static char *
ngx_http_auth_jwtv_require(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_auth_jwtv_loc_conf_t  *lcf = conf;

    ngx_str_t                         *value;
    ngx_uint_t                         i, n;
    ngx_http_complex_value_t          *cv;
    ngx_http_compile_complex_value_t   ccv;

    if (lcf->require == NGX_CONF_UNSET_PTR) {
        lcf->require = ngx_array_create(cf->pool, 2,
                                        sizeof(ngx_http_complex_value_t));
        if (lcf->require == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    value = cf->args->elts;
    n = cf->args->nelts;

    if (value[n - 1].len > 6
        && ngx_strncmp(value[n - 1].data, "error=", 6) == 0)
    {
        if (ngx_strcmp(value[n - 1].data, "error=401") == 0) {
            lcf->require_error = NGX_HTTP_UNAUTHORIZED;
        } else if (ngx_strcmp(value[n - 1].data, "error=403") == 0) {
            lcf->require_error = NGX_HTTP_FORBIDDEN;
        } else {
            return "takes error=401 or error=403";
        }
        n--;
    }

    if (n < 2) {
        return "needs a value";
    }

    for (i = 1; i < n; i++) {
        cv = ngx_array_push(lcf->require);
        if (cv == NULL) {
            return NGX_CONF_ERROR;
        }
        ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));
        ccv.cf = cf;
        ccv.value = &value[i];
        ccv.complex_value = cv;
        if (ngx_http_compile_complex_value(&ccv) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


/* auth_jwtv_cache off | <entries>; */
static char *
ngx_http_auth_jwtv_cache(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_auth_jwtv_loc_conf_t  *lcf = conf;

    ngx_str_t  *value;
    ngx_int_t   n;

    if (lcf->cache != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;
    if (ngx_strcmp(value[1].data, "off") == 0) {
        lcf->cache = 0;
        return NGX_CONF_OK;
    }

    n = ngx_atoi(value[1].data, value[1].len);
    if (n <= 0 || n > 1000000) {
        return "takes off or a number of entries from 1 to 1000000";
    }

    lcf->cache = n;
    return NGX_CONF_OK;
}


/* ---- configuration --------------------------------------------------------- */

static void *
ngx_http_auth_jwtv_create_main_conf(ngx_conf_t *cf)
{
    ngx_http_auth_jwtv_main_conf_t  *mcf;

    mcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_auth_jwtv_main_conf_t));
    if (mcf == NULL) {
        return NULL;
    }

    if (ngx_array_init(&mcf->auths, cf->pool, 4, sizeof(jwtv_ngx_auth_t *))
        != NGX_OK)
    {
        return NULL;
    }

    return mcf;
}


static void *
ngx_http_auth_jwtv_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_auth_jwtv_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_auth_jwtv_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /* ngx_pcalloc leaves the strings empty and auth NULL. */
    conf->enabled = NGX_CONF_UNSET;
    conf->token = NGX_CONF_UNSET_PTR;
    conf->key_files = NGX_CONF_UNSET_PTR;
    conf->secret_files = NGX_CONF_UNSET_PTR;
    conf->issuers = NGX_CONF_UNSET_PTR;
    conf->audiences = NGX_CONF_UNSET_PTR;
    conf->algorithms = NGX_CONF_UNSET_PTR;
    conf->required_claims = NGX_CONF_UNSET_PTR;
    conf->require = NGX_CONF_UNSET_PTR;
    conf->require_error = NGX_CONF_UNSET_UINT;
    conf->allow_http = NGX_CONF_UNSET;
    conf->leeway = NGX_CONF_UNSET;
    conf->max_age = NGX_CONF_UNSET;
    conf->cache = NGX_CONF_UNSET;

    return conf;
}


static jwtv_ngx_strs_t
ngx_http_auth_jwtv_strs(ngx_array_t *a)
{
    jwtv_ngx_strs_t  s;

    s.items = a != NULL ? a->elts : NULL;
    s.count = a != NULL ? a->nelts : 0;
    return s;
}


static jwtv_ngx_str_t
ngx_http_auth_jwtv_str(ngx_str_t s)
{
    jwtv_ngx_str_t  out;

    out.len = s.len;
    out.data = s.data;
    return out;
}


static void
ngx_http_auth_jwtv_auth_cleanup(void *data)
{
    jwtv_ngx_auth_free(data);
}


/* True when the child sets no directive that shapes the validator. */
static ngx_flag_t
ngx_http_auth_jwtv_same_keys(ngx_http_auth_jwtv_loc_conf_t *conf,
    ngx_http_auth_jwtv_loc_conf_t *prev)
{
    return conf->key_files == prev->key_files
           && conf->secret_files == prev->secret_files
           && conf->issuers == prev->issuers
           && conf->audiences == prev->audiences
           && conf->algorithms == prev->algorithms
           && conf->required_claims == prev->required_claims
           && conf->jwks_url.data == prev->jwks_url.data
           && conf->oidc_issuer.data == prev->oidc_issuer.data
           && conf->profile.data == prev->profile.data
           && conf->shopify_api_key.data == prev->shopify_api_key.data
           && conf->allow_http == prev->allow_http
           && conf->leeway == prev->leeway
           && conf->max_age == prev->max_age
           && conf->cache == prev->cache;
}


static char *
ngx_http_auth_jwtv_build(ngx_conf_t *cf, ngx_http_auth_jwtv_loc_conf_t *conf)
{
    char                             err[512];
    jwtv_ngx_auth_t                **slot;
    ngx_pool_cleanup_t              *cln;
    jwtv_ngx_settings_t              s;
    ngx_http_auth_jwtv_main_conf_t  *mcf;

    ngx_memzero(&s, sizeof(jwtv_ngx_settings_t));
    s.key_files = ngx_http_auth_jwtv_strs(conf->key_files);
    s.secret_files = ngx_http_auth_jwtv_strs(conf->secret_files);
    s.issuers = ngx_http_auth_jwtv_strs(conf->issuers);
    s.audiences = ngx_http_auth_jwtv_strs(conf->audiences);
    s.algorithms = ngx_http_auth_jwtv_strs(conf->algorithms);
    s.required_claims = ngx_http_auth_jwtv_strs(conf->required_claims);
    s.jwks_url = ngx_http_auth_jwtv_str(conf->jwks_url);
    s.oidc_issuer = ngx_http_auth_jwtv_str(conf->oidc_issuer);
    s.profile = ngx_http_auth_jwtv_str(conf->profile);
    s.shopify_api_key = ngx_http_auth_jwtv_str(conf->shopify_api_key);
    s.allow_http = conf->allow_http == 1;
    s.leeway_seconds = conf->leeway == NGX_CONF_UNSET ? -1 : conf->leeway;
    s.max_age_seconds = conf->max_age == NGX_CONF_UNSET ? -1 : conf->max_age;
    s.cache_entries = conf->cache == NGX_CONF_UNSET
                      ? NGX_HTTP_AUTH_JWTV_DEFAULT_CACHE : conf->cache;

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }

    err[0] = '\0';
    conf->auth = jwtv_ngx_auth_create(&s, err, sizeof(err));
    if (conf->auth == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);
        return NGX_CONF_ERROR;
    }
    cln->handler = ngx_http_auth_jwtv_auth_cleanup;
    cln->data = conf->auth;

    mcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_auth_jwtv_module);
    slot = ngx_array_push(&mcf->auths);
    if (slot == NULL) {
        return NGX_CONF_ERROR;
    }
    *slot = conf->auth;

    return NGX_CONF_OK;
}


/* True while the server{} level itself is merged (not one of its
 * locations): ngx_http_merge_servers sets the server's own loc_conf. */
static ngx_flag_t
ngx_http_auth_jwtv_server_level(ngx_conf_t *cf)
{
    ngx_http_conf_ctx_t        *ctx = cf->ctx;
    ngx_http_core_srv_conf_t   *cscf;

    cscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_core_module);
    return cscf->ctx->loc_conf == ctx->loc_conf;
}


static char *
ngx_http_auth_jwtv_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_auth_jwtv_loc_conf_t  *prev = parent;
    ngx_http_auth_jwtv_loc_conf_t  *conf = child;

    if (conf->enabled == NGX_CONF_UNSET) {
        conf->enabled = prev->enabled;
        conf->realm = prev->realm;
    }
    ngx_conf_merge_ptr_value(conf->token, prev->token, NULL);
    ngx_conf_merge_ptr_value(conf->key_files, prev->key_files, NULL);
    ngx_conf_merge_ptr_value(conf->secret_files, prev->secret_files, NULL);
    ngx_conf_merge_ptr_value(conf->issuers, prev->issuers, NULL);
    ngx_conf_merge_ptr_value(conf->audiences, prev->audiences, NULL);
    ngx_conf_merge_ptr_value(conf->algorithms, prev->algorithms, NULL);
    ngx_conf_merge_ptr_value(conf->required_claims, prev->required_claims,
                             NULL);
    ngx_conf_merge_ptr_value(conf->require, prev->require, NULL);
    ngx_conf_merge_uint_value(conf->require_error, prev->require_error,
                              NGX_HTTP_FORBIDDEN);
    ngx_conf_merge_str_value(conf->jwks_url, prev->jwks_url, "");
    ngx_conf_merge_str_value(conf->oidc_issuer, prev->oidc_issuer, "");
    ngx_conf_merge_str_value(conf->profile, prev->profile, "");
    ngx_conf_merge_str_value(conf->shopify_api_key, prev->shopify_api_key,
                             "");
    if (conf->allow_http == NGX_CONF_UNSET) {
        conf->allow_http = prev->allow_http;
    }
    if (conf->leeway == NGX_CONF_UNSET) {
        conf->leeway = prev->leeway;
    }
    if (conf->max_age == NGX_CONF_UNSET) {
        conf->max_age = prev->max_age;
    }
    if (conf->cache == NGX_CONF_UNSET) {
        conf->cache = prev->cache;
    }

    if (conf->enabled != 1) {
        return NGX_CONF_OK;
    }

    /* A server may enable auth_jwtv for locations that set their own keys;
     * a location without keys is an error. */
    if (conf->key_files == NULL && conf->secret_files == NULL
        && conf->jwks_url.len == 0 && conf->oidc_issuer.len == 0
        && ngx_http_auth_jwtv_server_level(cf))
    {
        return NGX_CONF_OK;
    }

    if (prev->auth != NULL && ngx_http_auth_jwtv_same_keys(conf, prev)) {
        conf->auth = prev->auth;
        return NGX_CONF_OK;
    }

    return ngx_http_auth_jwtv_build(cf, conf);
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
