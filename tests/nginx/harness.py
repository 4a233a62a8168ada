# Copyright 2026 The jwtv Authors.
"""Runs Debian's nginx with ngx_http_auth_jwtv_module on loopback.

Used by tests/nginx/nginx_test.py and bench/nginx/bench.py:
  Nginx(module, body)    writes nginx.conf into a temporary prefix (the
                         module loaded by absolute path, error_log info to
                         a file, pid file, temp paths inside the prefix) and
                         starts /usr/sbin/nginx -p <prefix> -c nginx.conf
                         with `daemon off`; body is the text of the http {}
                         block, where {port} is the listening port.
  EchoUpstream()         an HTTP server on 127.0.0.1 that answers every
                         request with the JSON of the headers it received.
  JwksServer()           tests/jwks_server.py on an ephemeral port.
  Keys                   an RSA key (and its JWKS file), HMAC secrets, and
                         PyJWT to sign tokens with them.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

NGINX = os.environ.get("JWTV_NGINX", "/usr/sbin/nginx")
# Shared objects preloaded into nginx (tools/test_nginx.sh --asan: the
# sanitizer runtime for a module built with ASan/UBSan).
PRELOAD = os.environ.get("JWTV_NGINX_PRELOAD", "")


def nginx_env(prefix):
    """The environment nginx runs in: with PRELOAD, the sanitizers report
    into <prefix>/sanitizer.log.* and abort the process; leaks are not
    checked, as nginx leaves its pools to the exit."""
    if not PRELOAD:
        return None
    log = os.path.join(prefix, "sanitizer.log")
    return dict(os.environ, LD_PRELOAD=PRELOAD,
                ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=" + log,
                UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=" + log)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10.0, proc=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("nginx exited with %d" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("port %d not listening" % port)


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class EchoUpstream:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class JwksServer:
    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "tests", "jwks_server.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        self.port = int(line[1])
        self.base = "http://127.0.0.1:%d" % self.port

    def control(self, **req):
        data = json.dumps(req).encode()
        r = urllib.request.urlopen(urllib.request.Request(
            self.base + "/control", data=data, method="POST"), timeout=5)
        return json.loads(r.read())

    def stats(self):
        return json.loads(urllib.request.urlopen(self.base + "/stats", timeout=5).read())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


class Keys:
    """An RSA-2048 key with kid "k1" (JWKS written to <dir>/jwks.json), the
    PEM of its public key, and two 32-byte HMAC secrets in files."""

    def __init__(self, directory):
        self.dir = directory
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public_pem = self.rsa.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.rsa.public_key()))
        jwk.update({"kid": "k1", "alg": "RS256", "use": "sig"})
        self.jwks = os.path.join(directory, "jwks.json")
        with open(self.jwks, "w") as f:
            json.dump({"keys": [jwk]}, f)
        self.secrets = [b"s" * 32, b"t" * 40]
        self.secret_files = []
        for i, s in enumerate(self.secrets):
            path = os.path.join(directory, "secret%d" % i)
            with open(path, "wb") as f:
                f.write(s + b"\n")
            self.secret_files.append(path)

    def rs256(self, claims=None, headers=None, **extra):
        c = standard_claims()
        c.update(claims or {})
        c.update(extra)
        h = {"kid": "k1"}
        h.update(headers or {})
        return jwt.encode(c, self.rsa, algorithm="RS256", headers=h)

    def hs256(self, claims=None, secret=0, headers=None):
        c = standard_claims()
        c.update(claims or {})
        return jwt.encode(c, self.secrets[secret], algorithm="HS256", headers=headers)


def standard_claims():
    now = int(time.time())
    return {"iss": "https://issuer.test", "aud": "api", "sub": "user-1",
            "iat": now, "exp": now + 600}


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def upstream_headers(self):
        """Headers the echo upstream received, names lower-cased."""
        return {k.lower(): v for k, v in self.json()["headers"].items()}


def request(port, path="/", headers=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        body = r.read()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, body)
    finally:
        conn.close()


def bearer(token):
    return {"Authorization": "Bearer " + token}


def module_path():
    path = os.environ.get("JWTV_NGINX_MODULE") or os.path.join(
        ROOT, "build", "openssl", "nginx", "ngx_http_auth_jwtv_module.so")
    if not os.path.exists(path):
        raise SystemExit("no module at %s: run tools/build_nginx_module.sh" % path)
    return path


CONF = """\
load_module {module};
daemon off;
master_process on;
worker_processes {workers};
error_log {prefix}/error.log info;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/tmp/body;
  proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi;
  uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
  large_client_header_buffers 4 64k;
{body}
}}
"""


class Nginx:
    def __init__(self, body, workers=1, module=None, start=True):
        self.prefix = tempfile.mkdtemp(prefix="jwtv-nginx-")
        os.chmod(self.prefix, 0o755)
        os.makedirs(os.path.join(self.prefix, "tmp"))
        self.module = module or module_path()
        self.port = free_port()
        self.workers = workers
        self.conf = os.path.join(self.prefix, "nginx.conf")
        self.error_log = os.path.join(self.prefix, "error.log")
        self.proc = None
        self.write(body)
        if start:
            self.start()

    def write(self, body):
        text = CONF.format(module=self.module, workers=self.workers, prefix=self.prefix,
                           body=body.replace("{port}", str(self.port)))
        with open(self.conf, "w") as f:
            f.write(text)

    def test_config(self):
        """nginx -t: (returncode, stderr)."""
        r = subprocess.run([NGINX, "-t", "-p", self.prefix, "-c", self.conf],
                           capture_output=True, text=True, timeout=60,
                           env=nginx_env(self.prefix))
        return r.returncode, r.stderr + self.sanitizer_reports()

    def start(self):
        self.proc = subprocess.Popen([NGINX, "-p", self.prefix, "-c", self.conf],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=nginx_env(self.prefix))
        wait_port(self.port, proc=self.proc)

    def reload(self):
        """nginx -s reload, as an operator runs it (signals the pid file's master)."""
        subprocess.run([NGINX, "-s", "reload", "-p", self.prefix, "-c", self.conf],
                       check=True, capture_output=True, timeout=30,
                       env=nginx_env(self.prefix))

    def worker_pids(self):
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                pids.append(int(entry))
        return pids

    def log(self):
        """The error log, and any sanitizer report."""
        with open(self.error_log, errors="replace") as f:
            return f.read() + self.sanitizer_reports()

    def sanitizer_reports(self):
        text = ""
        for name in sorted(os.listdir(self.prefix)):
            if name.startswith("sanitizer.log"):
                with open(os.path.join(self.prefix, name), errors="replace") as f:
                    text += "\n[sanitizer report] " + f.read()
        return text

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)
