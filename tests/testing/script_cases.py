# Copyright 2026 The jwtv Authors.
"""The command line of every tests/*_test.py script, as tests/CMakeLists.txt
calls it: `SCRIPT --list` prints the case names, one a line (each becomes its
own ctest test); `SCRIPT PATH/TO/jwtv [CASE...]` runs the named cases, or all
of them, against that CLI.

A script ends with `sys.exit(script_cases.main(sys.modules[__name__], ...))`.
"""

import os
import sys
import unittest


def case_names(module):
    """The module's cases as `Class.test_name`, in unittest's order."""
    suite = unittest.TestLoader().loadTestsFromModule(module)
    return [t.id().split(".", 1)[1] for s in suite for t in s]


def main(module, usage, start=None, finish=None):
    """Runs the script's command line; returns its exit status.

    start(cli_path), when given, runs before the cases with the CLI's
    absolute path; a status it returns (not None) ends the run with it.
    finish(), when given, runs after the cases, even when they raise.
    The status is 0 only if at least one case ran and none failed.
    """
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(case_names(module)))
        return 0
    if len(sys.argv) < 2:
        sys.stderr.write(usage)
        return 2
    if start is not None:
        status = start(os.path.abspath(sys.argv[1]))
        if status is not None:
            return status
    try:
        loader = unittest.TestLoader()
        suite = (loader.loadTestsFromNames(sys.argv[2:], module)
                 if len(sys.argv) > 2 else loader.loadTestsFromModule(module))
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    finally:
        if finish is not None:
            finish()
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    name = os.path.splitext(os.path.basename(module.__file__))[0]
    print(f"{name}: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1
