#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
"""ngx_http_auth_jwtv_module against Debian's nginx on loopback.

  tests/nginx/nginx_test.py [-v] [unittest args]
      JWTV_NGINX_MODULE: the module (default build/openssl/nginx/...so,
      built by tools/build_nginx_module.sh)

Each test class starts nginx with its own configuration (harness.py), a
local upstream that echoes the headers it received, and checks the answers
and what reached the upstream. No test uses the network beyond 127.0.0.1.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import bearer, request  # noqa: E402

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header, payload, sign):
    """A compact JWS of the given header and payload (dicts or raw text);
    sign(signing_input) gives the signature bytes."""
    h = header if isinstance(header, (str, bytes)) else json.dumps(header)
    p = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    signing_input = b64(h) + "." + b64(p)
    return signing_input + "." + b64(sign(signing_input.encode()))


def hmac_signer(key):
    return lambda data: hmac.new(key, data, hashlib.sha256).digest()


def rsa_signer(private_key):
    return lambda data: private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def challenge(code=None, realm="test"):
    if code is None:
        return 'Bearer realm="%s"' % realm
    return 'Bearer realm="%s", error="invalid_token", error_description="%s"' % (realm, code)


class NginxCase(unittest.TestCase):
    """Starts nginx with cls.body() (a server block) and an echo upstream."""

    workers = 1

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="jwtv-keys-")
        os.chmod(cls.tmp, 0o755)
        cls.keys = harness.Keys(cls.tmp)
        cls.upstream = harness.EchoUpstream()
        cls.extra_setup()
        cls.nginx = harness.Nginx(cls.body(), workers=cls.workers)

    @classmethod
    def extra_setup(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        log = cls.nginx.log()
        cls.nginx.stop()
        cls.upstream.close()
        # A worker that crashed (and was restarted by the master), or a
        # sanitizer report (tools/test_nginx.sh --asan), fails the class.
        if "exited on signal" in log or "[sanitizer report]" in log:
            raise AssertionError("an nginx worker crashed:\n" + log[-3000:])

    @classmethod
    def proxy(cls):
        return "proxy_pass http://127.0.0.1:%d;" % cls.upstream.port

    def get(self, path="/", headers=None):
        return request(self.nginx.port, path, headers)

    def assert_rejected(self, r, code, realm="test"):
        self.assertEqual(r.status, 401, r.body)
        self.assertEqual(r.headers.get("www-authenticate"), challenge(code, realm))
        if "x-jwtv-error" in r.headers:  # where the server adds $jwtv_error
            self.assertEqual(r.headers["x-jwtv-error"], code or "missing_token")


class CoreTest(NginxCase):
    """RS256 keys from a JWKS file, the expectations, the variables."""

    @classmethod
    def body(cls):
        k = cls.keys
        return """
  map $jwtv_claim_role $is_admin {{ admin 1; default 0; }}
  server {{
    listen 127.0.0.1:{{port}};
    auth_jwtv test;
    auth_jwtv_key_file {jwks};
    auth_jwtv_secret_file {s0};
    auth_jwtv_issuer https://issuer.test;
    auth_jwtv_issuer https://other.test;
    auth_jwtv_audience api;
    auth_jwtv_algorithms RS256 HS256;
    proxy_set_header X-Sub $jwtv_claim_sub;
    proxy_set_header X-Aud $jwtv_claim_aud;
    proxy_set_header X-Num $jwtv_claim_num;
    proxy_set_header X-Obj $jwtv_claim_obj;
    proxy_set_header X-Uni $jwtv_claim_uni;
    proxy_set_header X-Camel $jwtv_claim_userid;
    proxy_set_header X-Kid $jwtv_header_kid;
    proxy_set_header X-Alg $jwtv_header_alg;
    proxy_set_header X-Hdr $jwtv_header_x5;
    proxy_set_header X-Error $jwtv_error;
    proxy_set_header X-Payload $jwtv_payload;
    add_header X-Jwtv-Error $jwtv_error always;
    location / {{ {proxy} }}
    location /open {{ auth_jwtv off; {proxy} }}
    location /inner {{ auth_jwtv inner; {proxy} }}
    location /admin {{ auth_jwtv_require $is_admin; {proxy} }}
    location /admin401 {{ auth_jwtv_require $is_admin $jwtv_claim_sub error=401; {proxy} }}
    location /claim {{ auth_jwtv_require_claim role; {proxy} }}
    location /leeway {{ auth_jwtv_leeway 60s; {proxy} }}
    location /maxage {{ auth_jwtv_max_age 30s; {proxy} }}
    location /hs {{ auth_jwtv_algorithms HS256; {proxy} }}
    location /arg {{ auth_jwtv_token $arg_token; {proxy} }}
    location /cookie {{ auth_jwtv_token $cookie_session; {proxy} }}
    location /nocache {{ auth_jwtv_cache off; {proxy} }}
    location /cache2 {{ auth_jwtv_cache 2; {proxy} }}
  }}
""".format(jwks=k.jwks, s0=k.secret_files[0], proxy=cls.proxy())

    def test_valid_token_and_variables_reach_upstream(self):
        token = self.keys.rs256({"aud": ["api", "x"], "num": 1.50, "obj": {"a": [1, 2]},
                                 "uni": "caf\u00e9", "userId": "u-7"},
                                headers={"x5": {"b": 1}})
        r = self.get("/", bearer(token))
        self.assertEqual(r.status, 200, r.body)
        h = r.upstream_headers()
        self.assertEqual(h["x-sub"], "user-1")
        self.assertEqual(h["x-aud"], '["api","x"]')
        self.assertEqual(h["x-num"], "1.5")
        self.assertEqual(h["x-obj"], '{"a":[1,2]}')
        self.assertEqual(h["x-camel"], "u-7")  # nginx lower-cases variable names
        self.assertEqual(h["x-kid"], "k1")
        self.assertEqual(h["x-alg"], "RS256")
        self.assertEqual(h["x-hdr"], '{"b":1}')
        self.assertEqual(h.get("x-error", ""), "")  # empty: not sent
        self.assertEqual(json.loads(h["x-payload"])["sub"], "user-1")
        self.assertEqual(h["authorization"], "Bearer " + token)

    def test_control_characters_never_reach_a_header(self):
        # Signed, JSON-escaped CR LF in a claim and a header member: the
        # variables are empty, so no header is split or injected upstream.
        token = self.keys.rs256({"sub": "a\r\nX-Injected: 1", "uni": "tab\there"},
                                headers={"x5": "b\nX-Injected: 2"})
        r = self.get("/", bearer(token))
        self.assertEqual(r.status, 200, r.body)
        h = r.upstream_headers()
        self.assertNotIn("x-injected", h)
        self.assertEqual(h.get("x-sub", ""), "")
        self.assertEqual(h.get("x-uni", ""), "")
        self.assertEqual(h.get("x-hdr", ""), "")
        self.assertEqual(json.loads(h["x-payload"])["sub"], "a\r\nX-Injected: 1")

    def test_absent_claim_is_empty(self):
        r = self.get("/", bearer(self.keys.rs256()))
        self.assertEqual(r.status, 200)
        self.assertEqual(r.upstream_headers().get("x-obj", ""), "")

    def test_missing_token(self):
        r = self.get("/")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.headers["www-authenticate"], challenge())
        self.assertEqual(r.headers["x-jwtv-error"], "missing_token")

    def test_scheme_is_case_insensitive(self):
        for scheme in ("bearer", "BEARER", "BeArEr"):
            r = self.get("/", {"Authorization": scheme + "  " + self.keys.rs256()})
            self.assertEqual(r.status, 200, scheme)

    def test_hs256_from_secret_file(self):
        self.assertEqual(self.get("/", bearer(self.keys.hs256())).status, 200)

    def test_error_codes(self):
        k = self.keys
        now = int(time.time())
        sign = rsa_signer(k.rsa)
        hdr = {"alg": "RS256", "kid": "k1"}
        cases = {
            "malformed": "a.b",
            "bad_json": raw_token(hdr, "{not json", sign),
            "unsupported_alg": raw_token({"alg": "XX256", "kid": "k1"}, "{}", sign),
            "alg_not_allowed": raw_token({"alg": "ES256", "kid": "k1"}, "{}", sign),
            "bad_signature": k.rs256()[:-4] + ("AAAA" if not k.rs256().endswith("AAAA") else "BBBB"),
            "bad_claim": k.rs256({"exp": "soon"}),
            "expired": k.rs256({"exp": now - 100}),
            "not_yet_valid": k.rs256({"nbf": now + 600}),
            "iat_in_future": k.rs256({"iat": now + 600}),
            "bad_issuer": k.rs256({"iss": "https://evil.test"}),
            "bad_audience": k.rs256({"aud": "other"}),
            "missing_claim": raw_token(hdr, {"iss": "https://issuer.test", "aud": "api"}, sign),
            "unknown_crit": k.rs256(headers={"crit": ["x-ext"], "x-ext": 1}),
        }
        for code, token in cases.items():
            with self.subTest(code=code):
                r = self.get("/", bearer(token))
                self.assert_rejected(r, code)
                self.assertEqual(r.headers["x-jwtv-error"], code)
        log = self.nginx.log()
        for code, token in cases.items():
            self.assertIn("auth_jwtv: rejected: %s," % code, log)
            if len(token) > 40:
                self.assertNotIn(token.split(".")[-1], log)
        self.assertNotIn("s" * 32, log)

    def test_second_issuer_accepted(self):
        r = self.get("/", bearer(self.keys.rs256({"iss": "https://other.test"})))
        self.assertEqual(r.status, 200)

    def test_alg_none_in_every_spelling(self):
        good = self.keys.rs256()
        payload = dict(harness.standard_claims())
        for alg in ("none", "None", "NONE", "nOnE", "none "):
            for sig in ("", "AAAA", good.split(".")[2]):
                token = b64(json.dumps({"alg": alg, "kid": "k1"})) + "." + b64(
                    json.dumps(payload)) + "." + sig
                with self.subTest(alg=alg, sig=sig[:4]):
                    r = self.get("/", bearer(token))
                    self.assertEqual(r.status, 401)
                    self.assertIn('error="invalid_token"', r.headers["www-authenticate"])
            # A none token never turns checks off for later requests.
            self.assertEqual(self.get("/", bearer(good)).status, 200)
            forged = good.rsplit(".", 1)[0] + "." + b64(b"\0" * 256)
            self.assert_rejected(self.get("/", bearer(forged)), "bad_signature")

    def test_hs256_keyed_with_the_rsa_public_key(self):
        k = self.keys
        pem = k.public_pem
        n = k.rsa.public_key().public_numbers().n.to_bytes(256, "big")
        for secret in (pem, pem.strip(), n):
            token = raw_token({"alg": "HS256", "kid": "k1"}, harness.standard_claims(),
                              hmac_signer(secret))
            r = self.get("/", bearer(token))
            self.assertEqual(r.status, 401)
            self.assertIn('error="invalid_token"', r.headers["www-authenticate"])

    def test_short_and_garbage_authorization(self):
        for value in ("", "B", "Bearer", "Bearer ", "Bearer\t", "Basic Zm9vOmJhcg==",
                      "Bearer .", "Bearer ..", "Bearer a", "Bearer \x01\x02",
                      "Bearer " + "\xff" * 3, "Bearer a.b.c.d", "Bearer ===.===.==="):
            with self.subTest(value=value):
                r = self.get("/", {"Authorization": value})
                self.assertIn(r.status, (400, 401))
        self.assertEqual(self.get("/", bearer(self.keys.rs256())).status, 200)

    def test_16k_header(self):
        big = self.keys.rs256({"pad": "x" * (16 * 1024)})
        self.assertGreater(len(big), 16 * 1024)
        self.assert_rejected(self.get("/", bearer(big)), "malformed")
        junk = "Bearer " + "A" * (16 * 1024)
        self.assert_rejected(self.get("/", {"Authorization": junk}), "malformed")
        self.assertEqual(self.get("/", bearer(self.keys.rs256())).status, 200)

    def test_off_and_nested_realm(self):
        self.assertEqual(self.get("/open").status, 200)
        r = self.get("/inner")
        self.assertEqual(r.headers["www-authenticate"], challenge(realm="inner"))
        self.assertEqual(self.get("/inner", bearer(self.keys.rs256())).status, 200)

    def test_require(self):
        k = self.keys
        self.assertEqual(self.get("/admin", bearer(k.rs256({"role": "admin"}))).status, 200)
        r = self.get("/admin", bearer(k.rs256({"role": "user"})))
        self.assertEqual(r.status, 403)
        self.assertIn('error="insufficient_scope"', r.headers["www-authenticate"])
        self.assertEqual(self.get("/admin401", bearer(k.rs256({"role": "user"}))).status, 401)
        self.assertEqual(self.get("/admin401", bearer(k.rs256({"role": "admin"}))).status, 200)
        self.assertEqual(self.get("/admin401", bearer(k.rs256({"role": "admin", "sub": "0"}))).status, 401)
        self.assertIn("auth_jwtv: rejected: auth_jwtv_require", self.nginx.log())

    def test_require_claim(self):
        self.assert_rejected(self.get("/claim", bearer(self.keys.rs256())), "missing_claim")
        self.assertEqual(self.get("/claim", bearer(self.keys.rs256({"role": "x"}))).status, 200)

    def test_leeway_and_max_age(self):
        now = int(time.time())
        late = self.keys.rs256({"exp": now - 20})
        self.assertEqual(self.get("/leeway", bearer(late)).status, 200)
        self.assert_rejected(self.get("/", bearer(late)), "expired")
        old = self.keys.rs256({"iat": now - 120})
        self.assertEqual(self.get("/", bearer(old)).status, 200)
        self.assert_rejected(self.get("/maxage", bearer(old)), "too_old")

    def test_algorithms(self):
        self.assert_rejected(self.get("/hs", bearer(self.keys.rs256())), "alg_not_allowed")

    def test_token_from_variable(self):
        t = self.keys.rs256()
        self.assertEqual(self.get("/arg?token=" + t).status, 200)
        self.assertEqual(self.get("/cookie", {"Cookie": "a=b; session=" + t}).status, 200)
        self.assertEqual(self.get("/cookie", bearer(t)).status, 401)

    def test_cache_serves_repeats_and_still_checks(self):
        exp = int(time.time()) + 8
        t = self.keys.rs256({"exp": exp})
        for path in ("/", "/nocache", "/cache2"):
            for _ in range(3):
                self.assertEqual(self.get(path, bearer(t)).status, 200)
        # exp is wall-clock time inside nginx: no fake clock there.
        time.sleep(max(0.0, exp + 1.2 - time.time()))
        for path in ("/", "/nocache", "/cache2"):
            self.assert_rejected(self.get(path, bearer(t)), "expired")


class SamplesTest(NginxCase):
    """The sample tokens and keys of examples/samples, as the README uses them."""

    @classmethod
    def body(cls):
        d = os.path.join(harness.ROOT, "examples", "samples")
        with open(os.path.join(d, "shopify_api_key.txt")) as f:
            api_key = f.read().strip()
        return """
  server {{
    listen 127.0.0.1:{{port}};
    auth_jwtv samples;
    proxy_set_header X-Sub $jwtv_claim_sub;
    proxy_set_header X-Shop $jwtv_shopify_shop;
    location / {{
      auth_jwtv_key_file {d}/jwks.json;
      auth_jwtv_issuer https://auth.example.com;
      auth_jwtv_audience jwtv-demo;
      {proxy}
    }}
    location /shopify {{
      auth_jwtv_profile shopify;
      auth_jwtv_shopify_api_key {api_key};
      auth_jwtv_secret_file {d}/shopify_secret.txt;
      {proxy}
    }}
  }}
""".format(d=d, api_key=api_key, proxy=cls.proxy())

    def sample(self, name):
        with open(os.path.join(harness.ROOT, "examples", "samples", name)) as f:
            return f.read().strip()

    def test_samples(self):
        for name in ("rs256.jwt", "ps256.jwt", "es256.jwt", "es384.jwt", "eddsa.jwt"):
            with self.subTest(name=name):
                r = self.get("/", bearer(self.sample(name)))
                self.assertEqual(r.status, 200, r.body)
                self.assertEqual(r.upstream_headers()["x-sub"], "user-1234")
        r = self.get("/shopify", bearer(self.sample("shopify_hs256.jwt")))
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.upstream_headers()["x-shop"], "demo-shop.myshopify.com")
        # Each sample in the other location: the wrong keys.
        self.assertEqual(self.get("/shopify", bearer(self.sample("rs256.jwt"))).status, 401)
        self.assertEqual(self.get("/", bearer(self.sample("shopify_hs256.jwt"))).status, 401)


class ShopifyTest(NginxCase):
    @classmethod
    def body(cls):
        return """
  server {{
    listen 127.0.0.1:{{port}};
    auth_jwtv shop;
    auth_jwtv_profile shopify;
    auth_jwtv_shopify_api_key app-key;
    auth_jwtv_secret_file {s0};
    auth_jwtv_secret_file {s1};
    proxy_set_header X-Shop $jwtv_shopify_shop;
    proxy_set_header X-User $jwtv_shopify_user;
    location / {{ {proxy} }}
  }}
""".format(s0=cls.keys.secret_files[0], s1=cls.keys.secret_files[1], proxy=cls.proxy())

    def token(self, secret=0, **claims):
        now = int(time.time())
        c = {"iss": "https://shop-1.myshopify.com/admin", "dest": "https://shop-1.myshopify.com",
             "aud": "app-key", "sub": "42", "exp": now + 60, "nbf": now - 5, "iat": now - 5,
             "jti": "j", "sid": "s"}
        c.update(claims)
        return harness.jwt.encode(c, self.keys.secrets[secret], algorithm="HS256")

    def test_session_variables(self):
        for secret in (0, 1):  # rotation: current and previous secret
            r = self.get("/", bearer(self.token(secret)))
            self.assertEqual(r.status, 200, r.body)
            h = r.upstream_headers()
            self.assertEqual(h["x-shop"], "shop-1.myshopify.com")
            self.assertEqual(h["x-user"], "42")

    def test_profile_rules(self):
        r = self.get("/", bearer(self.token(aud="other")))
        self.assertEqual(r.headers["www-authenticate"], challenge("bad_audience", "shop"))
        r = self.get("/", bearer(self.token(dest="https://evil.com")))
        self.assertEqual(r.headers["www-authenticate"], challenge("bad_claim", "shop"))
        rs = self.keys.rs256({"aud": "app-key", "dest": "https://shop-1.myshopify.com"})
        self.assertEqual(self.get("/", bearer(rs)).status, 401)


if __name__ == "__main__":
    from nginx_remote_test import ConfigErrorTest, JwksRotationTest, ReloadTest  # noqa: F401
    unittest.main()
