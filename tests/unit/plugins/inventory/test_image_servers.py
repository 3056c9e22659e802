# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory plugin with the client replaced by a fake: no network, no emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.template import Templar

from ansible_collections.huaweicloud.workspace.plugins.inventory import image_servers
from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import ListResult
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError, WorkspaceConfigError


try:
    from ansible.template import is_trusted_as_template, trust_as_template

    def is_untrusted(value):
        return not is_trusted_as_template(value)
except ImportError:  # ansible-core < 2.19: unsafe marking is a type, templates need no trust
    from ansible.utils.unsafe_proxy import AnsibleUnsafe

    def is_untrusted(value):
        return isinstance(value, AnsibleUnsafe)

    def trust_as_template(template):
        return template


NAME = "huaweicloud.workspace.image_servers"
SECRET = "unitSecretKey0000000000000000000000000042"
BASE = {
    "plugin": NAME,
    "region": "cn-north-4",
    "endpoint": "http://127.0.0.1:9",
    "iam_endpoint": "http://127.0.0.1:9",
    "access_key": "UNITACCESSKEY0000001",
    "secret_key": SECRET,
}


def server(number, name=None, status="ACTIVE", server_group_id="sg-1", **extra):
    data = {
        "id": str(1000 + number),
        "name": "srv-%02d" % number if name is None else name,
        "status": status,
        "server_group_id": server_group_id,
        "image_ref": {"id": "img-1", "image_type": "gold"},
        "instance_id": "ecs-%d" % number,
        "authorize_accounts": [{"account": "u1", "account_type": "USER"}],
    }
    data.update(extra)
    return data


class FakeClient(object):
    """Stands in for list_image_servers_by_region: items per region, or an exception."""

    def __init__(self, fleets):
        self.fleets = fleets
        self.calls = []

    def __call__(self, settings_list, filters=None, warn=None):
        self.calls.append((settings_list, filters))
        results = []
        for settings in settings_list:
            # A fleet listed through an agency is keyed "region@account".
            fleet = self.fleets["%s@%s" % (settings.region, settings.agency[1]) if settings.agency else settings.region]
            if isinstance(fleet, Exception):
                results.append((settings, fleet))
            else:
                project = settings.project_id or "discovered-%s" % settings.region
                results.append((settings, ListResult(list(fleet), len(fleet), settings.region, project, agency=settings.agency)))
        return results


class Warnings(list):
    def warning(self, message, *args, **kwargs):
        self.append(message)

    def __getattr__(self, name):  # vvv, debug, ...: ignored
        return lambda *args, **kwargs: None


@pytest.fixture
def fleets(monkeypatch):
    fake = FakeClient({"cn-north-4": [server(1), server(2, status="ERROR", server_group_id="sg-2"), server(3)]})
    monkeypatch.setattr(image_servers, "list_image_servers_by_region", fake)
    return fake


@pytest.fixture
def run(tmp_path):
    def parse(extra=None, cache=True, file_name="test.image_servers.yml", drop=()):
        config = dict(BASE, **(extra or {}))
        for key in drop:
            del config[key]
        path = tmp_path / file_name
        path.write_text(json.dumps(config))
        inventory = InventoryData()
        plugin = inventory_loader.get(NAME)
        plugin.display = Warnings()
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        if plugin.get_option("cache"):  # what the inventory manager does after parse
            plugin.update_cache_if_changed()
        return inventory, plugin

    return parse


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


def group_names(inventory):
    return sorted(set(inventory.groups) - set(("all", "ungrouped")))


class TestVerifyFile(object):
    @pytest.mark.parametrize(
        "name, wanted",
        [
            ("a.image_servers.yml", True),
            ("image_servers.yaml", True),
            ("a.image_servers.json", False),
            ("hosts.yml", False),
            ("image_servers.yml.bak", False),
        ],
    )
    def test_file_names(self, tmp_path, name, wanted):
        path = tmp_path / name
        path.write_text("plugin: %s\n" % NAME)
        assert inventory_loader.get(NAME).verify_file(str(path)) is wanted

    def test_other_plugin_is_refused(self, tmp_path):
        path = tmp_path / "a.image_servers.yml"
        path.write_text("plugin: amazon.aws.aws_ec2\n")
        assert inventory_loader.get(NAME).verify_file(str(path)) is False

    def test_missing_file(self, tmp_path):
        assert inventory_loader.get(NAME).verify_file(str(tmp_path / "x.image_servers.yml")) is False


class TestHostsAndGroups(object):
    def test_default_groups_and_members(self, run, fleets):
        inventory, dummy = run()
        assert group_names(inventory) == ["server_group_sg_1", "server_group_sg_2", "status_active", "status_error"]
        assert members(inventory, "status_active") == ["srv-01", "srv-03"]
        assert members(inventory, "status_error") == ["srv-02"]
        assert members(inventory, "server_group_sg_1") == ["srv-01", "srv-03"]

    def test_hostvars_with_prefix_region_and_project(self, run, fleets):
        inventory, dummy = run()
        variables = inventory.get_host("srv-01").get_vars()
        assert variables["wks_id"] == "1001" and variables["wks_status"] == "ACTIVE"
        assert variables["wks_image_ref"] == {"id": "img-1", "image_type": "gold"}
        assert variables["wks_region"] == "cn-north-4"
        assert variables["wks_project_id"] == "discovered-cn-north-4"
        assert "name" not in variables and "wks_name" in variables

    def test_prefix_and_suffix(self, run, fleets):
        inventory, dummy = run({"hostvars_prefix": "hw_", "hostvars_suffix": "_v"})
        assert inventory.get_host("srv-01").get_vars()["hw_status_v"] == "ACTIVE"

    def test_groups_switch_off(self, run, fleets):
        inventory, dummy = run({"group_by_status": False, "group_by_server_group": False})
        assert group_names(inventory) == []
        assert len(inventory.hosts) == 3

    def test_null_status_and_no_server_group(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, status=None, server_group_id="")]
        inventory, dummy = run()
        assert group_names(inventory) == ["status_null"]

    @pytest.mark.parametrize("option", ["statuses", "status"])  # status: the module's 1.0.0 name, an alias
    def test_status_restriction(self, run, fleets, option):
        fleets.fleets["cn-north-4"].append(server(4, status=None))
        inventory, dummy = run({option: ["ERROR", "NULL"]})
        assert sorted(inventory.hosts) == ["srv-02", "srv-04"]

    def test_keyed_groups_reproduce_default_groups(self, run, fleets):
        fleets.fleets["cn-north-4"].append(server(4, status=None, server_group_id=""))
        default, dummy = run()
        keyed, dummy = run(
            {
                "group_by_status": False,
                "group_by_server_group": False,
                "keyed_groups": [
                    {"prefix": "status", "key": "(wks_status or 'null') | lower"},
                    {"prefix": "server_group", "key": "wks_server_group_id"},
                ],
            }
        )
        assert group_names(keyed) == group_names(default)
        for group in group_names(default):
            assert members(keyed, group) == members(default, group)

    def test_compose_and_groups(self, run, fleets):
        inventory, dummy = run({"compose": {"image_type": "wks_image_ref.image_type"}, "groups": {"broken": "wks_status == 'ERROR'"}})
        assert inventory.get_host("srv-01").get_vars()["image_type"] == "gold"
        assert members(inventory, "broken") == ["srv-02"]

    def test_strict_compose_error_fails(self, run, fleets):
        with pytest.raises(Exception, match="no_such_var"):
            run({"strict": True, "compose": {"x": "no_such_var.attr"}})

    def test_constructed_features_skipped_when_not_configured(self, run, fleets, monkeypatch):
        def boom(*args, **kwargs):
            raise AssertionError("constructed helper called without configuration")

        for helper in ("_set_composite_vars", "_add_host_to_composed_groups", "_add_host_to_keyed_groups"):
            monkeypatch.setattr(image_servers.InventoryModule, helper, boom)
        run()


class TestHostnames(object):
    def test_duplicates_renamed_with_one_warning(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="web"), server(2, name="web"), server(3, name="db")]
        inventory, plugin = run()
        assert sorted(inventory.hosts) == ["db", "web_1001", "web_1002"]
        assert len([w for w in plugin.display if "renamed" in w]) == 1

    def test_host_named_like_a_group_or_all_is_renamed(self, run, fleets):
        fleets.fleets["cn-north-4"] = [server(1, name="all"), server(2, name="status_active")]
        inventory, dummy = run()
        assert sorted(inventory.hosts) == ["all_1001", "status_active_1002"]
        assert "wks_id" not in inventory.groups["all"].get_vars()

    def test_template_hostnames(self, run, fleets):
        inventory, dummy = run({"hostnames": ["{{ wks_name }}.{{ wks_region }}"]})
        assert sorted(inventory.hosts) == ["srv-01.cn-north-4", "srv-02.cn-north-4", "srv-03.cn-north-4"]

    def test_preference_order(self, run, fleets):
        fleets.fleets["cn-north-4"][1]["instance_id"] = ""
        inventory, dummy = run({"hostnames": ["instance_id", "name"]})
        assert sorted(inventory.hosts) == ["ecs-1", "ecs-3", "srv-02"]

    def test_entry_empty_for_every_host_is_an_error(self, run, fleets):
        with pytest.raises(AnsibleParserError, match="hostnames entry .*wks_nope"):
            run({"hostnames": ["{{ wks_nope | default('') }}", "id"]})

    def test_misspelt_field_is_an_error(self, run, fleets):
        with pytest.raises(AnsibleParserError, match="'nmae' is not a field"):
            run({"hostnames": ["nmae"]})


class TestUntrusted(object):
    """API data, host names included, must never be rendered as a template."""

    def test_values_and_names_stay_literal(self, run, fleets):
        hostile = "{{ 7 * 6 }}"
        fleets.fleets["cn-north-4"] = [server(1, name=hostile, description="{{ 6 * 7 }}")]
        inventory, dummy = run()
        host = inventory.get_host(hostile)
        variables = host.get_vars()
        templar = Templar(loader=DataLoader(), variables=variables)
        assert templar.template(trust_as_template("{{ wks_name }}")) == hostile
        assert templar.template(trust_as_template("{{ wks_description }}")) == "{{ 6 * 7 }}"
        for value in (host.name, variables["wks_name"], variables["wks_authorize_accounts"][0]["account"]):
            assert is_untrusted(value)


class TestOptions(object):
    def test_templated_secret_and_literal_values(self, run, fleets, monkeypatch):
        monkeypatch.setenv("UNIT_SK", SECRET)
        run({"secret_key": "{{ lookup('env', 'UNIT_SK') }}", "access_key": "AK{%raw%}"})
        settings = fleets.calls[0][0][0]
        assert settings.secret_key == SECRET
        assert settings.access_key == "AK{%raw%}"

    def test_environment_fallbacks(self, run, fleets, monkeypatch):
        monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "fromEnvironment{{ x }}")
        run(drop=["secret_key"])
        assert fleets.calls[0][0][0].secret_key == "fromEnvironment{{ x }}"  # env values are never templated

    def test_option_in_the_file_wins_over_the_environment(self, run, fleets, monkeypatch):
        monkeypatch.setenv("HW_REGION_NAME", "cn-east-3")
        monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "fromEnvironment")
        run()
        assert fleets.calls[0][0][0].region == "cn-north-4" and fleets.calls[0][0][0].secret_key == SECRET

    @pytest.mark.parametrize(
        "option, variables",
        [
            ("project_id", ("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID")),
            ("iam_endpoint", ("HUAWEICLOUD_SDK_IAM_ENDPOINT", "HW_AUTH_URL")),
            ("secret_key", ("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY")),
        ],
    )
    def test_the_first_environment_variable_of_an_option_wins(self, run, fleets, monkeypatch, option, variables):
        """As in modules (env_fallback): the SDK's variable before the Terraform provider's."""
        first, second = variables
        monkeypatch.setenv(second, "http://127.0.0.1:2")
        run(drop=[option] if option in BASE else ())
        assert getattr(fleets.calls[-1][0][0], option) == "http://127.0.0.1:2"
        monkeypatch.setenv(first, "http://127.0.0.1:1")
        run(drop=[option] if option in BASE else ())
        assert getattr(fleets.calls[-1][0][0], option) == "http://127.0.0.1:1"

    def test_region_from_the_environment(self, run, fleets, monkeypatch):
        fleets.fleets["ap-southeast-1"] = [server(1)]
        monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-1")
        run(drop=["region"])
        assert fleets.calls[0][0][0].region == "ap-southeast-1"

    def test_unknown_option(self, run, fleets):
        with pytest.raises(AnsibleParserError, match="unknown option.*regoins"):
            run({"regoins": ["cn-north-4"]})

    def test_aliases_are_known(self, run, fleets):
        run({"sk": SECRET}, drop=["secret_key"])
        assert fleets.calls[0][0][0].secret_key == SECRET

    @pytest.mark.parametrize(
        "extra, fragment",
        [
            ({"filters": {"status": "ACTIVE"}}, "unknown filter"),
            ({"filters": {"server_name": ["a", "b"]}}, "filters.server_name must be a string"),
            ({"regions": [{"name": "cn-north-4"}]}, "regions entries take the keys"),
            ({"regions": ["cn-north-4", "cn-north-4"]}, "twice"),
            ({"regions": [""]}, "each regions entry"),
            ({"hostvars_prefix": "wks-"}, "hostvars_prefix"),
            ({"statuses": ["RUNNING"]}, "RUNNING.*statuses"),
            ({"region": None}, "region is required"),
            ({"hostnames": []}, "hostnames must list"),
            ({"region_errors": "ignore"}, "region_errors"),
        ],
    )
    def test_bad_options(self, run, fleets, extra, fragment):
        with pytest.raises(AnsibleError, match=fragment):
            run(extra)
        assert not fleets.calls

    def test_filters_passed_to_the_client(self, run, fleets):
        run({"filters": {"server_name": "srv", "server_id": None, "enterprise_project_id": 0}})
        assert fleets.calls[0][1] == {"server_name": "srv", "enterprise_project_id": "0"}


class TestRegions(object):
    @pytest.fixture
    def two(self, fleets):
        fleets.fleets["cn-east-3"] = [server(1), server(9, status="BUILT")]
        return fleets

    def test_two_regions_group_by_region_and_ignore_global_project(self, run, two):
        inventory, plugin = run({"regions": ["cn-north-4", {"region": "cn-east-3", "project_id": "p-east"}], "project_id": "p-global"})
        settings = two.calls[0][0]
        assert [(s.region, s.project_id) for s in settings] == [("cn-north-4", None), ("cn-east-3", "p-east")]
        assert members(inventory, "region_cn_east_3") == ["srv-01_1001_cn-east-3", "srv-09"]
        assert members(inventory, "region_cn_north_4") == ["srv-01_1001", "srv-02", "srv-03"]
        assert any("project_id" in warning and "ignored" in warning for warning in plugin.display)

    def test_single_region_has_no_region_group_and_keeps_project_id(self, run, fleets):
        inventory, dummy = run({"regions": ["cn-north-4"], "project_id": "p-global"})
        assert not [group for group in inventory.groups if group.startswith("region_")]
        assert fleets.calls[0][0][0].project_id == "p-global"

    def test_failing_region_fails_by_default(self, run, two):
        two.fleets["cn-east-3"] = WorkspaceApiError("request failed", status=503, error_code="APIGW.0613", request_id="req-1")
        with pytest.raises(AnsibleParserError) as caught:
            run({"regions": ["cn-north-4", "cn-east-3"]})
        message = str(caught.value)
        assert "region cn-east-3" in message and "APIGW.0613" in message and "req-1" in message

    def test_failing_region_warns_when_asked(self, run, two):
        two.fleets["cn-east-3"] = WorkspaceApiError("request failed", status=503)
        inventory, plugin = run({"regions": ["cn-north-4", "cn-east-3"], "region_errors": "warn"})
        assert sorted(inventory.hosts) == ["srv-01", "srv-02", "srv-03"]
        assert [w for w in plugin.display if "skipped region cn-east-3" in w]
        assert members(inventory, "region_cn_north_4") == ["srv-01", "srv-02", "srv-03"]

    def test_every_region_failing_fails_even_with_warn(self, run, two):
        for region in ("cn-north-4", "cn-east-3"):
            two.fleets[region] = WorkspaceApiError("request failed", status=401)
        with pytest.raises(AnsibleParserError, match="every region failed"):
            run({"regions": ["cn-north-4", "cn-east-3"], "region_errors": "warn"})

    def test_config_error_always_fails(self, run, two):
        two.fleets["cn-east-3"] = WorkspaceConfigError("No credentials were given", option="access_key")
        with pytest.raises(AnsibleParserError, match="No credentials"):
            run({"regions": ["cn-north-4", "cn-east-3"], "region_errors": "warn"})


class TestCache(object):
    @pytest.fixture
    def cached(self, tmp_path):
        return {"cache": True, "cache_plugin": "jsonfile", "cache_connection": str(tmp_path / "cache")}

    def test_warm_cache_makes_no_request_and_holds_no_secret(self, run, fleets, cached, tmp_path):
        first, dummy = run(cached)
        second, dummy = run(cached)
        assert len(fleets.calls) == 1
        assert sorted(second.hosts) == sorted(first.hosts)
        files = list((tmp_path / "cache").iterdir())
        assert len(files) == 1
        text = files[0].read_text()
        assert SECRET not in text and "srv-01" in text

    def test_flush_cache_refetches(self, run, fleets, cached):
        run(cached)
        run(cached, cache=False)
        assert len(fleets.calls) == 2

    def test_changed_query_is_not_served_from_cache(self, run, fleets, cached):
        run(cached)
        run(dict(cached, filters={"server_name": "srv-02"}))
        run(dict(cached, statuses=["ACTIVE"]))
        run(dict(cached, endpoint="http://127.0.0.1:10"))
        assert len(fleets.calls) == 4

    def test_cache_key_never_holds_secrets(self, run, fleets, cached):
        dummy, plugin = run(cached)
        settings = fleets.calls[0][0]
        key = plugin._cache_key("/x.image_servers.yml", settings, {}, frozenset())
        assert SECRET not in key
        settings[0].secret_key = "another-secret"
        assert plugin._cache_key("/x.image_servers.yml", settings, {}, frozenset()) == key
        settings[0].access_key = "ANOTHERACCESSKEY"
        assert plugin._cache_key("/x.image_servers.yml", settings, {}, frozenset()) != key

    def test_partial_result_is_not_cached(self, run, fleets, cached):
        fleets.fleets["cn-east-3"] = WorkspaceApiError("request failed", status=503)
        config = dict(cached, regions=["cn-north-4", "cn-east-3"], region_errors="warn")
        run(config)
        run(config)
        assert len(fleets.calls) == 2

    def test_status_restriction_applies_to_cached_data(self, run, fleets, cached):
        run(cached)
        inventory, dummy = run(dict(cached, statuses=["ERROR"]))
        assert sorted(inventory.hosts) == ["srv-02"]


class TestAgencies(object):
    """Several accounts in one inventory, each regions entry through its own agency."""

    @pytest.fixture
    def accounts(self, fleets):
        fleets.fleets["cn-north-4@acct-b"] = [server(7, name="b-07")]
        fleets.fleets["cn-north-4@acct-c-id"] = [server(8, name="c-08")]
        return fleets

    REGIONS = [
        "cn-north-4",
        {"region": "cn-north-4", "agency_name": "ops", "agency_domain_name": "acct-b"},
        {"region": "cn-north-4", "agency_name": "ops", "agency_domain_id": "acct-c-id"},
    ]

    def test_an_agency_per_entry_and_hostvars_name_the_account(self, run, accounts):
        inventory, dummy = run({"regions": self.REGIONS})
        settings = accounts.calls[0][0]
        assert [s.agency for s in settings] == [None, ("ops", "acct-b"), ("ops", "acct-c-id")]
        assert sorted(inventory.hosts) == ["b-07", "c-08", "srv-01", "srv-02", "srv-03"]
        b_vars = inventory.get_host("b-07").get_vars()
        assert (b_vars["wks_account"], b_vars["wks_agency"]) == ("acct-b", "ops")
        assert inventory.get_host("c-08").get_vars()["wks_account"] == "acct-c-id"
        assert "wks_account" not in inventory.get_host("srv-01").get_vars()

    def test_entry_agency_replaces_the_top_level_one(self, run, accounts):
        accounts.fleets["cn-north-4@acct-top"] = [server(9)]
        run({"regions": ["cn-north-4", self.REGIONS[1]], "agency_name": "top", "agency_domain_name": "acct-top"})
        assert [s.agency for s in accounts.calls[0][0]] == [("top", "acct-top"), ("ops", "acct-b")]

    def test_an_account_that_refuses_the_agency_is_skipped_with_warn(self, run, accounts):
        accounts.fleets["cn-north-4@acct-b"] = WorkspaceApiError(
            "could not get temporary credentials for agency ops of account acct-b: request failed", status=403
        )
        inventory, plugin = run({"regions": self.REGIONS, "region_errors": "warn"})
        assert "b-07" not in inventory.hosts and "c-08" in inventory.hosts
        assert [w for w in plugin.display if "agency ops of account acct-b" in w and "HTTP 403" in w]

    @pytest.mark.parametrize(
        "entry,problem",
        [
            ({"region": "cn-north-4", "agency_domain_name": "x"}, "no agency_name"),
            ({"region": "cn-north-4", "agency_name": "ops"}, "exactly one of agency_domain_name"),
            ({"region": "cn-north-4", "agency": "ops"}, "got agency"),
        ],
    )
    def test_bad_agency_entries_fail_before_any_request(self, run, accounts, entry, problem):
        with pytest.raises(AnsibleParserError, match=problem):
            run({"regions": [entry]})
        assert not accounts.calls

    def test_the_same_region_twice_through_one_agency_is_refused(self, run, accounts):
        with pytest.raises(AnsibleParserError, match="twice"):
            run({"regions": [self.REGIONS[1], self.REGIONS[1]]})

    def test_cache_key_includes_the_agency(self, run, accounts, tmp_path):
        cached = {"cache": True, "cache_plugin": "jsonfile", "cache_connection": str(tmp_path / "cache")}
        run(dict(cached, regions=self.REGIONS[:2]))
        run(dict(cached, regions=self.REGIONS[:2]))
        assert len(accounts.calls) == 1
        run(dict(cached, regions=[self.REGIONS[0], dict(self.REGIONS[1], agency_domain_name="acct-c-id")]))
        assert len(accounts.calls) == 2
        warm, dummy = run(dict(cached, regions=self.REGIONS[:2]))
        assert len(accounts.calls) == 2 and warm.get_host("b-07").get_vars()["wks_account"] == "acct-b"
