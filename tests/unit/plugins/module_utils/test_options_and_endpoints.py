# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils.basic import env_fallback

from ansible_collections.huaweicloud.workspace.plugins.module_utils._endpoints import WORKSPACE_APP_ENDPOINTS, iam_endpoint, workspace_endpoint
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import (
    CONNECTION_OPTIONS,
    ConnectionSettings,
    check_filter_names,
    connection_argument_spec,
)


@pytest.mark.parametrize(
    "region,host",
    [
        ("cn-north-4", "https://appstream.cn-north-4.myhuaweicloud.com"),
        ("cn-southwest-2", "https://appstream.cn-southwest-2.myhuaweicloud.com"),
        ("ap-southeast-1", "https://workspace.ap-southeast-1.myhuaweicloud.com"),
        ("cn-north-11", "https://workspace.cn-north-11.myhuaweicloud.com"),
    ],
)
def test_region_endpoints(region, host):
    assert workspace_endpoint(region) == host


def test_seventeen_regions_are_known():
    assert len(WORKSPACE_APP_ENDPOINTS) == 17


def test_unknown_region_lists_known_regions_and_the_way_out():
    with pytest.raises(WorkspaceConfigError) as caught:
        workspace_endpoint("xx-mars-1")
    message = str(caught.value)
    assert "xx-mars-1" in message and "cn-north-4" in message and "tr-west-1" in message and "endpoint" in message
    assert caught.value.option == "region"


def test_unknown_region_is_fine_with_an_endpoint_override():
    assert workspace_endpoint("xx-mars-1", "http://127.0.0.1:8080/") == "http://127.0.0.1:8080"


@pytest.mark.parametrize("bad", ["127.0.0.1:8080", "ftp://host", "http://", "not a url", "http://h:99999", "http://h/?q=1"])
def test_endpoint_must_be_an_http_url(bad):
    with pytest.raises(WorkspaceConfigError, match="endpoint must"):
        workspace_endpoint("cn-north-4", bad)


@pytest.mark.parametrize(
    "region,expected",
    [
        ("cn-north-4", "https://iam.cn-north-4.myhuaweicloud.com"),
        ("ap-southeast-3", "https://iam.ap-southeast-3.myhuaweicloud.com"),
        ("cn-north-11", "https://iam.myhuaweicloud.com"),
        ("af-north-1", "https://iam.myhuaweicloud.com"),
    ],
)
def test_iam_endpoint_per_region(region, expected):
    assert iam_endpoint(region) == expected


@pytest.mark.parametrize("given", ["http://127.0.0.1:5000", "http://127.0.0.1:5000/", "http://127.0.0.1:5000/v3", "http://127.0.0.1:5000/v3/"])
def test_iam_endpoint_with_or_without_v3(given):
    assert iam_endpoint("cn-north-4", given) == "http://127.0.0.1:5000"


def test_argument_spec_has_env_fallbacks_in_documented_order_and_no_log():
    spec = connection_argument_spec()
    assert spec["secret_key"]["fallback"] == (env_fallback, ["HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"])
    assert spec["access_key"]["aliases"] == ["ak"] and spec["secret_key"]["aliases"] == ["sk"]
    assert all(spec[name].get("no_log") for name in ("secret_key", "security_token", "auth_token", "password"))
    assert not spec["access_key"].get("no_log")
    assert spec["validate_certs"]["default"] is True and spec["retries"]["default"] == 5
    assert spec["timeout"]["default"] == 30


def test_doc_fragment_documents_exactly_the_shared_options():
    import yaml
    from ansible_collections.huaweicloud.workspace.plugins.doc_fragments.connection import ModuleDocFragment

    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert set(documented) == set(CONNECTION_OPTIONS)
    for name, (type_name, env_vars, dummy, dummy2, aliases) in CONNECTION_OPTIONS.items():
        assert documented[name]["type"] == type_name
        assert documented[name].get("aliases", []) == list(aliases)
        text = " ".join(documented[name]["description"])
        assert all(var in text for var in env_vars), name


def test_plugins_fragment_declares_the_tables_environment_variables():
    """The inventory's env: entries (for Ansible's config manager, where the LAST variable set wins)
    are the table's variables in reverse order, so that the first one of the table wins as in modules."""
    import yaml
    from ansible_collections.huaweicloud.workspace.plugins.doc_fragments.connection import ModuleDocFragment

    declared = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert set(declared) <= set(documented)
    for name, (dummy, env_vars, dummy2, dummy3, dummy4) in CONNECTION_OPTIONS.items():
        entries = declared.get(name, {}).get("env", [])
        assert [entry["name"] for entry in entries] == list(reversed(env_vars)), name
    for name, declaration in declared.items():
        assert set(declaration) == {"env"}, "the PLUGINS fragment only adds env: entries (%s)" % name


def test_doc_fragment_defaults_are_the_tables():
    import yaml
    from ansible_collections.huaweicloud.workspace.plugins.doc_fragments.connection import ModuleDocFragment

    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    for name, (dummy, dummy2, default, dummy3, dummy4) in CONNECTION_OPTIONS.items():
        assert documented[name].get("default") == default, name


def test_settings_do_not_read_the_environment(monkeypatch):
    """Environment variables are applied once, by AnsibleModule or by the config manager."""
    monkeypatch.setenv("HW_REGION_NAME", "ap-southeast-1")
    with pytest.raises(WorkspaceConfigError, match="region is required"):
        ConnectionSettings.from_options({})


def test_unset_options_take_the_tables_defaults():
    settings = ConnectionSettings.from_options({"region": "ap-southeast-1", "timeout": None, "retries": ""})
    assert settings.endpoint == "https://workspace.ap-southeast-1.myhuaweicloud.com"
    assert settings.iam_endpoint == "https://iam.ap-southeast-1.myhuaweicloud.com"
    assert settings.tls_verify is True and settings.retries == 5 and settings.timeout == 30.0


def test_unknown_filter_names_are_named_with_the_allowed_ones():
    check_filter_names({"server_name": "a", "server_id": None, "enterprise_project_id": "0"})
    with pytest.raises(WorkspaceConfigError, match="unknown filter.s. status, zone; allowed filters: server_name, server_id, enterprise_project_id") as caught:
        check_filter_names({"zone": "x", "status": "ACTIVE", "server_name": "a"})
    assert caught.value.option == "filters"


def test_region_is_required():
    with pytest.raises(WorkspaceConfigError, match="region is required.*HW_REGION_NAME"):
        ConnectionSettings.from_options({})


@pytest.mark.parametrize(
    "name,value,allowed",
    [
        ("timeout", 0, "a number between 0.1 and 86400"),
        ("timeout", "abc", "a number between"),
        ("timeout", float("nan"), "a number between"),
        ("timeout", "nan", "a number between"),
        ("timeout", float("inf"), "a number between"),
        ("timeout", "-inf", "a number between"),
        ("timeout", -1, "a number between"),
        ("timeout", 1e300, "a number between"),
        ("timeout", True, "a number"),
        ("retries", -1, "an integer between 0 and 20"),
        ("retries", 21, "an integer between 0 and 20"),
        ("retries", 1.5, "an integer between"),
        ("retries", "nan", "an integer"),
        ("retries", float("inf"), "an integer"),
        ("retries", 10**400, "an integer"),
        ("concurrency", 0, "an integer between 1 and 64"),
        ("concurrency", "-inf", "an integer"),
        ("max_response_size", 0, "an integer between 1 and 1024"),
        ("max_response_size", float("nan"), "an integer"),
        ("max_response_size", 1025, "an integer"),
    ],
)
def test_numbers_are_range_checked(name, value, allowed):
    with pytest.raises(WorkspaceConfigError, match="^%s must be %s" % (name, allowed)) as caught:
        ConnectionSettings.from_options({"region": "cn-north-4", name: value})
    assert caught.value.option == name


def test_whole_numbers_given_as_floats_or_strings_are_accepted():
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "retries": 3.0, "concurrency": "8", "max_response_size": "64", "timeout": "2.5"})
    assert (settings.retries, settings.concurrency, settings.max_response_size, settings.timeout) == (3, 8, 64, 2.5)
    assert isinstance(settings.retries, int) and isinstance(settings.max_response_size, int)


def test_secrets_are_used_as_given_other_text_is_trimmed():
    settings = ConnectionSettings.from_options(
        {"region": " cn-north-4 ", "user_name": " u ", "password": "  pass word  ", "domain_name": "d", "secret_key": " sk ", "access_key": " ak "}
    )
    assert settings.password == "  pass word  " and settings.secret_key == " sk "
    assert settings.region == "cn-north-4" and settings.user_name == "u" and settings.access_key == "ak"


@pytest.mark.parametrize("option", ["endpoint", "iam_endpoint", "proxy"])
@pytest.mark.parametrize("url", ["https://someone:s3cr3t@host.example", "https://someone@host.example:8443", "http://:s3cr3t@127.0.0.1:1"])
def test_user_info_in_a_url_option_is_rejected_naming_the_option(option, url):
    with pytest.raises(WorkspaceConfigError, match="^%s must not contain" % option) as caught:
        ConnectionSettings.from_options({"region": "cn-north-4", option: url})
    assert caught.value.option == option
    assert "someone" not in str(caught.value) and "s3cr3t" not in str(caught.value)


def test_proxy_option_is_validated():
    settings = ConnectionSettings.from_options({"region": "cn-north-4", "proxy": "http://127.0.0.1:3128/"})
    assert settings.proxy == "http://127.0.0.1:3128"
    with pytest.raises(WorkspaceConfigError, match="^proxy must be an http"):
        ConnectionSettings.from_options({"region": "cn-north-4", "proxy": "socks9://x"})


def test_tls_settings(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("pem")
    assert ConnectionSettings.from_options({"region": "cn-north-4", "ca_cert": str(bundle)}).tls_verify == str(bundle)
    assert ConnectionSettings.from_options({"region": "cn-north-4", "validate_certs": False}).tls_verify is False
    with pytest.raises(WorkspaceConfigError, match="ca_cert must be the path of a readable PEM file"):
        ConnectionSettings.from_options({"region": "cn-north-4", "ca_cert": str(tmp_path / "missing.pem")})


def test_repr_hides_secrets():
    settings = ConnectionSettings.from_options(
        {
            "region": "cn-north-4",
            "access_key": "AK1",
            "secret_key": "SECRET-SK",
            "security_token": "SECRET-ST",
            "auth_token": "SECRET-TOKEN",
            "password": "SECRET-PW",
        }
    )
    assert "SECRET" not in repr(settings) and "AK1" in repr(settings)
