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
WORK="$(mktemp -d "${TMPDIR:-/tmp}/inventory_image_servers.XXXXXX")"
cleanup() {
    emulator_stop
    rm -rf "$WORK"
}
trap cleanup EXIT

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
    ansible-inventory -i "$inventory" --list "$@" >"$output" 2>"$output.stderr" || {
        cat "$output.stderr" >&2
        echo "FAILED: ansible-inventory -i $inventory --list $*" >&2
        return 1
    }
}

list_fails() {  # list_fails INVENTORY OUTPUT: must fail; stderr is kept in OUTPUT.stderr
    local inventory="$1" output="$2"
    if ansible-inventory -i "$inventory" --list >"$output" 2>"$output.stderr"; then
        cat "$output.stderr" >&2
        echo "FAILED: ansible-inventory -i $inventory --list succeeded; it must fail" >&2
        return 1
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
ansible-playbook -i inventories/default.image_servers.yml files/hostile.yml >"$WORK/playbook.txt" 2>&1 || {
    cat "$WORK/playbook.txt" >&2
    exit 1
}
expect_in "$WORK/playbook.txt" "\"msg\": \"{{ lookup('pipe', 'id') }}|{{ lookup('pipe', 'id') }}\""
expect_not_in "$WORK/playbook.txt" "uid="

echo "== cache: a warm cache makes no request; another query is not served from it"
export ANSIBLE_INVENTORY_CACHE_CONNECTION="$WORK/cache"
cp inventories/cached.image_servers.yml "$WORK/edited.image_servers.yml"
emulator_clear_requests
list inventories/cached.image_servers.yml "$WORK/cold.json"
cold_requests="$(emulator_requests_count)"
[[ "$cold_requests" -gt 0 ]] || { echo "FAILED: the cold run made no request" >&2; exit 1; }
list inventories/cached.image_servers.yml "$WORK/warm.json"
[[ "$(emulator_requests_count)" -eq "$cold_requests" ]] || {
    echo "FAILED: the warm run made $(($(emulator_requests_count) - cold_requests)) requests" >&2
    exit 1
}
check same "$WORK/warm.json" "$WORK/cold.json"
check default "$WORK/warm.json"
for cache_file in "$WORK"/cache/*; do
    expect_not_in "$cache_file" "$SECRET_KEY" "$ACCESS_KEY"
done
if ansible-inventory --help | grep -q -- --flush-cache; then  # ansible-core >= 2.17
    list inventories/cached.image_servers.yml "$WORK/flushed.json" --flush-cache
    [[ "$(emulator_requests_count)" -gt "$cold_requests" ]] || { echo "FAILED: --flush-cache made no request" >&2; exit 1; }
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

echo "== a generated fleet over several pages, with hostile names"
emulator_start --servers 250 --hostile-names
emulator_export_credentials cn-north-4
list inventories/default.image_servers.yml "$WORK/generated.json"
check generated "$WORK/generated.json" 250
[[ "$(emulator_requests_count '"kind": "api"')" -ge 3 ]] || { echo "FAILED: expected at least 3 pages" >&2; exit 1; }

echo "ok: inventory_image_servers"
