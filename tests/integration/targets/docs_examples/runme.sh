#!/usr/bin/env bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every example of the documentation runs unchanged against the local emulator (the EXAMPLES that
# ansible-doc shows too, at the end of this file), the way the emulator guide tells users to run
# them: each playbook in docs/docsite/examples/ with
# ansible-playbook (plays on other hosts than localhost get fleet.image_servers.yml as their
# inventory), each *.image_servers.yml with ansible-inventory, which must list hosts.
# Credentials come from the environment (emulator_export_credentials) and, for the
# authentication examples, from the vault_* variables they name.
# Run by ansible-test, or directly (ansible on PATH, the collection on ANSIBLE_COLLECTIONS_PATH).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh

examples="$(_emulator_root)/docs/docsite/examples"
emulator_work_dir docs_examples

# The names the examples use: the emulator's default project for cn-north-4, a user ops-bot
# in the account example-account; cn-east-3 gets a project id the regions example does not
# know, so that example's region_errors: warn is exercised.
emulator_start --servers 60 --region cn-north-4 --region cn-east-3 --user ops-bot --domain example-account
emulator_export_credentials cn-north-4
cat >"$WORK/vault.yml" <<VARS
vault_hw_access_key: "$(emulator_info credentials.access_key)"
vault_hw_secret_key: "$(emulator_info credentials.secret_key)"
vault_hw_temporary_access_key: "$(emulator_info credentials.access_key)"
vault_hw_temporary_secret_key: "$(emulator_info credentials.secret_key)"
vault_hw_security_token: "$(emulator_info credentials.security_token)"
vault_hw_token: "$(emulator_info credentials.token)"
vault_hw_password: "$(emulator_info credentials.password)"
VARS

# A cache in the examples lives under ~/.cache: keep it out of the real home directory.
export HOME="$WORK/home"
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
mkdir -p "$HOME"

# What an example's own header tells users to add when the emulator is the cloud: its fleet
# breaks the compliance policy on purpose, so the jobs report instead of failing.
declare -A EXAMPLE_ARGUMENTS=(
    [compliance_ci.yml]="-e enforce=false -e report_dir=$WORK/reports"
    [compliance_nightly.yml]="-e enforce=false"
)

ran=0
for example in "$examples"/*.yml "$examples"/*.yaml; do
    [[ -e "$example" ]] || continue
    if ! grep -qE '^- ' "$example" && ! [[ "$example" == *.image_servers.y*ml ]]; then
        # A variables file (compliance_policy.yml): the playbooks that load it run it.
        echo "== ${example##*/}: variables file, used by the playbooks"
        continue
    fi
    ran=$((ran + 1))
    read -r -a arguments <<<"${EXAMPLE_ARGUMENTS[${example##*/}]:-}"
    case "$example" in
        *.image_servers.yml|*.image_servers.yaml)
            echo "== ansible-inventory -i ${example##*/} --graph"
            ansible-inventory -i "$example" --graph "$@" | tee "$WORK/graph"
            grep -qE '\|--[^@]' "$WORK/graph" || fail "${example##*/} lists no host"
            ;;
        *)
            echo "== ansible-playbook ${example##*/}"
            ANSIBLE_LOCALHOST_WARNING=false ansible-playbook -i "$examples/fleet.image_servers.yml" \
                -e "@$WORK/vault.yml" "${arguments[@]}" "$example" "$@"
            ;;
    esac
done
[[ $ran -gt 0 ]] || fail "no examples found in $examples"
echo "$ran examples ran against the emulator"

# The EXAMPLES that ansible-doc shows, unchanged (files/plugin_examples.py): for each module and
# filter one play, for the inventory plugin each configuration, against a fleet with nothing to
# complain about (the examples assert that no server is in ERROR and that the compliance policy
# holds). The names they use: a user ops-bot of example-account, the agencies ops-readonly of
# other-account and awx-readonly of team-a and team-b, a profile [ops] in the credentials file,
# the variables hw_access_key, hw_secret_key, hw_token, hw_password and vault_hw_secret_key, and
# MY_HW_AK in the environment.
PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
"$PYTHON" files/plugin_examples.py fleet "$(_emulator_root)" "$WORK/healthy_fleet.json"
emulator_start --data "$WORK/healthy_fleet.json" --user ops-bot --domain example-account \
    --agency ops-readonly@other-account --agency awx-readonly@team-a --agency awx-readonly@team-b
emulator_export_credentials cn-north-4
printf '[ops]\nak = %s\nsk = %s\n' "$HUAWEICLOUD_SDK_AK" "$HUAWEICLOUD_SDK_SK" >"$WORK/credentials"
export HUAWEICLOUD_SDK_CREDENTIALS_FILE="$WORK/credentials"
cat >"$WORK/example_vars.yml" <<VARS
hw_access_key: "$HUAWEICLOUD_SDK_AK"
hw_secret_key: "$HUAWEICLOUD_SDK_SK"
hw_token: "$(emulator_info credentials.token)"
hw_password: "$(emulator_info credentials.password)"
vault_hw_secret_key: "$HUAWEICLOUD_SDK_SK"
VARS
export MY_HW_AK="$HUAWEICLOUD_SDK_AK"
inventory=huaweicloud.workspace.image_servers
mkdir "$WORK/inventory_examples"
ansible-doc --json -t inventory "$inventory" |
    "$PYTHON" files/plugin_examples.py inventories "$inventory" "$WORK/inventory_examples" >"$WORK/inventory_examples.list"
# The inventory plugin's first example (credentials from the environment) is the inventory of the
# plays: the filter's examples read its hosts.
read -r first_inventory_example <"$WORK/inventory_examples.list"
examples_run=0
for plugin_type in module filter; do
    for plugin in $(ansible-doc --list --json -t "$plugin_type" huaweicloud.workspace | "$PYTHON" -c 'import json, sys; print(" ".join(sorted(json.load(sys.stdin))))'); do
        echo "== EXAMPLES of $plugin"
        ansible-doc --json -t "$plugin_type" "$plugin" | "$PYTHON" files/plugin_examples.py playbook "$plugin" "$WORK/$plugin.yml"
        ansible-playbook -i "$first_inventory_example" -e "@$WORK/example_vars.yml" "$WORK/$plugin.yml" "$@"
        examples_run=$((examples_run + 1))
    done
done
while read -r configuration; do
    if grep -q '!vault' "$configuration"; then
        # Encrypted in place with its author's vault password, which no reader has.
        echo "== EXAMPLES of $inventory, ${configuration##*/}: skipped, its secret is vault-encrypted"
        continue
    fi
    echo "== EXAMPLES of $inventory, ${configuration##*/}: ansible-inventory --graph"
    ansible-inventory -i "$configuration" -e "@$WORK/example_vars.yml" --graph "$@"
    examples_run=$((examples_run + 1))
done <"$WORK/inventory_examples.list"
[[ $examples_run -ge 10 ]] || fail "only $examples_run EXAMPLES found (3 plugins' plays and the inventory configurations)"
echo "$examples_run EXAMPLES (plays and inventory configurations) ran against the emulator"
