#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
"""Regenerates the golden fixtures of tests/cli_test.py (GoldenTest):
golden_secret.bin, golden_tokens.txt and golden_expected.txt, the exact
output of
  jwtv validate --secret-file golden_secret.bin --now 1700000000 \\
      golden_tokens.txt
HMAC signatures are deterministic, so the output is stable.
"""

import base64
import hashlib
import hmac
import json
import os

NOW = 1700000000
SECRET = b"golden secret: \x01\x02\x03 raw bytes, no newline"
OTHER = b"not the golden secret"
HERE = os.path.dirname(os.path.abspath(__file__))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(raw_payload, secret=SECRET, header=b'{"alg":"HS256","typ":"JWT"}'):
    si = b64url(header) + "." + b64url(raw_payload)
    return si + "." + b64url(hmac.new(secret, si.encode(),
                                      hashlib.sha256).digest())


def strip_ws(raw):
    """Removes insignificant whitespace, keeping strings byte for byte."""
    out, in_str, esc = [], False, False
    for ch in raw.decode("utf-8"):
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            out.append(ch)
        elif ch not in " \t\r\n":
            out.append(ch)
    return "".join(out)


def main():
    lines, expected = [], []

    def valid(raw, **kw):
        lines.append(token(raw, **kw))
        expected.append("valid\t" + strip_ws(raw))

    def invalid(tok, code):
        lines.append(tok)
        expected.append("invalid\t" + code)

    valid(b'{"sub":"alice","exp":%d}' % (NOW + 60))
    valid(b'{\n  "sub" : "bob",\n  "exp" : %d,\n  "nested" : { "a" : [ 1, 2.5,'
          b' true, null ] },\n  "s" : "spaces  stay \\" \\\\ \\u00e9 here"\n}'
          % (NOW + 60))
    valid('{"name":"Zo\u00eb \u2603","exp":%d.5}'.encode() % NOW)
    lines.append("")
    lines.append("   \t")
    invalid(token(b'{"sub":"carol","exp":%d}' % NOW), "expired")
    invalid(token(b'{"sub":"dave","exp":%d}' % (NOW + 60), secret=OTHER),
            "bad_signature")
    invalid("this is not a token", "malformed")
    invalid(token(b'{"sub":"erin"}'), "missing_claim")
    invalid(token(b'{"exp":%d}' % (NOW + 60),
                  header=b'{"alg":"none"}'), "unsupported_alg")
    valid(b'{"exp":%d,"aud":["a","b"],"n":-0.0e-0}' % (NOW + 1))

    with open(os.path.join(HERE, "golden_secret.bin"), "wb") as f:
        f.write(SECRET)
    with open(os.path.join(HERE, "golden_tokens.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(HERE, "golden_expected.txt"), "w") as f:
        f.write("\n".join(expected) + "\n")


if __name__ == "__main__":
    main()
