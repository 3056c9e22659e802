#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ansible-inventory with huaweicloud.workspace.image_servers against the emulator.
# Also runnable directly from this directory:
#   ANSIBLE_COLLECTIONS_PATH=/work/collections PATH=/work/venv/bin:$PATH ./runme.sh
set -eu -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source-path=SCRIPTDIR source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
FLEET="$PWD/files/fleet.json"
emulator_work_dir inventory_image_servers

# A warning for an unparsable source is not enough for a test (nor for AWX): fail instead.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
export ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers
export ANSIBLE_NOCOLOR=true

check() {  # check CASE OUTPUT [ARGUMENT]
    "$PYTHON" files/check_inventory.py "$@"
}

list() {  # list INVENTORY OUTPUT [ansible-inventory options]: must succeed
    local inventory="$1" output="$2"
    shift 2
    ansible-inventory -i "$inventory" --list "$@" >"$output" 2>"$output.stderr" ||
        fail_showing "$output.stderr" "ansible-inventory -i $inventory --list $*"
}

list_fails() {  # list_fails INVENTORY OUTPUT: must fail; stderr is kept in OUTPUT.stderr
    local inventory="$1" output="$2"
    if ansible-inventory -i "$inventory" --list >"$output" 2>"$output.stderr"; then
        fail_showing "$output.stderr" "ansible-inventory -i $inventory --list succeeded; it must fail"
    fi
}

echo "== one region, the fleet of files/fleet.json"
emulator_start --data "$FLEET"
emulator_export_credentials cn-north-4
SECRET_KEY="$HUAWEICLOUD_SDK_SK"
# shellcheck disable=SC2153 # exported by emulator_export_credentials
ACCESS_KEY="$HUAWEICLOUD_SDK_AK"

list inventories/default.image_servers.yml "$WORK/default.json"
check default "$WORK/default.json"
ansible-inventory -i inventories/default.image_servers.yml --graph >"$WORK/graph.txt"
check graph "$WORK/graph.txt"
list inventories/constructed.image_servers.yml "$WORK/constructed.json"
check constructed "$WORK/constructed.json"
list inventories/filtered.image_servers.yml "$WORK/filtered.json"
check filtered "$WORK/filtered.json"
expect_in "$EMULATOR_REQUEST_LOG" '"server_name": "web"' '"enterprise_project_id": "0"'
list inventories/statuses.image_servers.yml "$WORK/statuses.json"
check statuses "$WORK/statuses.json"

echo "== templated secret (lookup) and hostnames template over API data"
(
    export INTEGRATION_SECRET_KEY="$SECRET_KEY"
    unset HUAWEICLOUD_SDK_SK
    list inventories/templated.image_servers.yml "$WORK/templated.json"
)
check templated "$WORK/templated.json"

echo "== vaulted secret: in place, and from a vaulted extra vars file"
printf 'integration-vault-password\n' >"$WORK/vault-password"
{
    echo "plugin: huaweicloud.workspace.image_servers"
    (unset HUAWEICLOUD_SDK_SK && ansible-vault encrypt_string --vault-password-file "$WORK/vault-password" \
        --name secret_key "$SECRET_KEY")
} >"$WORK/vaulted.image_servers.yml"
(
    unset HUAWEICLOUD_SDK_SK
    list "$WORK/vaulted.image_servers.yml" "$WORK/vaulted.json" --vault-password-file "$WORK/vault-password"
)
check default "$WORK/vaulted.json"
(unset HUAWEICLOUD_SDK_SK && ansible-vault encrypt_string --vault-password-file "$WORK/vault-password" \
    --name vault_hw_secret_key "$SECRET_KEY") >"$WORK/secrets.yml"
printf 'plugin: huaweicloud.workspace.image_servers\nsecret_key: "{{ vault_hw_secret_key }}"\n' \
    >"$WORK/extra-vars.image_servers.yml"
(
    unset HUAWEICLOUD_SDK_SK
    list "$WORK/extra-vars.image_servers.yml" "$WORK/extra-vars.json" -e "@$WORK/secrets.yml" \
        --vault-password-file "$WORK/vault-password"
)
check default "$WORK/extra-vars.json"

echo "== API data is never templated, host names included"
ansible-playbook -i inventories/default.image_servers.yml files/hostile.yml >"$WORK/playbook.txt" 2>&1 ||
    fail_showing "$WORK/playbook.txt" "ansible-playbook files/hostile.yml"
expect_in "$WORK/playbook.txt" "\"msg\": \"{{ lookup('pipe', 'id') }}|{{ lookup('pipe', 'id') }}\""
expect_not_in "$WORK/playbook.txt" "uid="

echo "== cache: a warm cache makes no request; another query is not served from it"
export ANSIBLE_INVENTORY_CACHE_CONNECTION="$WORK/cache"
cp inventories/cached.image_servers.yml "$WORK/edited.image_servers.yml"
emulator_clear_requests
list inventories/cached.image_servers.yml "$WORK/cold.json"
cold_requests="$(emulator_requests_count)"
[[ "$cold_requests" -gt 0 ]] || fail "the cold run made no request"
list inventories/cached.image_servers.yml "$WORK/warm.json"
[[ "$(emulator_requests_count)" -eq "$cold_requests" ]] ||
    fail "the warm run made $(($(emulator_requests_count) - cold_requests)) requests"
check same "$WORK/warm.json" "$WORK/cold.json"
check default "$WORK/warm.json"
for cache_file in "$WORK"/cache/*; do
    expect_not_in "$cache_file" "$SECRET_KEY" "$ACCESS_KEY"
done
if ansible-inventory --help | grep -q -- --flush-cache; then  # ansible-core >= 2.17
    list inventories/cached.image_servers.yml "$WORK/flushed.json" --flush-cache
    [[ "$(emulator_requests_count)" -gt "$cold_requests" ]] || fail "--flush-cache made no request"
fi
list "$WORK/edited.image_servers.yml" "$WORK/edited-before.json"
printf 'filters:\n  server_name: web\n  enterprise_project_id: "0"\n' >>"$WORK/edited.image_servers.yml"
list "$WORK/edited.image_servers.yml" "$WORK/edited-after.json"
check filtered "$WORK/edited-after.json"
unset ANSIBLE_INVENTORY_CACHE_CONNECTION

echo "== wrong secret key: a clear error, and no secret in it"
(
    export HUAWEICLOUD_SDK_SK="wrongSecretKey00000000000000000000000000"
    list_fails inventories/default.image_servers.yml "$WORK/wrong-sk.json"
)
expect_in "$WORK/wrong-sk.json.stderr" "HTTP 401" "APIGW.0301" "request_id="
expect_not_in "$WORK/wrong-sk.json.stderr" "wrongSecretKey00000000000000000000000000" "$SECRET_KEY" "Traceback"

echo "== two regions from one emulator"
emulator_start --data "$FLEET" --region cn-north-4 --region cn-east-3
emulator_export_credentials cn-north-4
list inventories/regions.image_servers.yml "$WORK/regions.json"
check regions "$WORK/regions.json"
expect_in "$EMULATOR_REQUEST_LOG" '"name": "cn-north-4"' '"name": "cn-east-3"'

echo "== one region down: fails by default, skipped with a warning when asked"
emulator_start --data "$FLEET" --region cn-north-4 --region cn-east-3 --down-region cn-east-3
emulator_export_credentials cn-north-4
list_fails inventories/regions.image_servers.yml "$WORK/down.json"
expect_in "$WORK/down.json.stderr" "region cn-east-3" "HTTP 503" "APIGW.0613"
expect_not_in "$WORK/down.json.stderr" "$SECRET_KEY" "Traceback"
list inventories/regions_warn.image_servers.yml "$WORK/down-warn.json"
check region_skipped "$WORK/down-warn.json"
expect_in "$WORK/down-warn.json.stderr" "skipped region cn-east-3" "APIGW.0613"

echo "== server_group_details: groups by name, tags as keyed groups, a deleted group, the cache"
emulator_start --data "$FLEET" --server-groups "$PWD/files/server_groups.json" --region cn-north-4 --region cn-east-3
emulator_export_credentials cn-north-4
list inventories/default.image_servers.yml "$WORK/groups-off.json"
check default "$WORK/groups-off.json"
[[ "$(emulator_requests_count 'app-server-groups')" -eq 0 ]] || fail "server groups listed while off"
list inventories/server_groups.image_servers.yml "$WORK/server_groups.json"
check server_groups "$WORK/server_groups.json"
[[ "$(emulator_requests_count '"path": "/v1/[0-9a-f]+/app-server-groups".*"status": 200')" -eq 1 ]] ||
    fail "expected one server-group page"
export ANSIBLE_INVENTORY_CACHE_CONNECTION="$WORK/groups-cache"
{ cat inventories/server_groups.image_servers.yml; printf 'cache: true\ncache_plugin: ansible.builtin.jsonfile\n'; } \
    >"$WORK/groups-cached.image_servers.yml"
list "$WORK/groups-cached.image_servers.yml" "$WORK/groups-cold.json"
emulator_clear_requests
list "$WORK/groups-cached.image_servers.yml" "$WORK/groups-warm.json"
[[ "$(emulator_requests_count)" -eq 0 ]] || fail "the warm cache made requests"
check server_groups "$WORK/groups-warm.json"
expect_in "$WORK"/groups-cache/* "Finance Desktops"
expect_not_in "$WORK"/groups-cache/* "Unused pool" "$SECRET_KEY"
unset ANSIBLE_INVENTORY_CACHE_CONNECTION

echo "== server_group_details over two regions; a region whose server groups are refused"
list inventories/regions_groups.image_servers.yml "$WORK/regions-groups.json"
check regions_groups "$WORK/regions-groups.json"
emulator_set_faults '{"fault": "forbidden", "fault_target": "app-server-groups", "fault_regions": ["cn-east-3"]}'
list inventories/regions_groups.image_servers.yml "$WORK/regions-groups-warn.json"
check regions_groups "$WORK/regions-groups-warn.json" north
expect_in "$WORK/regions-groups-warn.json.stderr" "skipped region cn-east-3" "app-server-groups" "HTTP 403" \
    "ListServerGroups" "server_group_details: false"
emulator_set_faults '{"fault": "forbidden", "fault_target": "app-server-groups"}'
list_fails inventories/server_groups.image_servers.yml "$WORK/groups-forbidden.json"
expect_in "$WORK/groups-forbidden.json.stderr" "HTTP 403" "APIGW.0302" "ListServerGroups" "server_group_details: false"
expect_not_in "$WORK/groups-forbidden.json.stderr" "$SECRET_KEY" "Traceback"
list inventories/default.image_servers.yml "$WORK/groups-forbidden-off.json"
check default "$WORK/groups-forbidden-off.json"

echo "== server_group_details on a generated fleet: duplicate names, deleted groups, hostile names"
emulator_start --servers 400 --hostile-names
emulator_export_credentials cn-north-4
list inventories/server_groups.image_servers.yml "$WORK/generated-groups.json"
check generated_groups "$WORK/generated-groups.json"
# ansible-core before 2.19 wraps warnings: count the phrase over joined lines.
[[ "$(tr -s '\n ' '  ' <"$WORK/generated-groups.json.stderr" | grep -o "belong to more than one server group" | wc -l)" -eq 1 ]] ||
    fail_showing "$WORK/generated-groups.json.stderr" "expected one warning about shared names"
expect_in "$WORK/generated-groups.json.stderr" "'Shared Desktops'"

echo "== a generated fleet over several pages, with hostile names"
emulator_start --servers 250 --hostile-names
emulator_export_credentials cn-north-4
list inventories/default.image_servers.yml "$WORK/generated.json"
check generated "$WORK/generated.json" 250
[[ "$(emulator_requests_count '"kind": "api"')" -ge 3 ]] || fail "expected at least 3 pages"

echo "ok: inventory_image_servers"
