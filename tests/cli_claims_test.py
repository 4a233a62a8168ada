#!/usr/bin/python3
# Copyright 2026 The jwtv Authors.
"""Tests of `jwtv validate`'s claim checks (--claim, --claim-contains,
--scope) and of --explain (DESIGN.md, "The `jwtv validate` contract").

Run as:
  /usr/bin/python3 tests/cli_claims_test.py PATH/TO/jwtv [CASE...]
  /usr/bin/python3 tests/cli_claims_test.py --list

ctest runs each case as `cli_claims.<Class>.<test>` (label `cli`). Tokens,
keys and the runner come from cli_test.py.
"""

import os
import shutil
import sys
import unittest

import cli_test
from testing import script_cases
from cli_test import NOW, Keys, claims, compact, hs_token


def run(args, stdin=b""):
    return cli_test.run(args, stdin=stdin)


class ClaimsCliTestCase(unittest.TestCase):
    maxDiff = None

    def output(self, tokens, *opts, expect_rc=None):
        """validate's stdout for `tokens` under SECRET1 at NOW."""
        data = b"".join(t.encode() + b"\n" for t in tokens)
        rc, out, err = run(["validate", "--secret-file", Keys.secret1, "--now",
                            str(NOW)] + list(opts), stdin=data)
        if expect_rc is not None:
            self.assertEqual(rc, expect_rc, msg=f"stdout={out!r} stderr={err!r}")
        self.assertEqual(err, "")
        return out

    def lines(self, tokens, *opts):
        return self.output(tokens, *opts).splitlines()

    def assertUsageError(self, args, stderr_has=None):
        rc, out, err = run(args)
        self.assertEqual(rc, 2, msg=f"args={args} stdout={out!r} stderr={err!r}")
        self.assertEqual(out, "")
        if stderr_has is not None:
            self.assertIn(stderr_has, err)


class ExplainTest(ClaimsCliTestCase):

    def tokens(self):
        return [
            hs_token(claims(tenant="t")),                      # valid
            hs_token(claims(tenant="t", exp=NOW - 1)),         # expired
            hs_token(claims()),                                # no tenant
            hs_token(claims(tenant="t", iss="https://secret-issuer-value")),
            hs_token(claims(tenant="t"), secret=cli_test.OTHER_SECRET),
            "not-a-token",
            hs_token(claims(tenant="t", nbf=NOW + 60)),
            hs_token(claims(tenant="t", sub=7)),
        ]

    def test_explain_prints_the_claim_as_a_third_field(self):
        out = self.output(self.tokens(), "--require", "tenant", "--iss",
                          "https://issuer.example", "--explain", expect_rc=1)
        self.assertEqual(out.splitlines(), [
            "invalid\tmissing_claim\tiss",
            "invalid\texpired\texp",
            "invalid\tmissing_claim\tiss",
            "invalid\tbad_issuer\tiss",
            "invalid\tbad_signature\t",
            "invalid\tmalformed\t",
            "invalid\tnot_yet_valid\tnbf",
            "invalid\tbad_claim\tsub",
        ])
        # The name is the claim's, never its value.
        self.assertNotIn("secret-issuer-value", out)

    def test_valid_lines_are_unchanged_by_explain(self):
        payload = claims(tenant="t", q='tab\tand "quote"')
        lines = self.lines([hs_token(payload)], "--explain")
        self.assertEqual(lines, ["valid\t" + compact(payload)])

    def test_output_without_explain_is_byte_for_byte_unchanged(self):
        out = self.output(self.tokens(), "--require", "tenant", expect_rc=1)
        self.assertEqual(out, "".join(line + "\n" for line in [
            "valid\t" + compact(claims(tenant="t")),
            "invalid\texpired",
            "invalid\tmissing_claim",
            "valid\t" + compact(claims(tenant="t",
                                       iss="https://secret-issuer-value")),
            "invalid\tbad_signature",
            "invalid\tmalformed",
            "invalid\tnot_yet_valid",
            "invalid\tbad_claim",
        ]))

    def test_explain_names_required_and_checked_claims(self):
        lines = self.lines([hs_token(claims(tenant="t")),
                            hs_token(claims(tenant="t", org="o")),
                            hs_token(claims(tenant="t", org="o", plan="free"))],
                           "--require", "tenant", "--require", "org",
                           "--claim", "plan=pro", "--explain")
        self.assertEqual(lines, ["invalid\tmissing_claim\torg",
                                 "invalid\tmissing_claim\tplan",
                                 "invalid\tbad_claim\tplan"])

    def test_overlong_line_is_explained_without_a_claim(self):
        data = b"a" * (1 << 20) + b"\n"
        rc, out, _ = run(["validate", "--secret-file", Keys.secret1,
                          "--explain"], stdin=data)
        self.assertEqual(rc, 1)
        self.assertEqual(out, "invalid\tmalformed\t\n")


class ClaimCheckTest(ClaimsCliTestCase):

    def code(self, payload, *opts):
        lines = self.lines([hs_token(payload)], *opts)
        self.assertEqual(len(lines), 1)
        return "valid" if lines[0].startswith("valid\t") else lines[0][8:]

    def test_claim_equals_a_string(self):
        opt = ("--claim", "tenant=acme")
        self.assertEqual(self.code(claims(tenant="acme"), *opt), "valid")
        self.assertEqual(self.code(claims(tenant="acme2"), *opt), "bad_claim")
        self.assertEqual(self.code(claims(tenant=["acme"]), *opt), "bad_claim")
        self.assertEqual(self.code(claims(), *opt), "missing_claim")
        # VALUE runs to the end: it may hold '=' and be empty.
        self.assertEqual(self.code(claims(t="a=b"), "--claim", "t=a=b"), "valid")
        self.assertEqual(self.code(claims(t=""), "--claim=t="), "valid")
        self.assertEqual(self.code(claims(t="x"), "--claim=t="), "bad_claim")

    def test_claim_contains_in_arrays_and_scopes(self):
        opt = ("--claim-contains", "roles=admin")
        self.assertEqual(self.code(claims(roles=["user", "admin"]), *opt),
                         "valid")
        self.assertEqual(self.code(claims(roles=["user"]), *opt), "bad_claim")
        self.assertEqual(self.code(claims(roles=["admin", 1]), *opt),
                         "bad_claim")
        self.assertEqual(self.code(claims(roles="user admin"), *opt), "valid")
        self.assertEqual(self.code(claims(), *opt), "missing_claim")

    def test_scope(self):
        self.assertEqual(self.code(claims(scope="read write"), "--scope",
                                   "write"), "valid")
        self.assertEqual(self.code(claims(scope="read write"), "--scope",
                                   "write", "--scope", "read"), "valid")
        self.assertEqual(self.code(claims(scope="read"), "--scope", "write"),
                         "bad_claim")
        self.assertEqual(self.code(claims(scope="read writer"), "--scope",
                                   "write"), "bad_claim")
        self.assertEqual(self.code(claims(), "--scope", "write"),
                         "missing_claim")

    def test_checks_apply_in_order_after_the_registered_claims(self):
        opts = ("--claim", "a=1", "--scope", "x", "--explain")
        self.assertEqual(self.code(claims(scope="y"), *opts),
                         "missing_claim\ta")
        self.assertEqual(self.code(claims(a="1", scope="y"), *opts),
                         "bad_claim\tscope")
        self.assertEqual(self.code(claims(a="1", scope="y", exp=NOW), *opts),
                         "expired\texp")
        self.assertEqual(self.code(claims(a="1", scope="x y"), *opts), "valid")

    def test_usage_errors(self):
        base = ["validate", "--secret-file", Keys.secret1]
        for args, message in [
                (["--claim", "tenant"], "--claim: expected NAME=VALUE"),
                (["--claim", "=acme"], "--claim: expected NAME=VALUE"),
                (["--claim-contains", "roles"], "expected NAME=VALUE"),
                (["--claim-contains", "roles="], "empty VALUE"),
                (["--scope", ""], "--scope: empty scope"),
                (["--explain=yes"], "takes no value"),
                (["--claim"], "needs a value")]:
            self.assertUsageError(base + args, stderr_has=message)
        self.assertUsageError(["inspect", "--explain", "x.y.z"])

    def test_help_lists_the_options(self):
        rc, out, _ = run(["validate", "--help"])
        self.assertEqual(rc, 0)
        for opt in ["--claim NAME=VALUE", "--claim-contains NAME=VALUE",
                    "--scope S", "--explain"]:
            self.assertIn(opt, out)


def start(cli):
    cli_test.JWTV = cli
    Keys.make()


def main():
    return script_cases.main(sys.modules[__name__], __doc__, start,
                             lambda: shutil.rmtree(Keys.dir, ignore_errors=True))


if __name__ == "__main__":
    sys.exit(main())
