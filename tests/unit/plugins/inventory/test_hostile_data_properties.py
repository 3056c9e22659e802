# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Properties (hypothesis) of the inventory plugin over arbitrary hostile records (issue 10, section 1).

Arbitrary unicode names, ids, statuses and field names, control characters, '-' prefixes, reserved
and group names, keys such as ansible_connection or omit, any hostvars_prefix/suffix, with and
without keyed_groups: no variable Ansible reads comes from data, no name holds a control character
or starts with '-', no host is named like a group or a reserved name, no host is lost, warnings are
printable, and the same records give the same inventory.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from ansible_collections.huaweicloud.workspace.plugins.inventory import image_servers  # noqa: E402
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import (  # noqa: E402
    RESERVED_NAMES,
    disambiguate,
    safe_name,
)
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.inventory.test_hostile_data import (  # noqa: E402
    HOSTILE_KEYS,
    forbidden,
    host_variable_names,
)
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.inventory.test_image_servers import (  # noqa: E402,F401 pylint: disable=unused-import
    FakeClient,
    run,
)

_HOSTILE_NAMES = [
    "localhost",
    "all",
    "ungrouped",
    "127.0.0.1",
    "-oProxyCommand=id",
    "status_active",
    "server_group_sg_1",
    "image_gold",
    "k_web",
    "{{ lookup('pipe', 'id') }}",
    "",
    "web",
    "\n",
    "-",
]
_HOSTILE_FIELDS = sorted(HOSTILE_KEYS) + ["ansible-host", "ANSIBLE_HOST", "name", "id", "status", "", "9", "query", "role_path", "inventory_dir"]
_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "C")), max_size=12) | st.text(
    st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=6
)
_names = st.one_of(st.sampled_from(_HOSTILE_NAMES), _TEXT)
_ids = st.one_of(st.sampled_from(["1", "2", "-1", "\n"]), st.integers(0, 3), st.none(), _TEXT)


class _RecordWithExtraFields:
    """Adds hostile or arbitrary fields to a record; the record's own fields win."""

    def __init__(self, record):
        self.record = record

    def __call__(self, extra):
        merged = dict(extra)
        merged.update(self.record)
        return merged


_record = st.fixed_dictionaries(
    {"id": _ids, "name": _names},
    optional={
        "status": st.sampled_from(["ACTIVE", "ERROR", None, "\x1b"]) | _TEXT,
        "server_group_id": st.sampled_from(["sg-1", "", None]) | _TEXT,
        "image_ref": st.fixed_dictionaries({"image_type": st.sampled_from(["gold", "web"]) | _TEXT}),
    },
).flatmap(lambda record: st.dictionaries(st.sampled_from(_HOSTILE_FIELDS) | _TEXT, _TEXT, max_size=4).map(_RecordWithExtraFields(record)))
_config = st.fixed_dictionaries(
    {
        "hostvars_prefix": st.sampled_from(["", "wks_", "inventory_", "role_", "x"]),
        "hostvars_suffix": st.sampled_from(["", "_v", "name", "_names"]),
    },
    optional={
        "keyed_groups": st.just([{"prefix": "k", "key": "inventory_hostname"}, {"prefix": "image", "key": "image_type | default('none')"}]),
        "groups": st.just({"web": "true"}),
        "hostnames": st.sampled_from([["name", "id"], ["id"], ["{{ inventory_hostname_short | default('') }}", "id"]]),
    },
)


def _snapshot(inventory):
    return (sorted(inventory.hosts), sorted((name, tuple(sorted(h.name for h in group.hosts))) for name, group in inventory.groups.items()))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(records=st.lists(_record, max_size=8), config=_config)
def test_hostile_records_never_control_ansible(run, monkeypatch, records, config):
    config = dict(config)
    if "keyed_groups" in config:  # the key of image_type as the configured variables name it
        config["keyed_groups"][1]["key"] = "%simage_ref%s.image_type | default('none')" % (config["hostvars_prefix"], config["hostvars_suffix"])
    fake = FakeClient({"cn-north-4": records})
    monkeypatch.setattr(image_servers, "list_image_servers_by_region", fake)
    try:
        inventory, plugin = run(config)
    except Exception as error:  # only a hostnames entry that never worked may fail the source
        assert "hostnames entry" in str(error), error
        return
    hosts, groups = list(inventory.hosts), list(inventory.groups)
    assert len(hosts) == len(records)  # no host lost
    for name in hosts + groups:
        assert name and name.isprintable(), repr(name)
    for name in hosts:
        assert not name.startswith("-") and name not in RESERVED_NAMES and name not in inventory.groups
    assert not [name for name in host_variable_names(inventory) if forbidden(name)]
    for warning in plugin.display:
        assert warning.isprintable(), repr(warning)
    again, dummy = run(config)
    assert _snapshot(again) == _snapshot(inventory)  # deterministic


@settings(max_examples=300, deadline=None)
@given(name=_TEXT | st.text())
def test_safe_name(name):
    safe = safe_name(name)
    assert (safe.isprintable() or not safe) and not safe.startswith("-")
    assert safe_name(safe) == safe  # idempotent
    assert len(safe) in (len(name), len(name) + 1)
    if name.isprintable() and not name.startswith("-"):
        assert safe == name


@settings(max_examples=300, deadline=None)
@given(preferred=st.lists(_names, max_size=10).map(lambda names: [safe_name(name) for name in names]), data=st.data())
def test_disambiguate(preferred, data):
    ids = data.draw(st.lists(_ids, min_size=len(preferred), max_size=len(preferred)))
    regions = data.draw(st.lists(st.sampled_from(["cn-north-4", "r\n", "-r"]), min_size=len(preferred), max_size=len(preferred)))
    reserved = RESERVED_NAMES | frozenset(("status_active", "image_gold"))
    names, shared = disambiguate(preferred, ids, regions, reserved)
    assert len(names) == len(preferred) and len(set(names)) == len(names)
    for name, wanted in zip(names, preferred):
        assert name and name.isprintable() and not name.startswith("-") and name not in reserved
        if wanted not in shared:
            assert name == wanted
    assert disambiguate(preferred, ids, regions, reserved) == (names, shared)
