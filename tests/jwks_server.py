#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
"""A scriptable JWKS / OpenID Connect server for tests/jwks_cache*_test.cc.

Listens on 127.0.0.1 on an ephemeral port and prints "PORT <n>" on stdout.
Exits when its stdin closes (the test process died or finished).

  jwks_server.py --tls CERT KEY
      also serves the same routes over TLS (CERT, KEY: PEM files) on a
      second ephemeral port and prints "PORT <plain> TLS <tls>"; /control
      and /stats stay reachable on the plain port.
  jwks_server.py --make-certs DIR
      writes a throwaway CA and server certificates (P-256) to DIR and exits:
        ca.pem                 the CA (trust anchor for the tests)
        localhost.pem/.key     SAN localhost + 127.0.0.1, valid now
        other_host.pem/.key    SAN example.invalid only
        expired.pem/.key       SAN localhost + 127.0.0.1, expired yesterday

  GET  /jwks                               the JWKS, shaped by the mode
  GET  /.well-known/openid-configuration   {"issuer": ..., "jwks_uri": .../jwks}
  GET  /redirect                           302 to /jwks (same host)
  GET  /redirect-other                     302 to http://localhost:<port>/jwks
  GET  /stats                              {"jwks": n, "discovery": n,
                                            "sni": server name sent in the
                                            last TLS handshake, or null}
  POST /control                            JSON, any of:
      "keys": [JWK, ...]      the served set (a new ETag each time)
      "mode": "ok" | "status" | "hang" | "drip" | "truncate" | "big"
              | "big_stream" | "malformed" | "empty" | "redirect_other"
              | "trickle" | "flood"
              trickle: a body byte every 10 ms, without end; flood:
              one-byte chunks as fast as possible (both stop after 10 s or
              64 MiB (the flood 1 GiB), so a client that does not stop
              fails, not hangs)
      "status": int           for mode "status"
      "max_age": int | null   Cache-Control: max-age on 200 and 304
      "etag": bool            send ETag and honour If-None-Match
      "issuer": str | null    issuer claimed by the discovery document
      "reset_stats": true
      "add_ec_key": {"kid": str, "claims": {...}}
                              adds a fresh P-256 key to the set; the reply
                              has {"token": ES256 JWT of the claims}
"""

import base64
import datetime
import ipaddress
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

LOCK = threading.Lock()
STATE = {
    "keys": [],
    "generation": 0,
    "mode": "ok",
    "status": 500,
    "max_age": None,
    "etag": False,
    "issuer": None,
    "jwks": 0,
    "discovery": 0,
    "sni": None,
}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_ec(kid, claims):
    key = ec.generate_private_key(ec.SECP256R1())
    nums = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "kid": kid,
        "alg": "ES256",
        "use": "sig",
        "x": b64url(nums.x.to_bytes(32, "big")),
        "y": b64url(nums.y.to_bytes(32, "big")),
    }
    header = b64url(json.dumps({"alg": "ES256", "kid": kid}).encode())
    payload = b64url(json.dumps(claims).encode())
    signing_input = (header + "." + payload).encode()
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    sig = b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    return jwk, header + "." + payload + "." + sig


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def base(self):
        if isinstance(self.connection, ssl.SSLSocket):
            return "https://localhost:%d" % self.server.server_address[1]
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/stats":
            with LOCK:
                body = json.dumps({"jwks": STATE["jwks"], "discovery": STATE["discovery"],
                                   "sni": STATE["sni"]})
            return self.send(200, body.encode())
        if path == "/.well-known/openid-configuration":
            with LOCK:
                STATE["discovery"] += 1
                issuer = STATE["issuer"] or self.base()
            body = json.dumps({"issuer": issuer, "jwks_uri": self.base() + "/jwks"})
            return self.send(200, body.encode(), [("Content-Type", "application/json")])
        if path == "/redirect":
            return self.send(302, b"", [("Location", "/jwks")])
        if path == "/redirect-other":
            port = self.server.server_address[1]
            return self.send(302, b"", [("Location", "http://localhost:%d/jwks" % port)])
        if path != "/jwks":
            return self.send(404)
        with LOCK:
            STATE["jwks"] += 1
            mode = STATE["mode"]
            doc = json.dumps({"keys": STATE["keys"]}).encode()
            etag = '"g%d"' % STATE["generation"] if STATE["etag"] else None
            max_age = STATE["max_age"]
            status = STATE["status"]
        headers = [("Content-Type", "application/json")]
        if max_age is not None:
            headers.append(("Cache-Control", "public, max-age=%d" % max_age))
        if mode == "ok":
            if etag is not None:
                headers.append(("ETag", etag))
                if self.headers.get("If-None-Match") == etag:
                    return self.send(304, b"", headers)
            return self.send(200, doc, headers)
        if mode == "status":
            return self.send(status, b'{"error":"boom"}')
        if mode == "hang":
            time.sleep(5)
            return self.send(200, doc, headers)
        if mode == "drip":
            self.send_response(200)
            self.send_header("Content-Length", str(len(doc)))
            self.end_headers()
            try:
                for i in range(len(doc)):
                    self.wfile.write(doc[i:i + 1])
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
            return
        if mode == "truncate":
            self.send_response(200)
            self.send_header("Content-Length", str(len(doc) + 100))
            self.end_headers()
            self.wfile.write(doc[: len(doc) // 2])
            self.close_connection = True
            return
        if mode == "big":
            return self.send(200, b" " * (5 << 20) + doc, headers)
        if mode == "big_stream":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                chunk = b" " * 65536
                for _ in range(80):  # 5 MiB, no Content-Length
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
            return
        if mode in ("trickle", "flood"):
            self.send_response(200)
            if mode == "flood":
                self.send_header("Transfer-Encoding", "chunked")
                block = b"1\r\n \r\n" * 40960
            else:
                self.send_header("Connection", "close")
                block = b" "
            self.end_headers()
            end = time.monotonic() + 10
            sent = 0
            try:
                # The flood's cap lies far beyond what a client parses
                # before its deadline: only the deadline may end the fetch.
                cap = (1 << 30) if mode == "flood" else (64 << 20)
                while time.monotonic() < end and sent < cap:
                    self.wfile.write(block)
                    self.wfile.flush()
                    sent += len(block)
                    if mode == "trickle":
                        time.sleep(0.01)
            except OSError:
                pass
            self.close_connection = True
            return
        if mode == "malformed":
            return self.send(200, b'{"keys": [ {"kty": "oct", ', headers)
        if mode == "empty":
            return self.send(200, b'{"keys": []}', headers)
        if mode == "redirect_other":
            port = self.server.server_address[1]
            return self.send(302, b"", [("Location", "http://localhost:%d/jwks" % port)])
        return self.send(500)

    def do_POST(self):
        if self.path != "/control":
            return self.send(404)
        n = int(self.headers.get("Content-Length", "0"))
        req = json.loads(self.rfile.read(n) or b"{}")
        reply = {}
        with LOCK:
            if "keys" in req:
                STATE["keys"] = req["keys"]
                STATE["generation"] += 1
            for k in ("mode", "status", "max_age", "etag", "issuer"):
                if k in req:
                    STATE[k] = req[k]
            if req.get("reset_stats"):
                STATE["jwks"] = 0
                STATE["discovery"] = 0
            if "add_ec_key" in req:
                spec = req["add_ec_key"]
                jwk, token = mint_ec(spec["kid"], spec.get("claims", {}))
                STATE["keys"] = STATE["keys"] + [jwk]
                STATE["generation"] += 1
                reply["token"] = token
        return self.send(200, json.dumps(reply).encode())


def write_pem(path, data):
    with open(path, "wb") as f:
        f.write(data)


def make_certs(out_dir):
    now = datetime.datetime.now(datetime.timezone.utc)
    day = datetime.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "jwtv test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - day)
        .not_valid_after(now + 7 * day)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False,
                key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False),
            critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    write_pem(os.path.join(out_dir, "ca.pem"), ca.public_bytes(serialization.Encoding.PEM))

    def leaf(name, sans, not_before, not_after):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, sans[0].value
                                                        if isinstance(sans[0], x509.DNSName) else "leaf")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
                critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        write_pem(os.path.join(out_dir, name + ".pem"),
                  cert.public_bytes(serialization.Encoding.PEM))
        write_pem(os.path.join(out_dir, name + ".key"),
                  key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))

    local = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    leaf("localhost", local, now - day, now + 7 * day)
    leaf("other_host", [x509.DNSName("example.invalid")], now - day, now + 7 * day)
    leaf("expired", local, now - 3 * day, now - day)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # e.g. a client that rejected the certificate


def serve(server):
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    args = sys.argv[1:]
    if args[:1] == ["--make-certs"] and len(args) == 2:
        make_certs(args[1])
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serve(server)
    line = "PORT %d" % server.server_address[1]
    if args[:1] == ["--tls"] and len(args) == 3:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args[1], args[2])

        def record_sni(sock, server_name, ctx):
            with LOCK:
                STATE["sni"] = server_name

        context.sni_callback = record_sni
        # The handshake runs in the handler's thread (on first read), so a
        # client that rejects the certificate does not stall the listener.
        tls = QuietServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
        tls.socket = context.wrap_socket(tls.socket, server_side=True,
                                         do_handshake_on_connect=False)
        tls.server_bind()
        tls.server_activate()
        serve(tls)
        line += " TLS %d" % tls.server_address[1]
    elif args:
        sys.exit("usage: jwks_server.py [--tls CERT KEY | --make-certs DIR]")
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    sys.stdin.read()  # until the test closes the pipe or exits


if __name__ == "__main__":
    main()
