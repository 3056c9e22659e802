# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lint the documentation as ansible-doc shows it, not only its source.

For every plugin of the collection (found with ansible-doc --list, so new plugins are checked
without edits): ansible-doc must render it without errors or warnings, no markup may be left
over in the rendered text, and no code markup (C(), V(), O(), RV(), ...) may contain a '(':
ansible-doc ends the markup at the first ')', so the rest comes out garbled. Authors are in the
form Name (@github). The EXAMPLES only use options the plugins document: every task of one of the
collection's modules (blocks and module_defaults groups included) and every inventory configuration,
also those commented out (a paragraph whose lines start with "# plugin:" and go on commented), must
name documented options or their aliases, with values among the choices where an option has some.

    ANSIBLE_COLLECTIONS_PATH=... python check_ansible_doc.py NAMESPACE.NAME
"""

import json
import os
import re
import subprocess
import sys

import yaml

# How the examples are read is shared with the integration target that runs them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "integration", "targets", "docs_examples", "files"))
from plugin_examples import ExampleLoader, inventory_configurations  # noqa: E402

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


def json_docs(listed):
    """{(plugin type, name): what ansible-doc --json returns for it}, for those it can return."""
    docs = {}
    for plugin_type, name in listed:
        status, raw, dummy = ansible_doc("--json", "-t", plugin_type, name)
        if status == 0:
            docs[(plugin_type, name)] = json.loads(raw).get(name, {})
    return docs


def check(plugin_type, name, doc):
    """Problems of the rendered text and of `doc` (None when ansible-doc --json failed)."""
    problems = []
    status, text, errors = ansible_doc("-t", plugin_type, name)
    if status != 0 or re.search(r"\[(ERROR|WARNING)\]|^ERROR", errors, re.M):
        problems.append("ansible-doc failed (exit %d): %s" % (status, errors.strip()))
    for line in text.splitlines():
        if LEFTOVER.search(line):
            problems.append("markup left in the rendered text: %s" % line.strip())
    if doc is not None:
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


def documented(doc):
    """{option name or alias: its documentation}."""
    options = {}
    for option, spec in (doc.get("options") or {}).items():
        for name in [option] + list(spec.get("aliases") or []):
            options[name] = spec
    return options


def option_problems(where, values, options):
    if not isinstance(values, dict):
        return ["%s: the options are not a mapping" % where]
    problems = []
    for key, value in values.items():
        if key not in options:
            problems.append("%s: option %r is not documented" % (where, key))
            continue
        choices = options[key].get("choices")
        given = value if isinstance(value, list) else [value]
        if choices and not any(isinstance(item, str) and "{{" in item for item in given):
            wrong = [item for item in given if item not in choices]
            if wrong:
                problems.append("%s: %s=%r is not one of %s" % (where, key, wrong, choices))
    return problems


def tasks_of(tasks):
    for task in tasks if isinstance(tasks, list) else ():
        if isinstance(task, dict):
            yield task
            for section in ("block", "rescue", "always"):
                yield from tasks_of(task.get(section))


def playbook_example_problems(examples, modules, groups, collection):
    """`modules`: {FQCN: options}; `groups`: {group/NAME: options every module of it takes}."""
    problems = []
    for task in tasks_of(yaml.load(examples, Loader=ExampleLoader)):
        where = "EXAMPLES task %r" % task.get("name")
        for key, values in task.items():
            if key in modules:
                problems.extend(option_problems(where, values or {}, modules[key]))
        for group, values in (task.get("module_defaults") or {}).items():
            if group in groups:
                problems.extend(option_problems("%s, module_defaults %s" % (where, group), values, groups[group]))
            elif group.startswith("group/%s." % collection):
                problems.append("%s: module_defaults of unknown group %s" % (where, group))
    return problems


def inventory_example_problems(examples, options):
    configurations = list(inventory_configurations(examples))
    if not configurations:
        return ["EXAMPLES holds no inventory configuration"]
    problems = []
    for first_line, text in configurations:
        configuration = yaml.load(text, Loader=ExampleLoader)
        problems.extend(option_problems("EXAMPLES configuration (%s)" % first_line, configuration, options))
    return problems


def example_problems(collection, docs):
    """Problems of every plugin's EXAMPLES, by (plugin type, name); `docs` as json_docs() returns."""
    modules = dict((name, documented(doc.get("doc") or {})) for (kind, name), doc in docs.items() if kind == "module")
    groups = {}
    for name, options in modules.items():
        membership = (((docs[("module", name)].get("doc") or {}).get("attributes") or {}).get("action_group") or {}).get("membership") or []
        for group in membership:
            shared = groups.get("group/" + group)
            groups["group/" + group] = dict(options) if shared is None else dict((key, shared[key]) for key in shared if key in options)
    problems = {}
    for (plugin_type, name), doc in docs.items():
        examples = doc.get("examples") or ""
        try:
            if plugin_type == "inventory":
                problems[(plugin_type, name)] = inventory_example_problems(examples, documented(doc.get("doc") or {}))
            elif examples.strip():
                problems[(plugin_type, name)] = playbook_example_problems(examples, modules, groups, collection)
        except yaml.YAMLError as error:
            problems[(plugin_type, name)] = ["EXAMPLES is not valid YAML: %s" % error]
    return problems


def main(argv):
    collection = argv[1]
    listed = list(plugins(collection))
    if not listed:
        sys.exit("ansible-doc lists no plugins of %s: is it on ANSIBLE_COLLECTIONS_PATH?" % collection)
    docs = json_docs(listed)
    examples = example_problems(collection, docs)
    failed = 0
    for plugin_type, name in listed:
        problems = check(plugin_type, name, docs.get((plugin_type, name))) + examples.get((plugin_type, name), [])
        print("%s %s %s" % ("FAIL" if problems else "ok  ", plugin_type, name))
        for problem in problems:
            print("    " + problem)
        failed += bool(problems)
    print("%d plugin(s), %d with problems" % (len(listed), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
