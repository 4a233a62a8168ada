/* Copyright 2026 The jwtv Authors.
 *
 * The directives of ngx_http_auth_jwtv_module and the merge that builds
 * each location's validator (jwtv_ngx_auth_create) while the configuration
 * is read, so that `nginx -t` reports its errors.
 */

#include "ngx_http_auth_jwtv_module.h"



char *
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
char *
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


char *
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
char *
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
char *
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

void *
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


void *
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


char *
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
