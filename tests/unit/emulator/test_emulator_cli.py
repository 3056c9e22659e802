# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line, start/stop, import styles, --data, --hostile-names, --tls."""

import json
import os
import signal
import subprocess
import sys

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator import cli
from ansible_collections.huaweicloud.workspace.tests.emulator.process import REPOSITORY_ROOT, EmulatorError, EmulatorProcess
from ansible_collections.huaweicloud.workspace.tests.unit.emulator.helpers import Caller, sdk_client, sdk_list_all


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "tests.emulator"] + list(args),
        cwd=REPOSITORY_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_documents_every_flag():
    result = _run("--help")
    assert result.returncode == 0
    flags = [flag for action in cli.build_parser()._actions for flag in action.option_strings]
    assert len(flags) > 30
    for flag in flags:
        assert flag in result.stdout
    docstring = sys.modules["ansible_collections.huaweicloud.workspace.tests.emulator"].__doc__
    for flag in flags:
        if flag.startswith("--") and flag != "--help":
            assert flag in docstring or flag.replace("--", "").replace("-", "_") in docstring, flag


def test_both_import_styles_work():
    code = "import tests.emulator.cli, tests.emulator.process; import ansible_collections.huaweicloud.workspace.tests.emulator.server"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    result = subprocess.run([sys.executable, "-c", code], cwd=REPOSITORY_ROOT, env=env, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_emulator_shares_no_code_with_plugins():
    package = os.path.join(REPOSITORY_ROOT, "tests", "emulator")
    for name in os.listdir(package):
        if name.endswith(".py"):
            with open(os.path.join(package, name), encoding="utf-8") as handle:
                source = handle.read()
            assert "plugins" not in source.replace("`plugins/`", "").replace("``plugins/``", ""), name


@pytest.mark.parametrize(
    "args,message",
    [
        (["--fault", "explode"], "--fault"),
        (["--fault-rate", "2"], "fault_rate"),
        (["--data", "/nonexistent/items.json"], "items.json"),
        (["--region", "a", "--region", "a"], "--region"),
    ],
)
def test_bad_flags_exit_2_with_a_message(args, message):
    result = _run(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_banner_and_clean_exit_on_signal(signum):
    emulator = EmulatorProcess("--servers", "3", "--region", "cn-north-4", "--region", "af-north-1", "--project-id", "f" * 32)
    emulator.start()
    try:
        assert emulator.project_id("cn-north-4") == "f" * 32
        other = emulator.project_id("af-north-1")
        assert len(other) == 32 and int(other, 16) >= 0
        emulator._process.send_signal(signum)
        emulator._process.wait(30)
    finally:
        emulator.stop()
    assert emulator.returncode == 0
    output = emulator.last_output
    assert "Traceback" not in output
    for text in (emulator.url, "f" * 32, other, "DEMOACCESSKEY00000001", "demo-token", "demo-password", "demo-security-token"):
        assert text in output
    assert "GET /" not in output  # quiet by default


def test_second_run_has_the_same_fleet():
    outputs = []
    for dummy in range(2):
        with EmulatorProcess("--servers", "30", "--seed", "5") as emulator:
            outputs.append(Caller(emulator).all_items()[0])
    assert outputs[0] == outputs[1]


def test_data_file_is_served(tmp_path):
    items = [{"id": str(n), "name": "from-file-%d" % n, "status": "ACTIVE"} for n in range(12)]
    data = tmp_path / "items.json"
    data.write_text(json.dumps({"items": items}), encoding="utf-8")
    with EmulatorProcess("--data", data) as emulator:
        served, count = Caller(emulator).all_items(limit=5)
    assert served == items and count == 12


def test_hostile_names_stay_literal():
    with EmulatorProcess("--servers", "40", "--hostile-names") as emulator:
        caller = Caller(emulator)
        names = [item["name"] for item in caller.all_items()[0]]
        assert "{{ lookup('pipe', 'id') }}" in names and "srv with spaces" in names
        assert "srv/with/slashes" in names and any(ord(c) > 127 for name in names for c in name)
        found = caller.image_servers(server_name="srv%20with%20spaces").json()
        assert [item["name"] for item in found["items"]] == ["srv with spaces"]


def test_hostile_names_are_off_by_default(emulator):
    names = [item["name"] for item in Caller(emulator).all_items()[0]]
    assert all(name.startswith("img-srv-") for name in names)


def test_tls_mode(tmp_path):
    tls_dir = tmp_path / "tls"
    with EmulatorProcess("--tls", "--tls-dir", tls_dir, "--servers", "5") as emulator:
        assert emulator.url.startswith("https://127.0.0.1:")
        assert emulator.ca_file == str(tls_dir / "cert.pem") and (tls_dir / "key.pem").exists()
        caller = Caller(emulator)
        assert caller.image_servers().json()["count"] == 5
        assert caller.signed("/v3/projects", [("name", "cn-north-4")]).status == 200
        assert sdk_list_all(sdk_client(emulator), limit=2)[1] == 5
        output = emulator.output()
    assert str(tls_dir / "cert.pem") in output


def test_tls_without_a_directory_removes_its_own_when_stopped():
    with EmulatorProcess("--tls", "--servers", "1") as emulator:
        tls_dir = os.path.dirname(emulator.ca_file)
        assert os.path.basename(tls_dir).startswith("workspace-emulator-tls-") and os.path.isfile(emulator.ca_file)
    assert not os.path.exists(tls_dir)


def test_process_reports_a_failed_start():
    with pytest.raises(EmulatorError) as raised:
        EmulatorProcess("--servers", "-1").start()
    assert "--servers" in str(raised.value)


def test_a_hanging_request_does_not_block_shutdown():
    import socket

    with EmulatorProcess("--servers", "3", "--fault", "hang") as emulator:
        caller = Caller(emulator)
        hanging = socket.create_connection((caller.host, caller.port))
        hanging.sendall(("GET /v1/%s/image-servers HTTP/1.1\r\nHost: x\r\nX-Auth-Token: demo-token\r\n\r\n" % emulator.project_id()).encode("ascii"))
        while not emulator.requests():
            pass
        emulator.stop()
        hanging.close()
    assert emulator.returncode == 0 and "Traceback" not in emulator.last_output
