# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the image_server_violations filter: the module's verdict, over hostvars too.

In a file of their own: ansible-test runs module tests where only module_utils can be imported,
and the filter raises ansible.errors.AnsibleFilterError.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.huaweicloud.workspace.plugins.filter.image_server_violations import FilterModule, image_server_violations
from ansible_collections.huaweicloud.workspace.tests.unit.plugins.modules.test_image_server_compliance import (  # noqa: F401 pylint: disable=unused-import
    FLEET,
    NOW,
    RULES,
    client_class,
    isolated,
    run,
)


def test_filter_gives_the_modules_verdict(client_class):
    exemptions = [{"id": FLEET[2]["id"], "reason": "being rebuilt", "rules": None, "name": None, "expires": None}]
    result = run({"rules": RULES, "exemptions": exemptions, "fail_on_violation": False}).result
    verdict = image_server_violations(copy.deepcopy(FLEET), RULES, exemptions, NOW)
    for key, value in verdict.items():
        assert result[key] == value, (key, result)
    assert FilterModule().filters()["image_server_violations"] is image_server_violations


def test_filter_strips_the_hostvars_prefix():
    hostvars = [dict(("wks_%s" % key, value) for key, value in item.items()) for item in FLEET]
    for host in hostvars:
        host.update(inventory_hostname="h", status="ERROR")  # not the server's: no prefix
    assert image_server_violations(hostvars, RULES, now=NOW, hostvars_prefix="wks_") == image_server_violations(FLEET, RULES, now=NOW)


@pytest.mark.parametrize(
    "data, rules, kwargs, text",
    [
        (FLEET, {"nope": 1}, {}, "image_server_violations: rules: unknown rule nope"),
        ("srv", RULES, {}, "must be a list of image servers"),
        ({"a": FLEET[0]}, RULES, {}, "must be a list of image servers"),
        (FLEET, RULES, {"hostvars_prefix": 1}, "hostvars_prefix must be a string"),
        (FLEET, RULES, {"exemptions": [{"id": "1"}]}, "exemptions[0].reason"),
    ],
)
def test_filter_errors(data, rules, kwargs, text):
    with pytest.raises(AnsibleFilterError) as caught:
        image_server_violations(data, rules, **kwargs)
    assert text in str(caught.value)
