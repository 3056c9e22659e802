# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Pure host-building rules of the image_servers inventory plugin (controller side only).

Hostnames, their disambiguation, hostvar names and default group names (the cache format is in
_inventory_cache.py). Nothing here talks to Ansible's inventory or templar: the plugin passes
callables in, so the rules can be tested without an inventory and stay cheap per host.

API data is hostile: a name from it is made safe text (safe_name) before it becomes a host name,
and a field whose variable name Ansible itself reads is never set (HostvarNames).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._summary import status_of

DEFAULT_HOSTNAMES = ("name", "id")
# Host names that API data may never take: Ansible's own groups, and the names that mean the
# controller (a host with such a name would stand in for the implicit localhost).
RESERVED_NAMES = frozenset(("all", "ungrouped", "localhost", "127.0.0.1", "::1"))
# Variables with these prefixes configure Ansible (connection, become, shell, interpreter, facts,
# and the private _ansible_* settings of AnsiballZ): no API field may ever set one.
RESERVED_VARIABLE_PREFIXES = ("ansible_", "_ansible_")
# The variables holding the address a connection plugin passes on (ansible.constants.MAGIC_VARIABLE_MAPPING).
ADDRESS_VARIABLES = ("ansible_host", "ansible_ssh_host")
# Variables Ansible sets or reads itself, or names that would hide a function in every template.
# _reserved_variables.py adds what the running ansible-core declares; this list holds
# on every supported version on its own.
MAGIC_VARIABLES = frozenset(
    (
        "delegated_vars",
        "environment",
        "group_names",
        "groups",
        "hostvars",
        "inventory_dir",
        "inventory_file",
        "inventory_hostname",
        "inventory_hostname_short",
        "omit",
        "play_hosts",
        "playbook_dir",
        "role_name",
        "role_names",
        "role_path",
        "role_uuid",
        "vars",
        # Jinja2 and Ansible template globals: a host variable of that name would shadow the function.
        "cycler",
        "dict",
        "joiner",
        "lipsum",
        "lookup",
        "namespace",
        "now",
        "q",
        "query",
        "range",
        "undef",
    )
)

_AFFIX_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_AFFIX_SUFFIX = re.compile(r"^[A-Za-z0-9_]*$")
_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")


def safe_name(name):
    """A host name from API data as safe text.

    Every character Python does not consider printable (Unicode categories Cc: C0 controls, DEL,
    C1 controls; Cf: format characters such as bidirectional overrides; Cs: lone surrogates; Co,
    Cn; Zl, Zp; Zs other than the ASCII space) becomes '_', and a name starting with '-' (which
    ssh would read as an option) gets a leading '_'. Names that need neither are returned as they
    are, at the cost of one C-level scan.
    """
    if not name.isprintable():
        name = "".join(char if char.isprintable() else "_" for char in name)
    if name.startswith("-"):
        name = "_" + name
    return name


def safe_text(text):
    """API text for a warning or log line: non-printable characters shown as escapes (\\n, \\x1b)."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def is_template(value):
    """Only values holding '{{' are rendered, so literal text with '{%' or '#}' stays as written."""
    return "{{" in value


def status_group(item):
    return "status_%s" % status_of(item).lower()


def server_group_group(item):
    """'server_group_<id>' or None when the instance is in no server group."""
    server_group_id = item.get("server_group_id")
    if server_group_id in (None, "") or isinstance(server_group_id, (dict, list)):
        return None
    return "server_group_%s" % server_group_id


def region_group(region):
    return "region_%s" % region


def check_affixes(prefix, suffix):
    """hostvars_prefix/suffix must keep every variable name a valid identifier."""
    prefix = prefix or ""
    suffix = suffix or ""
    if prefix and not _AFFIX_PREFIX.match(prefix):
        raise WorkspaceConfigError(
            "hostvars_prefix must start with a letter or '_' and hold only letters, digits and '_' (variable names are made of it), got %r" % prefix,
            option="hostvars_prefix",
        )
    if prefix.startswith(RESERVED_VARIABLE_PREFIXES):
        raise WorkspaceConfigError(
            "hostvars_prefix must not start with %s: variables with that prefix configure Ansible and are never set "
            "from API data, got %r" % (" or ".join(RESERVED_VARIABLE_PREFIXES), prefix),
            option="hostvars_prefix",
        )
    if not _AFFIX_SUFFIX.match(suffix):
        raise WorkspaceConfigError("hostvars_suffix may hold only letters, digits and '_', got %r" % suffix, option="hostvars_suffix")
    return prefix, suffix


def is_reserved_variable(name, reserved=MAGIC_VARIABLES):
    return name.startswith(RESERVED_VARIABLE_PREFIXES) or name in reserved


class HostvarNames(object):
    """Maps API field names to hostvar names (prefix + field + suffix), memoised per field.

    A name Ansible itself reads (is_reserved_variable, with `reserved` the exact names) maps to ''
    and the field is dropped: API data never sets a connection, become, shell, interpreter or
    magic variable, whatever the prefix and suffix (empty included). `dropped` counts, per API
    field, how many values were dropped, for the one warning.
    """

    def __init__(self, prefix, suffix, reserved=MAGIC_VARIABLES):
        self.prefix, self.suffix = check_affixes(prefix, suffix)
        self._reserved = reserved
        self._names = {}
        self.dropped = {}

    def __call__(self, field):
        name = self._names.get(field)
        if name is None:
            # An unexpected field with characters that cannot be in a variable name still
            # becomes a usable hostvar instead of an Ansible deprecation warning per host.
            name = "%s%s%s" % (self.prefix, _NOT_IDENTIFIER.sub("_", str(field)), self.suffix)
            if not name or name[0].isdigit():
                name = "_" + name
            if is_reserved_variable(name, self._reserved):
                name = ""
            self._names[field] = name
        return name

    def drop(self, field):
        self.dropped[field] = self.dropped.get(field, 0) + 1

    def describe_dropped(self, limit=5):
        """The one warning about dropped fields, or None; field names quoted with repr() (escapes)."""
        if not self.dropped:
            return None
        values = sum(self.dropped.values())
        examples = sorted(self.dropped.items(), key=lambda pair: (-pair[1], str(pair[0])))[:limit]
        # repr() shows every non-printable character as an escape: no raw control character in the warning.
        shown = ", ".join("%r (%d)" % (field, count) for field, count in examples)
        more = "" if len(self.dropped) <= limit else ", and %d more" % (len(self.dropped) - limit)
        return (
            "dropped %d host variables (%d distinct API fields) whose names, with hostvars_prefix %r and "
            "hostvars_suffix %r, are variables Ansible itself reads (ansible_*, _ansible_*, magic variables such "
            "as inventory_hostname or omit, template globals such as lookup): %s%s. API data never sets them; "
            "set connection variables such as ansible_host with compose." % (values, len(self.dropped), self.prefix, self.suffix, shown, more)
        )


def host_variables(item, region, project_id, names, mark=None, agency=None):
    """Hostvars of one item: every API field, then the region and project id (these win), and
    for an item listed through an agency, the agency and its account ((name, account) pair).

    `mark`, if given, marks API data as never to be templated; it is applied to every value.
    Fields whose name Ansible reads are left out (and counted by `names`).
    """
    own = {"region": region, "project_id": project_id}
    if agency:
        own.update(agency=agency[0], account=agency[1])
    if mark is None:
        variables = dict((names(field), value) for field, value in item.items())
    else:
        variables = dict((names(field), mark(value)) for field, value in item.items())
        own = dict((field, mark(value)) for field, value in own.items())
    if "" in variables:  # fields named like a variable Ansible reads: dropped, and counted for the warning
        del variables[""]
        for field in item:
            if not names(field):
                names.drop(field)
    for field, value in own.items():
        name = names(field)
        if name:
            variables[name] = value
    return variables


def _text_or_none(value):
    """A usable hostname from a field value: non-empty text or a number; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and value:
        return value
    return None


def _field(item, path):
    """(found, value) of a dotted path such as 'image_ref.id'."""
    value = item
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


class HostnameChooser(object):
    """Applies the `hostnames` preference list: the first entry giving a non-empty value wins.

    A plain entry is an API field name (or dotted path); an entry holding Jinja is rendered by
    `render(entry, variables)` with the host's variables, only when the entries before it were
    empty for that host. Per entry it remembers whether it ever produced a name, so that an
    entry that can never work (a misspelt field, a template that always fails or renders empty)
    is reported instead of silently falling through for every host.
    """

    def __init__(self, entries, render=None):
        entries = list(DEFAULT_HOSTNAMES if entries is None else entries)
        if not entries:
            raise WorkspaceConfigError("hostnames must list at least one field name or template, for example [name, id]", option="hostnames")
        for entry in entries:
            if not isinstance(entry, str) or not entry.strip():
                raise WorkspaceConfigError(
                    "hostnames entries must be non-empty strings (an API field name such as "
                    "name, id, server_id, instance_id, or a Jinja template), got %r" % (entry,),
                    option="hostnames",
                )
        self.entries = [(entry, is_template(entry)) for entry in entries]
        self.uses_templates = any(templated for dummy, templated in self.entries)
        self._render = render
        self._tried = [0] * len(entries)
        self._found_field = [False] * len(entries)
        self._succeeded = [False] * len(entries)
        self._first_error = [None] * len(entries)
        self.fell_back_to_id = 0

    def choose(self, item, variables=None):
        """The hostname for `item`; `variables()` builds the host's variables for templates."""
        for index, (entry, templated) in enumerate(self.entries):
            self._tried[index] += 1
            if templated:
                try:
                    value = self._render(entry, variables())
                    value = _text_or_none(value.strip() if isinstance(value, str) else value)
                except Exception as error:  # any template failure means "no value from this entry"
                    value = None
                    if self._first_error[index] is None:
                        self._first_error[index] = safe_text(error)[:500]
            else:
                found, value = _field(item, entry)
                self._found_field[index] = self._found_field[index] or found
                value = _text_or_none(value)
            if value is not None:
                self._succeeded[index] = True
                return safe_name(value)
        # No instance is dropped: the id is unique, so it is the name of last resort.
        self.fell_back_to_id += 1
        return safe_name(_text_or_none(item.get("id")) or "")

    def check(self):
        """Raise WorkspaceConfigError for an entry that was tried and can never give a name."""
        for index, (entry, templated) in enumerate(self.entries):
            tried = self._tried[index]
            if not tried or self._succeeded[index]:
                continue
            if templated:
                detail = "rendered empty"
                if self._first_error[index]:
                    detail = "failed or rendered empty (first error: %s)" % self._first_error[index]
                raise WorkspaceConfigError(
                    "hostnames entry %r %s for every one of the %d image servers it was tried on; templates see "
                    "the same variables as compose, for example {{ %s }}" % (entry, detail, tried, "wks_name"),
                    option="hostnames",
                )
            if not self._found_field[index]:
                raise WorkspaceConfigError(
                    "hostnames entry %r is not a field of any of the %d image servers it was tried on; plain entries "
                    "are API field names such as name, id, server_id, instance_id or image_ref.id (without "
                    "hostvars_prefix); use a template such as '{{ wks_name }}' for variables" % (entry, tried),
                    option="hostnames",
                )


def preferred_hostnames(records, chooser, variables_of):
    """The name `chooser` (a HostnameChooser) gives each (region, item) record, then chooser.check().

    Returns the names and, per record, the host variables a template needed (else None):
    `variables_of(region, item)` builds them at most once per host, so the host itself reuses them.
    """
    preferred, built = [], [None] * len(records)
    for index, (region, item) in enumerate(records):
        variables = None
        if chooser.uses_templates:

            def variables(index=index, region=region, item=item):
                if built[index] is None:
                    built[index] = variables_of(region, item)
                return built[index]

        preferred.append(chooser.choose(item, variables))
    chooser.check()
    return preferred, built


def disambiguate(preferred, ids, regions, reserved=RESERVED_NAMES):
    """Make hostnames unique without dropping anyone.

    Every host whose preferred name is shared with another host (or is empty, a reserved or a
    group name) becomes '<name>_<id>', then '<name>_<id>_<region>' if that is still taken (a host
    named by its id, or without an id, becomes '<name>_<region>'), then a counter. Hosts with a
    unique name keep it, so one new duplicate never renames other hosts. `preferred` names are
    safe_name()s already; the id and region parts are made safe the same way.
    Returns (names, {shared name: number of hosts}); the result depends only on the input order.
    """
    counts = {}
    for name in preferred:
        counts[name] = counts.get(name, 0) + 1
    shared = dict((name, count) for name, count in counts.items() if count > 1 or not name or name in reserved)
    if not shared:
        return list(preferred), shared
    names = list(preferred)
    taken = set(name for name in preferred if name not in shared) | set(reserved)
    for index, name in enumerate(preferred):
        if name not in shared:
            continue
        ident = _text_or_none(ids[index])
        # A host already named by its id gains nothing from repeating it: the region comes next.
        by_id = name if ident is None or name == safe_name(ident) else safe_name("%s_%s" % (name, ident))
        candidate = by_id
        if candidate in taken or candidate == name:
            candidate = safe_name("%s_%s" % (by_id, regions[index]))
        base, number = candidate, 2
        while candidate in taken:
            candidate = "%s_%d" % (base, number)
            number += 1
        taken.add(candidate)
        names[index] = candidate
    return names, shared


def describe_unsafe_addresses(unsafe, limit=3):
    """The one warning for addresses compose took from data that were made safe: {variable: [values]}."""
    values = [value for variable in sorted(unsafe) for value in unsafe[variable]]
    shown = ", ".join(repr(value) for value in values[:limit])  # repr() escapes control characters
    more = "" if len(values) <= limit else ", and %d more" % (len(values) - limit)
    return (
        "compose set %s of %d hosts to a value starting with '-' (which ssh would read as an option) or holding "
        "control characters, from API data; each was made safe text (a leading '_', '_' for control "
        "characters): %s%s. Compose addresses from fields tenants cannot choose." % (" and ".join(sorted(unsafe)), len(values), shown, more)
    )


def describe_collisions(shared, limit=5):
    """The one warning for renamed hosts: how many, and a few examples."""
    hosts = sum(shared.values())
    examples = sorted(shared.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
    shown = ", ".join("%r (%d)" % pair for pair in examples)
    more = "" if len(shared) <= limit else ", and %d more" % (len(shared) - limit)
    return (
        "%d image servers share %d hostnames (or use a reserved or group name); each was renamed to "
        "<hostname>_<id> to keep it a distinct host: %s%s. Choose a unique field with the hostnames option "
        "to avoid this." % (hosts, len(shared), shown, more)
    )
