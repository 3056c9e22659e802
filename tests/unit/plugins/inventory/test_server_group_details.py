# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory plugin's server_group_details option, with the client replaced by a fake."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleParserError
from ansible.inventory.helpers import get_group_vars
from ansible.utils.vars import combine_vars

from ansible_collections.huaweicloud.workspace.plugins.inventory import image_servers
from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import ListResult
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.inventory import test_image_servers as base
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.inventory.test_image_servers import FakeClient, group_names, is_untrusted, members, server

run = base.run  # the fixture that parses a configuration with the plugin

HOSTILE = "{{ lookup('pipe', 'id') }}"


def merged(inventory, name):
    """The host's variables as a play sees them: its groups' variables, then its own."""
    host = inventory.get_host(name)
    return combine_vars(get_group_vars(host.get_groups()), host.get_vars())


def group(group_id, name, **fields):
    record = {
        "id": group_id,
        "name": name,
        "os_type": "Windows",
        "app_type": "SESSION_DESKTOP_APP",
        "server_group_status": True,
        "tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "fin"}],
    }
    record.update(fields)
    return record


class FakeGroupsClient(FakeClient):
    """FakeClient that also answers server_groups=True with the groups of each region."""

    def __init__(self, fleets, groups):
        super(FakeGroupsClient, self).__init__(fleets)
        self.groups = groups
        self.asked_for_groups = []

    def __call__(self, settings_list, filters=None, warn=None, **listing):
        self.asked_for_groups.append(listing.get("server_groups", False))
        results = super(FakeGroupsClient, self).__call__(settings_list, filters, warn)
        if not listing.get("server_groups"):
            return results
        joined = []
        for settings, result in results:
            groups = self.groups.get(settings.region, [])
            if isinstance(result, ListResult) and isinstance(groups, Exception):
                result = groups  # the region fails as a whole
            elif isinstance(result, ListResult):
                result = result._replace(server_groups=list(groups))
            joined.append((settings, result))
        return joined


@pytest.fixture
def fleets(monkeypatch):
    fake = FakeGroupsClient(
        {
            "cn-north-4": [
                server(1),
                server(2, status="ERROR", server_group_id="sg-2"),
                server(3),
                server(4, server_group_id="sg-gone"),
                server(5, server_group_id=""),
            ]
        },
        {"cn-north-4": [group("sg-1", "Finance Desktops"), group("sg-2", "Design Apps", os_type="Linux", tags=[]), group("sg-unused", "Finance Desktops")]},
    )
    monkeypatch.setattr(image_servers, "list_image_servers_by_region", fake)
    return fake


ON = {"server_group_details": True}


def test_off_by_default_changes_nothing(run, fleets):
    inventory, dummy = run()
    assert fleets.asked_for_groups == [False]
    assert "server_group_sg_1" in group_names(inventory)
    assert "wks_server_group" not in merged(inventory, "srv-01")


def test_groups_by_name_and_the_record_as_hostvar(run, fleets):
    inventory, plugin = run(ON)
    assert fleets.asked_for_groups == [True]
    assert group_names(inventory) == ["server_group_Design_Apps", "server_group_Finance_Desktops", "server_group_sg_gone", "status_active", "status_error"]
    assert members(inventory, "server_group_Finance_Desktops") == ["srv-01", "srv-03"]
    record = merged(inventory, "srv-01")["wks_server_group"]
    assert record["name"] == "Finance Desktops" and record["os_type"] == "Windows"
    assert record["tags"] == {"env": "prod", "team": "fin"}
    assert merged(inventory, "srv-02")["wks_server_group"]["tags"] == {}
    assert is_untrusted(record["name"])
    # The unused group shares the name of a used one, but makes no group: no warning.
    assert plugin.display == []


def test_deleted_group_keeps_the_id_group_and_a_null_variable(run, fleets):
    inventory, dummy = run(ON)
    assert members(inventory, "server_group_sg_gone") == ["srv-04"]
    assert merged(inventory, "srv-04")["wks_server_group"] is None
    assert merged(inventory, "srv-05")["wks_server_group"] is None
    assert [g.name for g in inventory.get_host("srv-05").get_groups() if g.name.startswith("server_group")] == []


def test_duplicate_names_fall_back_to_ids_with_one_warning(run, fleets):
    fleets.fleets["cn-north-4"].append(server(6, server_group_id="sg-unused"))
    inventory, plugin = run(ON)
    assert "server_group_Finance_Desktops" not in group_names(inventory)
    assert members(inventory, "server_group_sg_1") == ["srv-01", "srv-03"]
    assert members(inventory, "server_group_sg_unused") == ["srv-06"]
    warnings = [w for w in plugin.display if "server group name" in w]
    assert len(warnings) == 1 and "'Finance Desktops'" in warnings[0]
    assert merged(inventory, "srv-06")["wks_server_group"]["id"] == "sg-unused"


def test_hostile_group_names_are_sanitised_and_never_templated(run, fleets):
    fleets.groups["cn-north-4"][0]["name"] = HOSTILE
    inventory, dummy = run(ON)
    hostile = [g for g in group_names(inventory) if "lookup" in g]
    assert len(hostile) == 1 and not set("{}() '") & set(hostile[0])
    assert members(inventory, hostile[0]) == ["srv-01", "srv-03"]
    assert merged(inventory, "srv-01")["wks_server_group"]["name"] == HOSTILE


def test_keyed_groups_on_tags(run, fleets):
    inventory, dummy = run(
        dict(
            ON,
            group_by_server_group=False,
            group_by_status=False,
            keyed_groups=[
                {"prefix": "tag", "key": "wks_server_group.tags | default({}, true)"},
                {"prefix": "os", "key": "wks_server_group.os_type | default('unknown', true)"},
            ],
        )
    )
    assert members(inventory, "tag_env_prod") == ["srv-01", "srv-03"]
    assert members(inventory, "tag_team_fin") == ["srv-01", "srv-03"]
    assert members(inventory, "os_Linux") == ["srv-02"]
    assert members(inventory, "os_unknown") == ["srv-04", "srv-05"]


def test_region_whose_groups_fail_is_skipped_as_a_whole(run, fleets):
    fleets.fleets["cn-east-3"] = [server(7)]
    fleets.groups["cn-east-3"] = WorkspaceApiError("request failed", status=403, error_code="APIGW.0302", hint="set server_group_details: false")
    config = dict(ON, regions=["cn-north-4", "cn-east-3"])
    with pytest.raises(AnsibleParserError) as caught:
        run(config)
    assert "region cn-east-3" in str(caught.value) and "server_group_details: false" in str(caught.value)
    inventory, plugin = run(dict(config, region_errors="warn"))
    assert "srv-07" not in inventory.hosts and "srv-01" in inventory.hosts
    assert any("skipped region cn-east-3" in warning for warning in plugin.display)


def test_cache_holds_the_joined_result_and_its_key_covers_the_option(run, fleets, tmp_path):
    cached = dict(cache=True, cache_plugin="jsonfile", cache_connection=str(tmp_path / "cache"))
    run(cached)
    run(dict(cached, **ON))
    warm, dummy = run(dict(cached, **ON))
    assert fleets.asked_for_groups == [False, True]
    assert merged(warm, "srv-01")["wks_server_group"]["tags"] == {"env": "prod", "team": "fin"}
    assert members(warm, "server_group_Finance_Desktops") == ["srv-01", "srv-03"]
    texts = [path.read_text() for path in (tmp_path / "cache").iterdir()]
    assert len(texts) == 2 and not any("sg-unused" in text for text in texts)


def test_the_record_is_stored_once_per_group_unless_groups_are_off(run, fleets):
    inventory, dummy = run(ON)
    assert "wks_server_group" not in inventory.get_host("srv-01").get_vars()
    assert inventory.groups["server_group_Finance_Desktops"].get_vars()["wks_server_group"]["id"] == "sg-1"
    assert inventory.get_host("srv-05").get_vars()["wks_server_group"] is None
    inventory, dummy = run(dict(ON, group_by_server_group=False))
    assert inventory.get_host("srv-01").get_vars()["wks_server_group"]["id"] == "sg-1"
    assert "wks_server_group" not in get_group_vars(inventory.get_host("srv-01").get_groups())


def test_one_name_in_two_regions_keeps_each_record_on_its_hosts(run, fleets):
    fleets.fleets["cn-east-3"] = [server(7, server_group_id="sg-east")]
    fleets.groups["cn-east-3"] = [group("sg-east", "Finance Desktops", os_type="Linux")]
    inventory, dummy = run(dict(ON, regions=["cn-north-4", "cn-east-3"]))
    assert members(inventory, "server_group_Finance_Desktops") == ["srv-01", "srv-03", "srv-07"]
    assert merged(inventory, "srv-07")["wks_server_group"]["id"] == "sg-east"
    assert merged(inventory, "srv-01")["wks_server_group"]["id"] == "sg-1"


def test_a_cache_entry_without_the_join_is_not_used(run, fleets):
    dummy, plugin = run(ON)
    joined = [{"region": "r", "items": [], "server_groups": {}}]
    assert plugin._joined(joined) is joined
    assert plugin._joined([{"region": "r", "items": []}]) is None
    assert plugin._joined([{"region": "r", "items": [], "server_groups": ["broken"]}]) is None
    dummy, plugin = run()
    assert plugin._joined([{"region": "r", "items": []}]) == [{"region": "r", "items": []}]
