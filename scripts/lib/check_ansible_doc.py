# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lint the documentation as ansible-doc shows it, not only its source.

For every plugin of the collection (found with ansible-doc --list, so new plugins are checked
without edits): ansible-doc must render it without errors or warnings, no markup may be left
over in the rendered text, and no code markup (C(), V(), O(), RV(), ...) may contain a '(':
ansible-doc ends the markup at the first ')', so the rest comes out garbled.

    ANSIBLE_COLLECTIONS_PATH=... python check_ansible_doc.py NAMESPACE.NAME
"""

import json
import re
import subprocess
import sys

PLUGIN_TYPES = (
    "module",
    "inventory",
    "filter",
    "test",
    "lookup",
    "callback",
    "connection",
    "become",
    "cache",
    "vars",
    "strategy",
    "shell",
    "netconf",
    "httpapi",
    "cliconf",
)
MARKUP = re.compile(r"\b(C|V|O|RV|I|B|E|M|P|L|U)\(")
LEFTOVER = re.compile(r"\b(C|V|O|RV|I|B|E|M|P)\([^)]*\)")
AUTHOR = re.compile(r"^[^()]*\S \(@[A-Za-z0-9-]+\)$")


def ansible_doc(*args):
    result = subprocess.run(["ansible-doc", *args], capture_output=True, text=True, check=False)
    return result.returncode, result.stdout, result.stderr


def plugins(collection):
    for plugin_type in PLUGIN_TYPES:
        status, out, dummy = ansible_doc("--list", "--json", "-t", plugin_type, collection)
        if status == 0 and out.strip():
            for name in sorted(json.loads(out)):
                yield plugin_type, name


def strings(value, where=""):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, "%s.%s" % (where, key) if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, "%s[%d]" % (where, index))


def markup_problems(text):
    for match in MARKUP.finditer(text):
        end = text.find(")", match.end())
        content = text[match.end() : end] if end >= 0 else text[match.end() :]
        if end < 0:
            yield "%s( is never closed" % match.group(1)
        elif "(" in content and match.group(1) not in ("L", "U"):
            yield "%s(%s) contains '(': ansible-doc ends the markup at the first ')'" % (match.group(1), content)


def check(plugin_type, name):
    problems = []
    status, text, errors = ansible_doc("-t", plugin_type, name)
    if status != 0 or re.search(r"\[(ERROR|WARNING)\]|^ERROR", errors, re.M):
        problems.append("ansible-doc failed (exit %d): %s" % (status, errors.strip()))
    for line in text.splitlines():
        if LEFTOVER.search(line):
            problems.append("markup left in the rendered text: %s" % line.strip())
    status, raw, dummy = ansible_doc("--json", "-t", plugin_type, name)
    if status == 0:
        doc = json.loads(raw).get(name, {})
        for where, value in strings({key: doc.get(key) for key in ("doc", "return") if doc.get(key)}):
            problems.extend("%s: %s" % (where, problem) for problem in markup_problems(value))
        problems.extend(author_problems((doc.get("doc") or {}).get("author")))
    return problems


def author_problems(authors):
    """validate-modules accepts the placeholder "(!UNKNOWN)"; the docs want every author as Name (@github)."""
    authors = [authors] if isinstance(authors, str) else authors or []
    if not authors:
        yield "no author"
    for author in authors:
        if not AUTHOR.match(str(author)):
            yield "author %r is not in the form Name (@github)" % author


def main(argv):
    collection = argv[1]
    found = failed = 0
    for plugin_type, name in plugins(collection):
        found += 1
        problems = check(plugin_type, name)
        print("%s %s %s" % ("FAIL" if problems else "ok  ", plugin_type, name))
        for problem in problems:
            print("    " + problem)
        failed += bool(problems)
    if not found:
        sys.exit("ansible-doc lists no plugins of %s: is it on ANSIBLE_COLLECTIONS_PATH?" % collection)
    print("%d plugin(s), %d with problems" % (found, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
