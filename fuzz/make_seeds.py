#!/usr/bin/env python3
# Copyright 2026 The jwtv Authors.
"""Generates fuzz/fuzz_keys.h (the public JWKS fuzz_token validates against)
and the seed corpora in fuzz/corpus/<target>/.

Run once; the output is committed. Re-running makes new keys, so the seeds of
fuzz_token and fuzz_keys.h must always be regenerated together:

  python3 fuzz/make_seeds.py && clang-format -i --style=Google fuzz/fuzz_keys.h

Uses only python3-cryptography (no PyJWT): the JWS signing below is the
whole of RFC 7515 compact serialization that the seeds need.

  python3 fuzz/make_seeds.py http

writes only the seeds of fuzz_http_response (HTTP responses, no keys).
"""

import base64
import hashlib
import hmac
import json
import os
import shutil
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# The fixed clock of the fuzz targets (2026-01-01T00:16:40Z) and the claims
# of the seed tokens, valid at that time. Keep in sync with fuzz_common.h.
NOW = 1767226600
# Long enough for the algorithms they sign (RFC 7518 section 3.2): kid "hs"
# signs HS256/384/512 (64 bytes), the Shopify-style key without kid HS256
# (32 bytes).
HS_SECRET = b"jwtv-fuzz-hmac-secret-0123456789-long-enough-for-HS512-012345678"
SHOPIFY_SECRET = b"jwtv-fuzz-shopify-secret-0123456"
SHOPIFY_API_KEY = "fuzz-api-key"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint_b64(n: int, size: int = 0) -> str:
    size = size or (n.bit_length() + 7) // 8
    return b64u(n.to_bytes(size, "big"))


def compact(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


# Seeds of fuzz_http_response: responses the JWKS fetcher reads, well-formed
# and not, one per framing rule or limit of src/jwks_cache/http_response.h.
HTTP_SEEDS = {
    "content_length": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"ETag: \"g1\"\r\nCache-Control: public, max-age=600\r\n"
                      b"Content-Length: 11\r\n\r\n{\"keys\":[]}",
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5;name=value\r\n{\"key\r\n5\r\ns\":[]\r\n1\r\n}\r\n"
               b"0\r\nX-Trailer: t\r\n\r\n",
    "to_end": b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"keys\":[]}",
    "http10_bare_lf": b"HTTP/1.0 200\nContent-Length: 2\n\n{}",
    "interim": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
               b"Link: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
               b"\r\n{}",
    "not_modified": b"HTTP/1.1 304 Not Modified\r\nETag: \"g1\"\r\n"
                    b"Cache-Control: max-age=60\r\n\r\n",
    "redirect": b"HTTP/1.1 302 Found\r\nLocation: /jwks\r\n"
                b"Content-Length: 5\r\n\r\nmoved",
    "no_content": b"HTTP/1.1 204 No Content\r\n\r\n",
    "error_status": b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 16\r\n"
                    b"\r\n{\"error\":\"boom\"}",
    "chunk_size_wraps": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        b"1\r\n{\r\nffffffffffffffff\r\n" + b"x" * 64,
    "chunk_size_17_digits": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                            b"\r\n10000000000000000\r\n" + b"x" * 64,
    "chunk_leading_zeros": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                           b"\r\n00000000000000000002\r\n{}\r\n0\r\n\r\n",
    "chunk_without_crlf": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"2\r\n{}XX\r\n0\r\n\r\n",
    "chunk_truncated": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                       b"10\r\n{\"keys\"",
    "te_and_cl": b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "te_gzip": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
               b"2\r\n{}\r\n0\r\n\r\n",
    "cl_conflict": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                   b"Content-Length: 12\r\n\r\n{}{\"keys\":[]}",
    "cl_list": b"HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\n{}",
    "cl_huge": b"HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n",
    "cl_truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}",
    "folded_header": b"HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n",
    "switching_protocols": b"HTTP/1.1 101 Switching Protocols\r\n\r\n",
    "bad_status": b"HTTP/1.1 2000 OK\r\n\r\n",
    "not_http": b"SSH-2.0-OpenSSH_9.2\r\n",
    "long_chunk_extension": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                            b"\r\n1;" + b"e" * 1100 + b"\r\nx\r\n0\r\n\r\n",
}


def write_http_seeds():
    d = os.path.join(CORPUS, "fuzz_http_response")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for name, data in HTTP_SEEDS.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    if sys.argv[1:] == ["http"]:
        write_http_seeds()
        return
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_keys = {
        "P-256": ec.generate_private_key(ec.SECP256R1()),
        "P-384": ec.generate_private_key(ec.SECP384R1()),
        "P-521": ec.generate_private_key(ec.SECP521R1()),
    }
    ed_key = ed25519.Ed25519PrivateKey.generate()

    pub = rsa_key.public_key().public_numbers()
    jwks = {"keys": [
        {"kty": "oct", "kid": "hs", "k": b64u(HS_SECRET)},
        {"kty": "oct", "k": b64u(SHOPIFY_SECRET), "alg": "HS256"},
        {"kty": "RSA", "kid": "rsa", "use": "sig", "n": uint_b64(pub.n),
         "e": uint_b64(pub.e)},
    ]}
    sizes = {"P-256": 32, "P-384": 48, "P-521": 66}
    for crv, key in ec_keys.items():
        n = key.public_key().public_numbers()
        jwks["keys"].append({
            "kty": "EC", "kid": "ec-" + crv[2:], "crv": crv,
            "x": uint_b64(n.x, sizes[crv]), "y": uint_b64(n.y, sizes[crv])})
    from cryptography.hazmat.primitives import serialization
    raw = ed_key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    jwks["keys"].append({"kty": "OKP", "kid": "ed", "crv": "Ed25519",
                         "x": b64u(raw), "key_ops": ["verify"]})
    jwks_text = json.dumps(jwks, separators=(",", ":"))

    with open(os.path.join(HERE, "fuzz_keys.h"), "w") as f:
        f.write("// Copyright 2026 The jwtv Authors.\n//\n"
                "// Generated by fuzz/make_seeds.py: the public keys of the\n"
                "// fuzz_token seeds (HMAC, RSA 2048, EC P-256/384/521,\n"
                "// Ed25519). Test keys only.\n\n"
                "#ifndef JWTV_FUZZ_FUZZ_KEYS_H_\n#define JWTV_FUZZ_FUZZ_KEYS_H_\n\n"
                "namespace jwtv_fuzz {\n\n"
                "inline constexpr char kFuzzJwks[] = R\"json(" + jwks_text +
                ")json\";\n\n}  // namespace jwtv_fuzz\n\n"
                "#endif  // JWTV_FUZZ_FUZZ_KEYS_H_\n")

    hashes_by_bits = {256: hashes.SHA256(), 384: hashes.SHA384(),
                      512: hashes.SHA512()}

    def sign(alg, signing_input: bytes) -> bytes:
        bits = 256 if alg == "EdDSA" else int(alg[2:5])
        if alg.startswith("HS"):
            secret = SHOPIFY_SECRET if alg == "HS256s" else HS_SECRET
            return hmac.new(secret, signing_input,
                            getattr(hashlib, "sha%d" % bits)).digest()
        if alg.startswith("RS"):
            return rsa_key.sign(signing_input, padding.PKCS1v15(),
                                hashes_by_bits[bits])
        if alg.startswith("PS"):
            return rsa_key.sign(
                signing_input,
                padding.PSS(mgf=padding.MGF1(hashes_by_bits[bits]),
                            salt_length=bits // 8), hashes_by_bits[bits])
        if alg.startswith("ES"):
            crv = {256: "P-256", 384: "P-384", 512: "P-521"}[bits]
            der = ec_keys[crv].sign(signing_input,
                                    ec.ECDSA(hashes_by_bits[bits]))
            r, s = decode_dss_signature(der)
            return r.to_bytes(sizes[crv], "big") + s.to_bytes(sizes[crv], "big")
        return ed_key.sign(signing_input)

    def token(header, claims, sign_as=None):
        h = header if isinstance(header, bytes) else compact(header)
        si = b64u(h) + "." + b64u(compact(claims))
        return si + "." + b64u(sign(sign_as or header["alg"], si.encode()))

    claims = {"iss": "https://auth.example.com", "aud": "jwtv-demo",
              "sub": "user-1234", "scope": "orders:read orders:write",
              "exp": 4102444800, "nbf": 1767225600, "iat": 1767225600,
              "jti": "0b6f0f0c-fuzz"}
    kids = {"HS": "hs", "RS": "rsa", "PS": "rsa", "ES256": "ec-256",
            "ES384": "ec-384", "ES512": "ec-521", "EdDSA": "ed"}
    tokens = []
    for alg in ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256",
                "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]:
        kid = kids.get(alg, kids.get(alg[:2]))
        tokens.append(token({"alg": alg, "kid": kid, "typ": "JWT"}, claims))
    # Without kid, audience array, crit, escapes, fractions, expired.
    tokens.append(token({"alg": "RS256"}, dict(claims, aud=["a", "jwtv-demo"])))
    tokens.append(token({"alg": "ES256", "typ": "application/jwt"},
                        dict(claims, exp=4102444800.5, extra={"n": [1, 2]})))
    tokens.append(token({"alg": "EdDSA", "kid": "ed", "crit": ["b64"]}, claims))
    tokens.append(token(b'{"alg":"HS256","kid":"h\\u0073"}', claims, "HS256"))
    tokens.append(token({"alg": "HS256", "kid": "hs"},
                        dict(claims, exp=NOW - 1)))
    shop = {"iss": "https://fuzz-shop.myshopify.com/admin",
            "dest": "https://fuzz-shop.myshopify.com", "aud": SHOPIFY_API_KEY,
            "sub": "84920175", "exp": 4102444800, "nbf": 1767225600,
            "iat": 1767225600, "jti": "8428e2c3", "sid": "2dca6e1e"}
    tokens.append(token({"alg": "HS256", "typ": "JWT"}, shop, "HS256s"))

    def reset(target):
        d = os.path.join(CORPUS, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    def write(d, name, data: bytes):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    d = reset("fuzz_token")
    for i, t in enumerate(tokens):
        write(d, "token_%02d" % i, t.encode())
    write(d, "none", (b64u(b'{"alg":"none"}') + "." + b64u(compact(claims)) +
                      ".").encode())
    write(d, "two_segments", b"eyJhbGciOiJIUzI1NiJ9.e30")

    d = reset("fuzz_signed_claims")
    n = 0
    for t in tokens:
        h, p, _ = t.split(".")
        pad = lambda s: s + "=" * (-len(s) % 4)
        write(d, "token_%02d" % n, base64.urlsafe_b64decode(pad(h)) + b"\0" +
              base64.urlsafe_b64decode(pad(p)))
        n += 1
    extra = [
        b'{"alg":"HS256"}\0{"exp":4102444800,"a":{"b":[1,{"c":null}]}}',
        b'{"alg":"HS384","kid":"hs"}\0{"exp":1e999,"nbf":-1e999,"iat":0.5}',
        b'{"alg":"HS512","typ":"at+jwt"}\0{"exp":"soon","aud":[1]}',
        b'{"alg":"HS256","crit":[]}\0{"exp":4102444800}',
        b'{"alg":"HS256"}\0{"exp":4102444800,"a":1,"a":2}',
        b'{"alg":"HS256"}\0{"exp":4102444800,"\\u0061":1,"a":2}',
        b'{"alg":"HS256"}\0{"s":"\\ud83d\\ude00 \\u00e9 \xc3\xa9","exp":4102444800}',
        b'{"alg":"HS256"}\0{"exp":4102444800,"d":' + b"[" * 31 + b"]" * 31 + b"}",
        b'{"alg":"HS256"}\0{"exp":4102444800,"d":' + b"[" * 32 + b"]" * 32 + b"}",
        b'{"alg":"HS256","kid":7}\0{"exp":4102444800}',
        b'{"alg":["HS256"]}\0{}',
        b'{"alg":"HS256"} \0 {"exp":4102444800} ',
        b'{"alg":"HS256"}\0{"exp":4102444800,"dest":"https://x.myshopify.com","aud":"fuzz-api-key","iss":"https://x.myshopify.com/admin"}',
    ]
    for e in extra:
        write(d, "extra_%02d" % n, e)
        n += 1

    d = reset("fuzz_jwks")
    write(d, "fuzz_jwks", jwks_text.encode())
    for i, k in enumerate(jwks["keys"]):
        write(d, "jwk_%d" % i, compact(k))
    write(d, "unknown_kty", b'{"keys":[{"kty":"foo","kid":"x"},'
          b'{"kty":"EC","crv":"P-192","x":"AA","y":"AA"},'
          b'{"kty":"oct","k":"c2VjcmV0","use":"enc"}]}')
    write(d, "bad_alg", b'{"kty":"oct","k":"c2VjcmV0","alg":"RS256"}')
    write(d, "empty", b'{"keys":[]}')
    repo = os.path.dirname(HERE)
    for src in ["examples/samples/jwks.json", "bench/fixtures/jwks.json"]:
        p = os.path.join(repo, src)
        if os.path.exists(p):
            shutil.copy(p, os.path.join(d, src.replace("/", "_")))

    d = reset("fuzz_base64url")
    for i, s in enumerate([b"", b"QQ", b"QUI", b"QUJD", b"QR", b"QUJ", b"QQ==",
                           b"+/", b"-_-_", b"A", tokens[0].split(".")[0].encode(),
                           tokens[0].split(".")[2].encode()]):
        write(d, "b64_%02d" % i, s)

    write_http_seeds()


if __name__ == "__main__":
    main()
