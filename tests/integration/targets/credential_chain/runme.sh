#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The credential chain (credentials file, ECS metadata) and agencies (issue 13) through the module
# and the inventory plugin, against the local emulator: every metadata and IAM request goes to
# 127.0.0.1, never to 169.254.169.254. Run by ansible-test, or directly from this directory:
#   ANSIBLE_COLLECTIONS_PATH=/work/collections PATH=/work/venv/bin:$PATH ./runme.sh
set -eu -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# Only what each step sets may reach the plugins: no credentials or endpoints from the caller.
emulator_unset_caller_environment
export ANSIBLE_NOCOLOR=true ANSIBLE_INVENTORY_UNPARSED_FAILED=true
ONLY_THIS_PLUGIN=ANSIBLE_INVENTORY_ENABLED=huaweicloud.workspace.image_servers

emulator_work_dir credential_chain
mkdir -p "$WORK/empty_home"

playbook() {  # playbook FILE: against the running emulator, its info in -e; output in $WORK/FILE.log
    emulator_admin GET info | "$PYTHON" -c 'import json, sys; print(json.dumps({"emulator": json.load(sys.stdin), "work": sys.argv[1]}))' \
        "$WORK" >"$WORK/emulator.json"
    ansible-playbook -i inventory "$1" -e "@$WORK/emulator.json" >"$WORK/$1.log" 2>&1 ||
        fail_showing "$WORK/$1.log" "ansible-playbook $1"
}

inventory() {  # inventory NAME SOURCE [VARIABLE=VALUE...]: ansible-inventory --list; $WORK/NAME.{json,stderr}
    local name="$1" source="$2"
    shift 2
    env "$ONLY_THIS_PLUGIN" HW_REGION_NAME=cn-north-4 "HW_WORKSPACEAPP_ENDPOINT=$EMULATOR_URL" \
        "HUAWEICLOUD_SDK_IAM_ENDPOINT=$EMULATOR_URL" "HW_METADATA_ENDPOINT=$EMULATOR_URL" "HOME=$WORK/empty_home" "$@" \
        ansible-inventory -i "$source" --list >"$WORK/$name.json" 2>"$WORK/$name.stderr" ||
        fail_showing "$WORK/$name.stderr" "ansible-inventory $name"
}

hosts_per_account() {  # hosts_per_account NAME EXPECTED_JSON
    "$PYTHON" files/check_inventory.py "$WORK/$1.json" "$2" || fail "inventory $1"
}

echo "== the module: credentials file, ECS metadata, nothing found, agencies"
emulator_start --servers 130 --agency ops@account-b --forbidden-agency audit@account-locked
ACCESS_KEY="$(emulator_info credentials.access_key)"
SECRET_KEY="$(emulator_info credentials.secret_key)"
PROJECT_ID="$(emulator_info regions.cn-north-4)"
cat >"$WORK/credentials" <<INI
[basic]
ak = $ACCESS_KEY
sk = $SECRET_KEY
project_id = $PROJECT_ID

[discovered]
ak = $ACCESS_KEY
sk = $SECRET_KEY
INI
printf '[basic]\nak = %s\n' "$ACCESS_KEY" >"$WORK/broken_credentials"
playbook module_chain.yml
echo "ok: module"

echo "== the inventory: credentials file, ECS metadata, two accounts in one inventory"
inventory file inventories/file.image_servers.yml "HUAWEICLOUD_SDK_CREDENTIALS_FILE=$WORK/credentials" \
    HW_PROFILE=discovered
hosts_per_account file '{"own": 130}'
inventory metadata inventories/metadata.image_servers.yml
hosts_per_account metadata '{"own": 130}'
ACCOUNT_B_SERVERS="$(emulator_info accounts.account-b.servers.cn-north-4)"
inventory accounts inventories/accounts.image_servers.yml
hosts_per_account accounts "{\"own\": 130, \"account-b\": $ACCOUNT_B_SERVERS}"
expect_in "$WORK/accounts.stderr" "skipped region cn-north-4" \
    "could not get temporary credentials for agency audit of account account-locked" "HTTP 403"
expect_in "$WORK/accounts.json" '"account_account_b"' '"account_own"'
echo "ok: inventory"

echo "== temporary credentials that expire during a listing are renewed and the listing completes"
# Credentials live 2 s; 12 pages one after another at 250 ms each take about 3 s.
emulator_start --servers 1150 --agency ops@account-b --credential-lifetime 2 --latency-ms 250
inventory expiring inventories/metadata.image_servers.yml
hosts_per_account expiring '{"own": 1150}'
fetched="$(emulator_requests_count '"path": "/openstack/latest/securitykey"')"
[[ "$fetched" -ge 2 ]] || fail "the metadata credentials were fetched $fetched time(s) during a listing that outlasts them"
echo "ok: metadata credentials fetched $fetched times during one listing"
emulator_clear_requests
inventory expiring_agency inventories/agency_slow.image_servers.yml
hosts_per_account expiring_agency '{"account-b": 1150}'
fetched="$(emulator_requests_count '"path": "/v3.0/OS-CREDENTIAL/securitytokens"')"
[[ "$fetched" -ge 2 ]] || fail "the agency credentials were requested $fetched time(s) during a listing that outlasts them"
echo "ok: agency credentials requested $fetched times during one listing"

echo "== an ECS without an agency"
emulator_start --servers 5 --metadata-no-agency
playbook module_no_agency.yml
echo "ok: credential chain"
