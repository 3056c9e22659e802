# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleet generation and filtered views, in process."""

import json

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator import fleet


def test_generation_is_deterministic_and_seed_dependent():
    assert fleet.generate_fleet(50, "1:cn-north-4") == fleet.generate_fleet(50, "1:cn-north-4")
    assert fleet.generate_fleet(50, "1:cn-north-4") != fleet.generate_fleet(50, "1:cn-east-3")


@pytest.mark.parametrize("count", [7, 8, 100, 1000])
def test_every_status_image_type_and_default_project_occur(count):
    items = fleet.generate_fleet(count, count)
    assert {i["status"] for i in items} == set(fleet.STATUSES)
    if count >= len(fleet.IMAGE_TYPES):
        assert {i["image_ref"]["image_type"] for i in items} == set(fleet.IMAGE_TYPES)
    assert "0" in {i["enterprise_project_id"] for i in items}


def test_large_fleet_has_unique_ids_and_names():
    items = fleet.generate_fleet(100000, 42)
    assert len({i["id"] for i in items}) == 100000
    assert items[-1]["name"] == "img-srv-100000"
    # 2,000 server groups, and "" for the servers that belong to none.
    assert len({i["server_group_id"] for i in items}) == 2001
    assert json.loads(json.dumps(items[:3])) == items[:3]


def test_fleet_breaks_every_compliance_rule_somewhere():
    items = fleet.generate_fleet(240, "1:cn-north-4")
    newest = max(i["update_time"] for i in items)
    for status in fleet.STATUSES:
        # Every status has servers last updated more than a day before the newest update.
        assert any(i["status"] == status and i["update_time"][:10] < newest[:10] for i in items), status
    assert any(i["server_group_id"] == "" for i in items)
    assert any(i["authorize_accounts"] == [] for i in items)
    assert any(len(i["authorize_accounts"]) >= 2 for i in items)
    accounts = [account for i in items for account in i["authorize_accounts"]]
    assert len({account["domain"] for account in accounts}) >= 4
    assert {account["account_type"] for account in accounts} == {"USER", "USER_GROUP"}
    assert "guest" in {account["account"] for account in accounts}
    projects = {i["enterprise_project_id"] for i in items}
    assert {"0", ""} < projects and len(projects) >= 4
    assert {i["image_ref"]["image_type"] for i in items} == set(fleet.IMAGE_TYPES)


def test_gold_images_carry_spec_and_product():
    for item in fleet.generate_fleet(300, 3):
        ref = item["image_ref"]
        assert bool(ref["spce_code"]) == bool(ref["product_id"]) == (ref["image_type"] == "gold")


def test_views_are_cached_and_drift_is_an_overlay():
    items = fleet.generate_fleet(40, 9)
    view = fleet.Fleet(items)
    assert view.view() is view.view()
    assert view.view(server_name="img-srv-0001") == items[9:19]
    view.shrink(5)
    view.grow(2, lambda number: fleet.extra_item("p", number))
    drifted = view.view()
    assert drifted[:35] == items[5:] and [i["name"] for i in drifted[35:]] == ["img-srv-new-00001", "img-srv-new-00002"]
    view.reset_drift()
    assert view.view() == items and len(items) == 40


def test_filters_on_loaded_data_tolerate_odd_items(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps([{"id": "1", "name": "a"}, "not an object", {"id": "2"}]), encoding="utf-8")
    items = fleet.load_data_file(str(path))
    view = fleet.Fleet(items)
    assert len(view.view()) == 3
    assert view.view(server_name="a") == [{"id": "1", "name": "a"}]
    assert view.view(server_id="2") == [{"id": "2"}]
    assert view.view(enterprise_project_id="0") == [{"id": "1", "name": "a"}, {"id": "2"}]


def test_load_data_file_rejects_other_shapes(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"servers": []}', encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        fleet.load_data_file(str(path))
    assert "items" in str(raised.value)
