#!/usr/bin/env python3
"""Fails when a file in the repository cites a document that is not in it.

Checks every tracked text file (code comments, scripts, docs):
  * each name ending in .md that the file mentions (DESIGN.md,
    docs/FUZZING.md, ...) must be a tracked file: as a path relative to the
    citing file or to the repository's root, or, for a bare name, a file of
    that name somewhere in the tree;
  * each relative Markdown link target, [text](path) or [text](path#anchor),
    in a .md file must exist relative to that file.

    tools/check_doc_links.py        # exit 1 and one line per broken citation
"""

import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MENTION = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w-]+\.md)\b")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def main():
    tracked = subprocess.run(["git", "-C", REPO, "ls-files"], check=True,
                             capture_output=True, text=True).stdout.split()
    tracked_set = set(tracked)
    basenames = {os.path.basename(p) for p in tracked}
    broken = []
    for path in tracked:
        full = os.path.join(REPO, path)
        if not os.path.isfile(full) or os.path.getsize(full) > 1 << 20:
            continue
        try:
            with open(full, encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            continue
        here = os.path.dirname(path)
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in MENTION.finditer(line):
                name = m.group(1)
                candidates = {os.path.normpath(os.path.join(here, name)),
                              os.path.normpath(name)}
                if candidates & tracked_set:
                    continue
                if "/" not in name and name in basenames:
                    continue
                broken.append(f"{path}:{lineno}: cites {name}, not in the tree")
            if not path.endswith(".md"):
                continue
            for m in LINK.finditer(line):
                target = m.group(1).split("#")[0]
                if not target or re.match(r"[a-z]+:", target):
                    continue
                resolved = os.path.normpath(os.path.join(here, target))
                if not os.path.exists(os.path.join(REPO, resolved)):
                    broken.append(f"{path}:{lineno}: links {target}, "
                                  "which does not exist")
    for b in broken:
        print(b)
    print(f"check_doc_links: {len(tracked)} files, "
          f"{len(broken)} broken citation(s)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
