/* Copyright 2026 The jwtv Authors.
 *
 * The variables of ngx_http_auth_jwtv_module: $jwtv_claim_<name>,
 * $jwtv_header_<name>, $jwtv_error, $jwtv_payload, $jwtv_shopify_shop and
 * $jwtv_shopify_user, read from the request context the access handler
 * leaves.
 */

#include "ngx_http_auth_jwtv_module.h"



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


ngx_int_t
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
