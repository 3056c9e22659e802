# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""API data never controls Ansible (issue 10, section 1): the inventory plugin with hostile records.

No variable Ansible reads is set from data, whatever hostvars_prefix/suffix are; host and group
names are safe text; reserved names and every group the source makes are never host names; no
host is lost. The same invariants over arbitrary records: test_hostile_data_properties.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import become_loader, connection_loader, inventory_loader, shell_loader
from ansible.template import Templar

from ansible_collections.huaweicloud.workspace.plugins.inventory import image_servers
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import RESERVED_NAMES, is_reserved_variable
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._reserved_variables import reserved_variable_names
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.inventory.test_image_servers import (  # noqa: F401 pylint: disable=unused-import
    FakeClient,
    Warnings,
    fleets,
    is_untrusted,
    members,
    run,
    server,
    trust_as_template,
)

HOSTILE_KEYS = {
    "ansible_connection": "local",
    "ansible_host": "attacker.example",
    "ansible_python_interpreter": "/tmp/evil-python",
    "ansible_ssh_common_args": "-o ProxyCommand='touch /tmp/pwned'",
    "ansible_become_exe": "/tmp/evil",
    "_ansible_ansiballz_debugpy_config": {"host": "attacker.example"},
    "inventory_hostname": "other",
    "group_names": ["admins"],
    "groups": {"all": []},
    "hostvars": {},
    "omit": "x",
    "playbook_dir": "/",
    "environment": {"LD_PRELOAD": "/tmp/evil.so"},
    "vars": {},
    "lookup": "x",
}


def forbidden(name):
    return is_reserved_variable(name, reserved_variable_names())


def host_variable_names(inventory):
    """Every host variable name but the two InventoryData.add_host sets itself."""
    return set(name for host in inventory.hosts.values() for name in host.vars if name not in ("inventory_file", "inventory_dir"))


class TestVariablesFromData(object):
    @pytest.mark.parametrize(
        "affixes", [{"hostvars_prefix": ""}, {"hostvars_prefix": "", "hostvars_suffix": ""}, {"hostvars_prefix": "inventory_", "hostvars_suffix": ""}, {}]
    )
    def test_no_reserved_variable_from_data(self, run, fleets, affixes):
        fleets.fleets["cn-north-4"] = [server(1, **HOSTILE_KEYS), server(2, **HOSTILE_KEYS), server(3)]
        inventory, plugin = run(affixes)
        assert not [name for name in host_variable_names(inventory) if forbidden(name)]
        assert sorted(inventory.hosts) == ["srv-01", "srv-02", "srv-03"]

    def test_one_warning_counting_the_dropped_keys(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, **HOSTILE_KEYS), server(2, **HOSTILE_KEYS), server(3)]
        inventory, plugin = run({"hostvars_prefix": ""})
        warnings = [warning for warning in plugin.display if "dropped" in warning]
        assert len(warnings) == 1
        assert "dropped %d host variables (%d distinct API fields)" % (2 * len(HOSTILE_KEYS), len(HOSTILE_KEYS)) in warnings[0]
        assert "compose" in warnings[0]
        variables = inventory.get_host("srv-01").vars
        assert variables["name"] == "srv-01" and variables["status"] == "ACTIVE" and variables["region"] == "cn-north-4"

    def test_default_prefix_keeps_every_field_without_warning(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, **HOSTILE_KEYS)]
        inventory, plugin = run()
        variables = inventory.get_host("srv-01").vars
        assert variables["wks_ansible_connection"] == "local"
        assert variables["wks_inventory_hostname"] == "other"
        assert not [warning for warning in plugin.display if "dropped" in warning]

    def test_compose_may_set_connection_variables(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, ansible_host="attacker.example", ansible_connection="local")]
        inventory, dummy = run({"hostvars_prefix": "", "compose": {"ansible_host": "name ~ '.corp.example.com'", "ansible_user": "'admin'"}})
        variables = inventory.get_host("srv-01").vars
        assert variables["ansible_host"] == "srv-01.corp.example.com"
        assert variables["ansible_user"] == "admin"
        assert "ansible_connection" not in variables

    def test_compose_address_from_data_is_made_safe(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="-oProxyCommand=touch x"), server(2, name="a\nb"), server(3)]
        inventory, plugin = run({"compose": {"ansible_host": "wks_name", "ansible_ssh_host": "wks_name ~ '.corp'"}})
        host = inventory.get_host("_-oProxyCommand=touch x").vars
        assert host["ansible_host"] == "_-oProxyCommand=touch x"
        assert host["ansible_ssh_host"] == "_-oProxyCommand=touch x.corp"
        assert is_untrusted(host["ansible_host"])
        assert inventory.get_host("a_b").vars["ansible_host"] == "a_b"
        assert inventory.get_host("srv-03").vars["ansible_host"] == "srv-03"
        warnings = [warning for warning in plugin.display if "compose set" in warning]
        assert len(warnings) == 1 and "of 4 hosts" in warnings[0] and warnings[0].isprintable()

    def test_compose_never_sees_a_dropped_field(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, ansible_port=2222)]
        inventory, dummy = run({"hostvars_prefix": "", "compose": {"port_seen": "ansible_port | default('none')"}})
        assert inventory.get_host("srv-01").vars["port_seen"] == "none"

    def test_reserved_prefix_option_is_refused(self, run, fleets):
        with pytest.raises(Exception, match="hostvars_prefix must not start with ansible_"):
            run({"hostvars_prefix": "ansible_"})
        assert not fleets.calls


class TestNamesFromData(object):
    def test_control_characters_and_dashes(self, run, fleets):
        fleets.fleets["cn-north-4"] = [
            server(1, name="web\n01"),
            server(2, name="\x1b]0;pwn\x07db"),
            server(3, name="-oProxyCommand=touch /tmp/x"),
            server(4, name="ok", server_group_id="sg\r\n\x00\u202e"),
        ]
        inventory, dummy = run()
        assert sorted(inventory.hosts) == ["_-oProxyCommand=touch /tmp/x", "_]0;pwn_db", "ok", "web_01"]
        assert "server_group_sg____" in inventory.groups
        for name in list(inventory.hosts) + list(inventory.groups):
            assert name.isprintable() and not name.startswith("-")

    @pytest.mark.parametrize("name", sorted(RESERVED_NAMES))
    def test_reserved_host_names(self, run, fleets, name):
        fleets.fleets["cn-north-4"] = [server(1, name=name), server(2)]
        inventory, plugin = run()
        assert sorted(inventory.hosts) == sorted(["%s_1001" % name, "srv-02"])
        assert len([warning for warning in plugin.display if "renamed" in warning]) == 1

    def test_lookup_name_stays_literal(self, run, fleets):
        hostile = "{{ lookup('pipe', 'id') }}"
        fleets.fleets["cn-north-4"] = [server(1, name=hostile)]
        inventory, dummy = run({"hostvars_prefix": ""})
        host = inventory.get_host(hostile)
        assert is_untrusted(host.name) and is_untrusted(host.vars["name"])
        templar = Templar(loader=DataLoader(), variables=host.vars)
        assert templar.template(trust_as_template("{{ name }}")) == hostile

    def test_host_named_like_a_groups_option_group(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="broken"), server(2, status="ERROR")]
        inventory, dummy = run({"groups": {"broken": "wks_status == 'ERROR'"}})
        assert sorted(inventory.hosts) == ["broken_1001", "srv-02"]
        assert members(inventory, "broken") == ["srv-02"]

    def test_host_named_like_a_keyed_group_is_renamed_after(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="image_gold"), server(2)]
        inventory, plugin = run({"keyed_groups": [{"prefix": "image", "key": "wks_image_ref.image_type"}], "compose": {"ansible_host": "wks_id ~ '.corp'"}})
        assert sorted(inventory.hosts) == ["image_gold_1001", "srv-02"]
        assert members(inventory, "image_gold") == ["image_gold_1001", "srv-02"]
        assert members(inventory, "status_active") == ["image_gold_1001", "srv-02"]
        assert inventory.get_host("image_gold_1001").vars["ansible_host"] == "1001.corp"
        assert inventory.get_host("image_gold_1001").vars["wks_name"] == "image_gold"
        assert len([warning for warning in plugin.display if "renamed" in warning]) == 1

    def test_keyed_group_made_of_host_names(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="web"), server(2, name="x_web")]
        inventory, dummy = run({"keyed_groups": [{"prefix": "x", "key": "inventory_hostname"}]})
        assert sorted(inventory.hosts) == ["web", "x_web_1002"]
        assert members(inventory, "x_web") == ["web"]
        assert members(inventory, "x_x_web_1002") == ["x_web_1002"]
        assert not set(inventory.hosts) & set(inventory.groups)

    def test_group_names_made_of_host_names_themselves_is_a_clear_error(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="web"), server(2, name="db")]
        with pytest.raises(AnsibleParserError, match="groups that keyed_groups make of their own names"):
            run({"leading_separator": False, "keyed_groups": [{"prefix": "", "key": "inventory_hostname"}]})

    def test_keyed_group_named_localhost_is_refused(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, image_ref={"image_type": "localhost"}), server(2)]
        config = {"leading_separator": False, "keyed_groups": [{"prefix": "", "key": "wks_image_ref.image_type"}]}
        with pytest.raises(AnsibleParserError, match="group named localhost from API data"):
            run(config)
        inventory, dummy = run(dict(config, leading_separator=True))
        assert members(inventory, "_localhost") == ["srv-01"]

    def test_host_from_another_source_keeps_its_name(self, tmp_path, fleets):
        inventory = InventoryData()
        inventory.add_host("image_gold")
        fleets.fleets["cn-north-4"] = [server(1, name="image_gold")]
        path = tmp_path / "a.image_servers.yml"
        path.write_text(
            '{"plugin": "huaweicloud.workspace.image_servers", "region": "cn-north-4", '
            '"access_key": "AK", "secret_key": "SK", "endpoint": "http://127.0.0.1:9", '
            '"keyed_groups": [{"prefix": "wks", "key": "wks_name"}]}'
        )
        plugin = inventory_loader.get(image_servers.InventoryModule.NAME)
        plugin.display = Warnings()
        plugin.parse(inventory, DataLoader(), str(path))
        assert "image_gold" in inventory.hosts


# ---- what ansible-core itself reads ------------------------------------------------------------


@pytest.mark.parametrize("loader", [connection_loader, become_loader, shell_loader], ids=lambda loader: loader.type)
def test_every_variable_an_ansible_core_plugin_reads_is_reserved(loader):
    """Derived from the installed ansible-core: the vars entries of all its connection, become and shell plugins."""
    found = set()
    for plugin in loader.all(class_only=True):
        for definition in (
            getattr(plugin, "_load_name", None) and image_servers.C.config.get_configuration_definitions(loader.type, plugin._load_name) or {}
        ).values():
            for entry in definition.get("vars") or ():
                found.add(entry["name"].split("[")[0])
    assert found
    reserved = reserved_variable_names()
    assert sorted(name for name in found if not is_reserved_variable(name, reserved)) == []


def test_ansible_core_declarations_are_included():
    reserved = reserved_variable_names()
    constants = image_servers.C
    for name in list(getattr(constants, "INTERNAL_STATIC_VARS", ())) + list(constants.COMMON_CONNECTION_VARS):
        assert is_reserved_variable(name, reserved)
    assert {"inventory_hostname", "omit", "hostvars", "lookup", "delegated_vars"} <= reserved
