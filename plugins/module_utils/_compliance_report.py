# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Reports of a compliance verdict: JUnit XML for CI systems, Markdown for people.

Names and messages are tenant text: control characters are replaced, XML and Markdown
metacharacters escaped, so a server name can neither break the document nor format it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from xml.sax.saxutils import escape, quoteattr

REPORT_FORMATS = ("junit", "markdown")
SUITE = "image_server_compliance"

# Characters XML 1.0 cannot carry at all, and those that would break a Markdown table row.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
# Enough to keep text literal in a table cell while a job log stays readable (img-srv_1 unescaped).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|&~])")


def _text(value):
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _xml(value):
    return _NOT_XML.sub("\ufffd", _text(value))


def _cell(value):
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", _text(value))) or " "


def _case_name(item):
    name, server_id = _text(item.get("name")), _text(item.get("id"))
    return "%s (%s)" % (name, server_id) if name else server_id


def junit(items, rule_names, positions):
    """One <testsuite> per rule, one <testcase> per server in it: failed, skipped (exempted) or passed."""
    outcomes = {}
    for kind, index, entry in positions:
        outcomes[(index, entry["rule"])] = (kind, entry)
    names = [_xml(_case_name(item if isinstance(item, dict) else {})) for item in items]
    suites, totals = [], [0, 0]
    for rule in rule_names:
        cases, failures, skipped = [], 0, 0
        classname = quoteattr("%s.%s" % (SUITE, rule))
        for index, name in enumerate(names):
            outcome = outcomes.get((index, rule))
            head = "    <testcase classname=%s name=%s" % (classname, quoteattr(name))
            if outcome is None:
                cases.append(head + "/>")
                continue
            kind, entry = outcome
            message = _xml(entry["message"])
            if kind == "violation":
                failures += 1
                cases.append(
                    "%s>\n      <failure type=%s message=%s>%s</failure>\n    </testcase>" % (head, quoteattr(rule), quoteattr(message), escape(message))
                )
            else:
                skipped += 1
                until = ", until %s" % entry["expires"] if entry["expires"] else ""
                reason = _xml("exempted: %s (%s)%s" % (entry["reason"], message, until))
                cases.append("%s>\n      <skipped message=%s/>\n    </testcase>" % (head, quoteattr(reason)))
        totals[0] += failures
        totals[1] += skipped
        suites.append(
            '  <testsuite name=%s tests="%d" failures="%d" errors="0" skipped="%d">\n%s\n  </testsuite>'
            % (quoteattr(rule), len(names), failures, skipped, "\n".join(cases))
        )
    return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="%s" tests="%d" failures="%d" errors="0" skipped="%d">\n%s%s</testsuites>\n' % (
        SUITE,
        len(names) * len(rule_names),
        totals[0],
        totals[1],
        "\n".join(suites),
        "\n" if suites else "",
    )


def _table(header, rows):
    lines = ["| %s |" % " | ".join(header), "|%s" % ("---|" * len(header))]
    lines.extend("| %s |" % " | ".join(_cell(value) for value in row) for row in rows)
    return lines


def markdown(verdict):
    """A heading with the verdict, counts by rule, then the violations, exemptions and expired ones."""
    lines = [
        "## Image server compliance: %s" % ("compliant" if verdict["compliant"] else "NOT compliant"),
        "",
        "%d image servers checked: %d violations on %d servers, %d exempted, %d expired exemptions."
        % (verdict["checked"], verdict["violation_count"], verdict["noncompliant_count"], len(verdict["exempted"]), len(verdict["expired_exemptions"])),
        "",
    ]
    lines.extend(_table(("Rule", "Violations"), verdict["by_rule"].items()))
    if verdict["violations"]:
        lines.extend(["", "### Violations", ""])
        lines.extend(
            _table(("Server", "ID", "Rule", "Finding"), ((entry["name"], entry["id"], entry["rule"], entry["message"]) for entry in verdict["violations"]))
        )
    if verdict["exempted"]:
        lines.extend(["", "### Exempted", ""])
        lines.extend(
            _table(
                ("Server", "ID", "Rule", "Finding", "Reason", "Expires"),
                ((entry["name"], entry["id"], entry["rule"], entry["message"], entry["reason"], entry["expires"] or "never") for entry in verdict["exempted"]),
            )
        )
    if verdict["expired_exemptions"]:
        lines.extend(["", "### Expired exemptions (no longer applied)", ""])
        lines.extend(
            _table(
                ("Server", "Rules", "Reason", "Expired"),
                (
                    (entry.get("id") or entry.get("name"), ", ".join(entry["rules"] or ["all"]), entry["reason"], entry["expires"])
                    for entry in verdict["expired_exemptions"]
                ),
            )
        )
    return "\n".join(lines) + "\n"


def render(formats, items, rule_names, verdict, positions):
    """{format: text} for the formats asked for."""
    report = {}
    for name in formats or ():
        if name == "junit":
            report[name] = junit(items, rule_names, positions)
        elif name == "markdown":
            report[name] = markdown(verdict)
    return report
