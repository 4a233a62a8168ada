# Copyright 2026 The jwtv Authors.
"""ngx_http_auth_jwtv_module: remote keys, reload and configuration errors
(run through tests/nginx/nginx_test.py)."""

import os
import re
import threading
import time
import unittest

import harness
from harness import bearer, request
from nginx_test import NginxCase, challenge


class JwksRotationTest(NginxCase):
    """Keys from a local JWKS server (tests/jwks_server.py) rotate while
    nginx runs: a token of a new kid makes the worker refetch."""

    @classmethod
    def extra_setup(cls):
        cls.jwks = harness.JwksServer()
        cls.claims = {"iss": cls.jwks.base, "aud": "api", "sub": "rot",
                      "exp": int(time.time()) + 600}
        cls.token_a = cls.jwks.control(add_ec_key={"kid": "a", "claims": cls.claims})["token"]

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.jwks.close()

    @classmethod
    def body(cls):
        return """
  server {{
    listen 127.0.0.1:{{port}};
    auth_jwtv test;
    auth_jwtv_allow_http on;
    auth_jwtv_audience api;
    proxy_set_header X-Kid $jwtv_header_kid;
    location / {{ auth_jwtv_jwks_url {base}/jwks; {proxy} }}
    location /oidc {{ auth_jwtv_oidc_issuer {base}; auth_jwtv_issuer {base}; {proxy} }}
  }}
""".format(base=cls.jwks.base, proxy=cls.proxy())

    def wait_ok(self, path, token, timeout=10):
        end = time.monotonic() + timeout
        while True:
            r = self.get(path, bearer(token))
            if r.status == 200 or time.monotonic() > end:
                return r
            time.sleep(0.2)

    def test_rotation(self):
        # The worker's first fetches (one cache per location) run in the
        # background after it starts. A token sent before they land would
        # spend the unknown-kid refresh, and its 30 s cooldown, of its cache.
        end = time.monotonic() + 10
        while self.jwks.stats()["jwks"] < 2 and time.monotonic() < end:
            time.sleep(0.1)
        time.sleep(0.3)
        for path in ("/", "/oidc"):
            self.assertEqual(self.wait_ok(path, self.token_a).status, 200, path)
        before = self.jwks.stats()["jwks"]
        token_b = self.jwks.control(add_ec_key={"kid": "b", "claims": self.claims})["token"]
        r = self.get("/", bearer(token_b))
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.upstream_headers()["x-kid"], "b")
        self.assertGreater(self.jwks.stats()["jwks"], before)
        # Key a retired: after the refetch that b caused, a is unknown.
        self.jwks.control(keys=[k for k in self.current_keys() if k["kid"] != "a"])
        token_c = self.jwks.control(add_ec_key={"kid": "c", "claims": self.claims})["token"]
        self.assertEqual(self.get("/oidc", bearer(token_c)).status, 200)
        self.assertEqual(self.get("/oidc", bearer(self.token_a)).headers["www-authenticate"],
                         challenge("key_not_found"))

    def test_refresh_threads_block_signals(self):
        # nginx's signals (HUP, USR1, QUIT, TERM, ...) must reach the
        # worker's event loop, not a JWKS refresh thread.
        import signal
        want = 0
        for sig in (signal.SIGHUP, signal.SIGUSR1, signal.SIGQUIT, signal.SIGTERM,
                    signal.SIGWINCH, signal.SIGUSR2, signal.SIGALRM, signal.SIGIO):
            want |= 1 << (sig - 1)
        threads = 0
        for pid in self.nginx.worker_pids():
            for tid in os.listdir("/proc/%d/task" % pid):
                if int(tid) == pid:
                    continue
                threads += 1
                with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                    blocked = int(re.search(r"SigBlk:\s+([0-9a-f]+)", f.read()).group(1), 16)
                self.assertEqual(blocked & want, want, "thread %s" % tid)
        self.assertGreater(threads, 0)

    def current_keys(self):
        import json
        import urllib.request
        return json.loads(urllib.request.urlopen(self.jwks.base + "/jwks").read())["keys"]


class ReloadTest(NginxCase):
    """nginx -s reload while clients send valid tokens: no answer but 200,
    and the new configuration applies."""

    workers = 2

    @classmethod
    def body(cls, extra=""):
        return """
  server {{
    listen 127.0.0.1:{{port}};
    auth_jwtv test;
    auth_jwtv_key_file {jwks};
    auth_jwtv_audience api;
    location / {{ {proxy} }}
    {extra}
  }}
""".format(jwks=cls.keys.jwks, proxy=cls.proxy(), extra=extra)

    def test_reload_under_traffic(self):
        token = self.keys.rs256()
        statuses, errors = [], []
        stop = threading.Event()

        def client():
            while not stop.is_set():
                try:
                    statuses.append(request(self.nginx.port, "/", bearer(token)).status)
                except OSError as e:
                    errors.append(repr(e))

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.5)
            old = set(self.nginx.worker_pids())
            self.nginx.write(self.body(
                "location /new {{ auth_jwtv_secret_file {s}; {p} }}".format(
                    s=self.keys.secret_files[0], p=self.proxy())))
            self.nginx.reload()
            end = time.monotonic() + 10
            while set(self.nginx.worker_pids()) & old and time.monotonic() < end:
                time.sleep(0.1)
            time.sleep(0.5)
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertFalse(set(self.nginx.worker_pids()) & old, "old workers still run")
        self.assertGreater(len(statuses), 50)
        self.assertEqual(errors, [])
        self.assertEqual(set(statuses), {200})
        self.assertEqual(self.get("/new", bearer(self.keys.hs256())).status, 200)
        self.assertEqual(self.get("/", bearer(self.keys.hs256())).status, 401)


class ConfigErrorTest(unittest.TestCase):
    """nginx -t fails, naming the directive, for each configuration error."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.tmp = tempfile.mkdtemp(prefix="jwtv-conf-")
        cls.keys = harness.Keys(cls.tmp)
        cls.short = os.path.join(cls.tmp, "short")
        with open(cls.short, "w") as f:
            f.write("too-short")

    def check(self, directives, fails_with=None):
        body = "server { listen 127.0.0.1:{port}; location / { %s return 204; } }" % directives
        n = harness.Nginx(body, start=False)
        try:
            rc, err = n.test_config()
        finally:
            n.stop()
        self.assertNotIn("[sanitizer report]", err)
        if fails_with is None:
            self.assertEqual(rc, 0, err)
        else:
            self.assertNotEqual(rc, 0, err)
            self.assertIn(fails_with, err)
        return err

    def test_valid(self):
        self.check("auth_jwtv t; auth_jwtv_key_file %s;" % self.keys.jwks)

    def test_errors(self):
        k = self.keys
        cases = [
            ("auth_jwtv t; auth_jwtv_key_file /nonexistent/jwks.json;",
             'auth_jwtv_key_file "/nonexistent/jwks.json": cannot read'),
            ("auth_jwtv t; auth_jwtv_key_file %s;" % k.secret_files[0], "auth_jwtv_key_file"),
            ("auth_jwtv t; auth_jwtv_secret_file %s;" % self.short, "auth_jwtv_secret_file"),
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_algorithms RS256 XS1;" % k.jwks,
             'auth_jwtv_algorithms "XS1": unknown'),
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_algorithms none;" % k.jwks,
             'auth_jwtv_algorithms "none"'),
            ("auth_jwtv t; auth_jwtv_profile shopify; auth_jwtv_secret_file %s;"
             % k.secret_files[0], "auth_jwtv_shopify_api_key"),
            ("auth_jwtv t; auth_jwtv_profile acme; auth_jwtv_secret_file %s;"
             % k.secret_files[0], "auth_jwtv_profile"),
            ("auth_jwtv t; auth_jwtv_jwks_url http://127.0.0.1:1/jwks;", "auth_jwtv_jwks_url"),
            ("auth_jwtv t; auth_jwtv_oidc_issuer ftp://x;", "auth_jwtv_oidc_issuer"),
            ("auth_jwtv t;", "auth_jwtv: needs keys"),
            ('auth_jwtv "a\\"b"; auth_jwtv_key_file %s;' % k.jwks, "auth_jwtv"),
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_require $host error=500;" % k.jwks,
             "auth_jwtv_require"),
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_cache 0;" % k.jwks,
             "auth_jwtv_cache"),
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_leeway soon;" % k.jwks,
             "auth_jwtv_leeway"),
            # Keys that permit none of the algorithms: no token could pass.
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_algorithms ES256;" % k.jwks,
             "auth_jwtv_algorithms: key set: no key permits"),
            ("auth_jwtv t; auth_jwtv_key_file %s; auth_jwtv_leeway 2d;" % k.jwks,
             "auth_jwtv_leeway: ValidatorOptions::leeway_seconds"),
        ]
        for directives, message in cases:
            with self.subTest(directives=directives):
                err = self.check(directives, message)
                self.assertNotIn("s" * 32, err)
