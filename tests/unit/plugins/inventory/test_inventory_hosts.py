# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_cache import cache_entry, cached_regions, query_digest
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import (
    MAGIC_VARIABLES,
    HostnameChooser,
    HostvarNames,
    check_affixes,
    describe_collisions,
    disambiguate,
    host_variables,
    region_group,
    safe_name,
    safe_text,
    server_group_group,
    status_group,
)
from ansible_collections.huaweicloud.workspace.plugins.module_utils._summary import status_of


def item(**fields):
    base = {"id": "1", "name": "web", "status": "ACTIVE", "server_group_id": "sg-1", "image_ref": {"id": "img"}}
    base.update(fields)
    return base


@pytest.mark.parametrize(
    "status, group",
    [
        ("ACTIVE", "status_active"),
        ("ERROR", "status_error"),
        (None, "status_null"),
        ("", "status_null"),
        ("Building", "status_building"),
    ],
)
def test_status_group(status, group):
    assert status_group(item(status=status)) == group


def test_missing_status_is_null():
    assert status_of({"id": "1"}) == "NULL"


def test_server_group_group_skips_empty_and_odd_values():
    assert server_group_group(item(server_group_id="a-b")) == "server_group_a-b"
    for empty in (None, "", {}, []):
        assert server_group_group(item(server_group_id=empty)) is None
    assert region_group("cn-north-4") == "region_cn-north-4"


def test_hostvar_names_apply_affixes_and_make_odd_fields_usable():
    names = HostvarNames("wks_", "_x")
    assert names("name") == "wks_name_x"
    assert names("odd-field.name") == "wks_odd_field_name_x"
    assert HostvarNames("", "")("9lives") == "_9lives"


@pytest.mark.parametrize(
    "prefix, suffix, option",
    [
        ("wks-", "", "hostvars_prefix"),
        ("1x_", "", "hostvars_prefix"),
        ("{{ x }}", "", "hostvars_prefix"),
        ("wks_", "-a", "hostvars_suffix"),
    ],
)
def test_bad_affixes_name_the_option(prefix, suffix, option):
    with pytest.raises(WorkspaceConfigError) as caught:
        check_affixes(prefix, suffix)
    assert caught.value.option == option


def test_host_variables_mark_every_value_and_region_and_project_win():
    marked = []

    def mark(value):
        marked.append(value)
        return ("marked", value)

    variables = host_variables(item(region="fake"), "cn-north-4", "p1", HostvarNames("wks_", ""), mark)
    assert variables["wks_name"] == ("marked", "web")
    assert variables["wks_image_ref"] == ("marked", {"id": "img"})
    assert variables["wks_region"] == ("marked", "cn-north-4")
    assert variables["wks_project_id"] == ("marked", "p1")
    assert len(marked) == len(variables) + 1  # the API's own "region" was marked, then replaced


class TestHostnameChooser(object):
    def test_default_is_name_then_id(self):
        chooser = HostnameChooser(None)
        assert chooser.choose(item()) == "web"
        assert chooser.choose(item(name="")) == "1"
        assert chooser.choose(item(name=None, id=7)) == "7"
        chooser.check()
        assert chooser.fell_back_to_id == 0

    def test_dotted_path_and_numbers(self):
        chooser = HostnameChooser(["image_ref.id"])
        assert chooser.choose(item()) == "img"

    def test_non_text_values_fall_through(self):
        chooser = HostnameChooser(["name", "id"])
        for odd in (True, {}, [], {"a": 1}):
            assert chooser.choose(item(name=odd)) == "1"

    def test_template_only_rendered_when_earlier_entries_are_empty(self):
        rendered = []

        def render(entry, variables):
            rendered.append(entry)
            return "%s.example" % variables["wks_id"]

        chooser = HostnameChooser(["instance_id", "{{ wks_id }}.example"], render=render)
        assert chooser.choose(item(instance_id="ecs-1"), lambda: {"wks_id": "1"}) == "ecs-1"
        assert rendered == []
        assert chooser.choose(item(instance_id=""), lambda: {"wks_id": "1"}) == "1.example"
        assert rendered == ["{{ wks_id }}.example"]
        chooser.check()

    def test_rendered_whitespace_is_empty(self):
        chooser = HostnameChooser(["{{ x }}", "id"], render=lambda entry, variables: "  \n")
        assert chooser.choose(item(), lambda: {}) == "1"

    def test_all_entries_empty_falls_back_to_id_and_counts(self):
        chooser = HostnameChooser(["instance_id"])
        assert chooser.choose(item(instance_id="")) == "1"
        assert chooser.fell_back_to_id == 1
        chooser.check()  # the field exists, it is only empty: not a configuration error

    def test_misspelt_field_is_an_error_naming_the_entry(self):
        chooser = HostnameChooser(["nmae", "id"])
        chooser.choose(item())
        with pytest.raises(WorkspaceConfigError) as caught:
            chooser.check()
        assert "'nmae'" in str(caught.value) and caught.value.option == "hostnames"

    def test_prefixed_field_hints_at_templates(self):
        chooser = HostnameChooser(["wks_name"])
        chooser.choose(item())
        with pytest.raises(WorkspaceConfigError, match="without hostvars_prefix"):
            chooser.check()

    def test_template_failing_everywhere_is_an_error_with_its_message(self):
        def render(entry, variables):
            raise ValueError("'wks_nmae' is undefined")

        chooser = HostnameChooser(["{{ wks_nmae }}"], render=render)
        chooser.choose(item(), lambda: {})
        chooser.choose(item(id="2"), lambda: {})
        with pytest.raises(WorkspaceConfigError) as caught:
            chooser.check()
        message = str(caught.value)
        assert "{{ wks_nmae }}" in message and "2 image servers" in message and "undefined" in message

    def test_template_empty_everywhere_is_an_error(self):
        chooser = HostnameChooser(["{{ '' }}", "id"], render=lambda entry, variables: "")
        chooser.choose(item(), lambda: {})
        with pytest.raises(WorkspaceConfigError, match="rendered empty"):
            chooser.check()

    def test_entry_working_for_one_host_is_fine(self):
        chooser = HostnameChooser(["instance_id", "id"])
        chooser.choose(item(instance_id=""))
        chooser.choose(item(instance_id="ecs"))
        chooser.check()

    def test_untried_entries_are_not_judged(self):
        chooser = HostnameChooser(["name", "does_not_exist"])
        chooser.choose(item())
        chooser.check()

    @pytest.mark.parametrize("entries", [[], [""], ["  "], [3], [None]])
    def test_bad_entries(self, entries):
        with pytest.raises(WorkspaceConfigError) as caught:
            HostnameChooser(entries)
        assert caught.value.option == "hostnames"


class TestDisambiguate(object):
    def test_unique_names_unchanged(self):
        names, shared = disambiguate(["a", "b"], ["1", "2"], ["r", "r"])
        assert names == ["a", "b"] and shared == {}

    def test_every_colliding_host_gets_its_id(self):
        names, shared = disambiguate(["web", "db", "web", "web"], ["1", "2", "3", "4"], ["r"] * 4)
        assert names == ["web_1", "db", "web_3", "web_4"]
        assert shared == {"web": 3}

    def test_same_id_in_two_regions_gets_the_region(self):
        names, dummy = disambiguate(["web", "web"], ["1", "1"], ["cn-north-4", "cn-east-3"])
        assert names == ["web_1", "web_1_cn-east-3"]

    def test_hosts_named_by_id_get_the_region(self):
        names, dummy = disambiguate(["7", "7"], ["7", "7"], ["cn-north-4", "cn-east-3"])
        assert names == ["7_cn-north-4", "7_cn-east-3"]

    def test_renamed_host_never_takes_an_existing_name(self):
        names, dummy = disambiguate(["web", "web", "web_1"], ["1", "2", "3"], ["r"] * 3)
        assert names[2] == "web_1"
        assert names[0] == "web_1_r"
        assert len(set(names)) == 3

    def test_last_resort_counter(self):
        names, dummy = disambiguate(["x", "x", "x_1", "x_1_r"], ["1", "1", "9", "8"], ["r"] * 4)
        assert len(set(names)) == 4 and names[2:] == ["x_1", "x_1_r"]

    def test_reserved_and_group_names_are_renamed(self):
        names, shared = disambiguate(["all", "status_active", "ok"], ["1", "2", "3"], ["r"] * 3, reserved=frozenset(("all", "status_active")))
        assert names == ["all_1", "status_active_2", "ok"]
        assert shared == {"all": 1, "status_active": 1}

    def test_deterministic(self):
        args = (["a", "a", "b", "a"], ["3", "1", "2", "5"], ["r"] * 4)
        assert disambiguate(*args) == disambiguate(*args)

    def test_warning_text_counts_and_is_bounded(self):
        shared = dict(("n%d" % index, 2) for index in range(8))
        message = describe_collisions(shared)
        assert message.startswith("16 image servers share 8 hostnames")
        assert "and 3 more" in message


def test_query_digest_is_stable_and_sensitive():
    query = {"regions": [["cn-north-4", "https://e", "https://i", None]], "filters": [], "statuses": []}
    assert query_digest(query) == query_digest(dict(query))
    assert query_digest(query) != query_digest(dict(query, filters=[["server_name", "x"]]))


def test_cache_entry_round_trip_and_rejects_foreign_shapes():
    regions = [{"region": "cn-north-4", "project_id": "p", "items": [item()]}]
    assert cached_regions(cache_entry(regions)) == regions
    for foreign in (
        None,
        [],
        {"format": 99, "regions": regions},
        {"format": 1, "regions": "x"},
        {"format": 1, "regions": [{"region": "r"}]},
        {"format": 1, "regions": [[]]},
    ):
        assert cached_regions(foreign) is None


class TestSafeNames(object):
    @pytest.mark.parametrize(
        "raw, safe",
        [
            ("web-01", "web-01"),
            ("a b", "a b"),
            ("naïve", "naïve"),
            ("中文", "中文"),
            ("a\nb", "a_b"),
            ("a\r\nb", "a__b"),
            ("\x1b[31mred", "_[31mred"),
            ("nul\x00", "nul_"),
            ("del\x7f", "del_"),
            ("c1\x85\x9b", "c1__"),
            ("rtl\u202eevil", "rtl_evil"),
            ("zw\u200bj", "zw_j"),
            ("ls\u2028", "ls_"),
            ("nb\u00a0sp", "nb_sp"),
            ("lone\ud800", "lone_"),
            ("tab\t", "tab_"),
            ("-oProxyCommand=x", "_-oProxyCommand=x"),
            ("--", "_--"),
            ("\n-x", "_-x"),
            ("a-", "a-"),
        ],
    )
    def test_safe_name(self, raw, safe):
        assert safe_name(raw) == safe

    def test_safe_text_escapes_instead(self):
        assert safe_text("a\nb\x1b\u202e\ud800") == "a\\nb\\x1b\\u202e\\ud800"
        assert safe_text("plain text") == "plain text"
        assert safe_text(42) == "42"

    def test_chooser_returns_safe_names(self):
        chooser = HostnameChooser(None)
        assert chooser.choose(item(name="-x\n")) == "_-x_"
        assert chooser.choose(item(name="", id="\x1b9")) == "_9"
        assert chooser.choose(item(name=None, id=None)) == ""

    def test_template_error_is_kept_as_safe_text(self):
        def render(entry, variables):
            raise ValueError("bad\x1b[2Jvalue\n")

        chooser = HostnameChooser(["{{ x }}"], render=render)
        chooser.choose(item(), lambda: {})
        with pytest.raises(WorkspaceConfigError) as caught:
            chooser.check()
        assert str(caught.value).isprintable() and "bad\\x1b[2Jvalue\\n" in str(caught.value)


class TestReservedVariables(object):
    @pytest.mark.parametrize(
        "field",
        [
            "ansible_connection",
            "ansible_host",
            "ansible_python_interpreter",
            "ansible_ssh_common_args",
            "ansible_become_exe",
            "_ansible_ansiballz_debugpy_config",
            "inventory_hostname",
            "omit",
            "group_names",
            "groups",
            "hostvars",
            "playbook_dir",
            "environment",
            "vars",
            "lookup",
            "query",
            "ansible-host",
        ],
    )
    def test_reserved_fields_are_dropped_without_prefix(self, field):
        names = HostvarNames("", "")
        assert names(field) == ""
        variables = host_variables({field: "x", "name": "web"}, "r", "p", names)
        assert variables == {"name": "web", "region": "r", "project_id": "p"}
        assert names.dropped == {field: 1}

    def test_affixes_can_make_a_reserved_name(self):
        assert HostvarNames("role_", "")("name") == ""
        assert HostvarNames("inventory_", "")("dir") == ""
        assert HostvarNames("", "_names")("role") == ""
        assert HostvarNames("wks_", "")("ansible_connection") == "wks_ansible_connection"

    def test_reserved_names_can_be_extended(self):
        names = HostvarNames("", "", reserved=MAGIC_VARIABLES | frozenset(("custom_var",)))
        assert names("custom_var") == "" and names("ansible_x") == "" and names("name") == "name"

    @pytest.mark.parametrize("prefix", ["ansible_", "ansible_x_", "_ansible_"])
    def test_reserved_prefix_is_a_config_error(self, prefix):
        with pytest.raises(WorkspaceConfigError) as caught:
            HostvarNames(prefix, "")
        assert caught.value.option == "hostvars_prefix"

    def test_empty_field_still_gives_a_variable(self):
        assert HostvarNames("", "")("") == "_"

    def test_region_and_project_names_are_checked_too(self):
        names = HostvarNames("", "", reserved=frozenset(("region",)))
        assert host_variables({"id": "1"}, "r", "p", names) == {"id": "1", "project_id": "p"}

    def test_warning_counts_and_quotes_safe_text(self):
        names = HostvarNames("", "")
        for number in range(3):
            host_variables({"ansible_connection": "local", "omit": 1, "ansible_\nx": 2, "id": str(number)}, "r", "p", names)
        message = names.describe_dropped()
        assert message.startswith("dropped 9 host variables (3 distinct API fields)")
        assert message.isprintable() and "'ansible_\\nx' (3)" in message
        assert HostvarNames("", "").describe_dropped() is None


class TestDisambiguateHostileNames(object):
    def test_localhost_names_are_reserved(self):
        names, shared = disambiguate(["localhost", "127.0.0.1", "::1"], ["1", "2", "3"], ["r"] * 3)
        assert names == ["localhost_1", "127.0.0.1_2", "::1_3"] and len(shared) == 3

    def test_ids_and_regions_in_new_names_are_safe(self):
        names, dummy = disambiguate(["all", "all"], ["\n1", "\n1"], ["r\x1b", "r\x1b"])
        assert names == ["all__1", "all__1_r_"]
        assert all(name.isprintable() for name in names)

    def test_hosts_without_name_or_id_are_kept(self):
        names, dummy = disambiguate(["", ""], [None, {"odd": 1}], ["r", "r"])
        assert names == ["_r", "_r_2"]
