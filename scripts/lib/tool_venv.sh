# shellcheck shell=bash
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# ensure_tool_venv NAME REQUIREMENTS_FILE: create or refresh .venvs/NAME from REQUIREMENTS_FILE
# (reused while the interpreter and the file are unchanged); sets TOOL_VENV. Returns 1 on failure.
# For the release tooling (scripts/docs, scripts/release-check); source lib/common.sh first.
ensure_tool_venv() {
    local name="$1" requirements="$2" wanted
    TOOL_VENV="$REPO_ROOT/.venvs/$name"
    local stamp="$TOOL_VENV/.requirements.sha256"
    wanted="$({ "$TOOL_PYTHON" -c 'import sys; print(sys.version)'; cat "$requirements"; } | sha256sum | cut -d' ' -f1)"
    if [[ -x "$TOOL_VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        note "$name tools: using $TOOL_VENV (requirements unchanged)"
        return 0
    fi
    note "$name tools: installing into $TOOL_VENV"
    rm -f "$stamp"
    "$TOOL_PYTHON" -m venv --clear "$TOOL_VENV" || { error "could not create $TOOL_VENV"; return 1; }
    "$TOOL_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
        || { error "installing $requirements into $TOOL_VENV failed"; return 1; }
    printf '%s\n' "$wanted" >"$stamp"
}
