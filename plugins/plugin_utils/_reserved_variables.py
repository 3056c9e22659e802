# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The variable names Ansible itself reads, which no API data may set (controller side only).

Every name starting with ansible_ or _ansible_ is reserved by rule (RESERVED_VARIABLE_PREFIXES);
the exact names are the static MAGIC_VARIABLES, which hold on every supported ansible-core, plus
what the running ansible-core declares: its internal and magic variables, the variables its
configuration and every plugin loaded so far read (the `vars:` entries of connection, become and
shell plugins, for example), and the template globals.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible import constants as C

from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import MAGIC_VARIABLES

try:
    from jinja2.defaults import DEFAULT_NAMESPACE
except ImportError:  # pragma: no cover - Jinja2 always ships it; MAGIC_VARIABLES lists its globals too
    DEFAULT_NAMESPACE = {}

# "delegated_vars['ansible_host']" names the variable delegated_vars.
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _configuration_definitions():
    """Ansible's own settings, then those of every plugin registered with the config manager."""
    yield C.config.get_configuration_definitions() or {}
    # Private in every supported version ({type: {name: definitions}}); read defensively.
    for by_name in (getattr(C.config, "_plugins", None) or {}).values():
        for definitions in (by_name or {}).values():
            yield definitions or {}


def _declared_variables():
    names = set(getattr(C, "INTERNAL_STATIC_VARS", ()))
    names.update(getattr(C, "COMMON_CONNECTION_VARS", ()))
    for variables in (getattr(C, "MAGIC_VARIABLE_MAPPING", None) or {}).values():
        names.update(variables)
    names.update(DEFAULT_NAMESPACE)
    for definitions in _configuration_definitions():
        for definition in definitions.values():
            for entry in (definition.get("vars") or ()) if isinstance(definition, dict) else ():
                match = _VARIABLE.match(str(entry.get("name", ""))) if isinstance(entry, dict) else None
                if match:
                    names.add(match.group(0))
    return names


def reserved_variable_names():
    """The exact reserved names: static ones plus those the running ansible-core declares.

    Recomputed per call (once per inventory source): plugins loaded later add their variables.
    """
    try:
        declared = _declared_variables()
    except Exception:  # a changed internal table must never weaken the static list nor fail the source
        declared = set()
    return MAGIC_VARIABLES | frozenset(declared)
