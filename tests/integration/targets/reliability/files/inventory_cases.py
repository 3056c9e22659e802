# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fault matrix and the bad-input matrix through `ansible-inventory` and the inventory plugin.

    python inventory_cases.py faults [--jobs N] [--only NAME_PART] [--keep DIR]
    python inventory_cases.py bad-input [--keep DIR]

faults: the cases of vars/fault_cases.yml. Starts N emulators of its own (tests/emulator,
127.0.0.1, ephemeral ports), so it can run next to the module's playbook, and runs N cases at a
time: set the emulator's faults, write an inventory file, run `ansible-inventory --list`, check
stdout and stderr against the case.
bad-input: every file of inventories/bad_input/ in one `ansible-inventory` run; each source's
message is checked against vars/inventory_bad_input.yml.
Prints one line per case; exits 1 if any failed. Needs ansible-inventory on PATH and the
collection on ANSIBLE_COLLECTIONS_PATH.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.dirname(HERE)
REGION = "cn-north-4"
FLEET = 250
PLUGIN = "huaweicloud.workspace.image_servers"
SETUP_FILES = os.path.join(TARGET, "..", "setup_emulator", "files")


def caller_variables():
    """The caller's variables that tests forget: the list emulator_unset_caller_environment reads."""
    with open(os.path.join(SETUP_FILES, "caller_environment.txt")) as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


CALLER_VARIABLES = caller_variables()


def collection_root():
    """The collection root (galaxy.yml and tests/emulator/), also in ansible-test's copy."""
    directory = TARGET
    while directory != os.path.dirname(directory):
        if os.path.isfile(os.path.join(directory, "galaxy.yml")) and os.path.isfile(os.path.join(directory, "tests", "emulator", "__main__.py")):
            return directory
        directory = os.path.dirname(directory)
    raise SystemExit("cannot find the collection root above %s" % TARGET)


sys.path.insert(0, collection_root())
from tests.emulator.process import EmulatorProcess  # noqa: E402 pylint: disable=wrong-import-position

sys.path.insert(0, SETUP_FILES)
from inventory_json import unwrap  # noqa: E402 pylint: disable=wrong-import-position


def base_environment():
    env = dict((name, value) for name, value in os.environ.items() if name not in CALLER_VARIABLES)
    env.update(ANSIBLE_INVENTORY_UNPARSED_FAILED="true", ANSIBLE_INVENTORY_ENABLED=PLUGIN, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    return env


def credentials_environment(emulator, auth):
    creds = emulator.credentials
    return {
        "aksk": {"HUAWEICLOUD_SDK_AK": creds["access_key"], "HUAWEICLOUD_SDK_SK": creds["secret_key"]},
        "token": {"HW_AUTH_TOKEN": creds["token"]},
        "password": {"HW_USER_NAME": creds["user"], "HW_USER_PASSWORD": creds["password"], "HW_DOMAIN_NAME": creds["domain"]},
    }[auth]


class Run(object):
    """One ansible-inventory run: return code, stdout, stderr and the hosts' API ids."""

    def __init__(self, path, env, workdir):
        process = subprocess.run(
            ["ansible-inventory", "-i", path, "--list"],
            env=env,
            cwd=workdir,
            check=False,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
        )
        self.rc, self.stdout, self.stderr = process.returncode, process.stdout, process.stderr
        self.ids = []
        if self.rc == 0:
            hostvars = unwrap(json.loads(self.stdout)).get("_meta", {}).get("hostvars", {})
            self.ids = [variables.get("wks_id") for variables in hostvars.values()]


class Worker(object):
    """An emulator of its own plus a work directory; runs cases one after the other."""

    def __init__(self, number, keep_dir):
        self.number = number
        self.emulator = EmulatorProcess("--servers", FLEET, "--region", REGION, "--region", "cn-east-3")
        self.workdir = tempfile.mkdtemp(prefix="reliability-inventory-%d-" % number, dir=keep_dir)
        self.baseline = None

    def start(self):
        self.emulator.start()
        baseline = self.run({"name": "baseline", "faults": {}})
        if baseline.rc != 0 or len(baseline.ids) != FLEET:
            raise RuntimeError("baseline listing failed:\n%s" % baseline.stderr)
        self.baseline = sorted(baseline.ids)

    def stop(self):
        self.emulator.stop()

    def inventory_file(self, case):
        config = {
            "plugin": PLUGIN,
            "region": REGION,
            "endpoint": self.emulator.url,
            "iam_endpoint": self.emulator.url,
            "retries": 1,
            "timeout": case.get("timeout", 2),
        }
        options = case.get("options", {})
        if "regions" not in options:
            config["project_id"] = self.emulator.project_id(REGION)
        config.update(options)
        path = os.path.join(self.workdir, "%s.image_servers.yml" % "".join(c if c.isalnum() else "_" for c in case["name"]))
        with open(path, "w") as handle:
            yaml.safe_dump(config, handle)
        return path

    def run(self, case):
        self.emulator.set_faults(case["faults"])
        env = base_environment()
        env.update(credentials_environment(self.emulator, case.get("auth", "aksk")))
        return Run(self.inventory_file(case), env, self.workdir)

    def check(self, case):
        run = self.run(case)
        problems = []
        expect = case["expect"]
        output = run.stdout + run.stderr
        stderr = squeezed(run.stderr)
        if "Traceback" in output:
            problems.append("a traceback was printed")
        if expect == "error":
            if run.rc == 0:
                problems.append("ansible-inventory succeeded; it must fail")
            if squeezed("%s: " % PLUGIN) not in stderr:
                problems.append("the error did not come from the plugin's own message")
            problems += ["%r not in stderr" % text for text in case["messages"] if squeezed(text) not in stderr]
        elif run.rc != 0:
            problems.append("ansible-inventory failed (rc %d)" % run.rc)
        else:
            if len(set(run.ids)) != len(run.ids):
                problems.append("duplicate hosts for one image server")
            if expect == "complete" and sorted(run.ids) != self.baseline:
                problems.append("%d hosts, not the %d of the fleet" % (len(run.ids), len(self.baseline)))
            if expect == "settled":
                now = self.emulator.admin("GET", "info")["servers"][REGION]
                if len(run.ids) != now:
                    problems.append("%d hosts, but the fleet has %d servers now" % (len(run.ids), now))
            if expect in ("complete", "settled") and not case.get("warnings") and own_warnings(run.stderr):
                problems.append("unexpected warning")
            if expect == "drifting" and squeezed("changed while they were being listed") not in stderr:
                problems.append("no warning that the fleet changed while listing")
        problems += ["warning %r not in stderr" % text for text in case.get("warnings", ()) if squeezed(text) not in stderr]
        return problems, run


def squeezed(text):
    """TEXT without whitespace: ansible-core before 2.19 wraps warnings at 80 columns, anywhere in
    a long word such as a path, so messages are compared without the line breaks."""
    return "".join(text.split())


def own_warnings(stderr):
    """Warnings other than Ansible's about the environment (ansible-test runs inside the collection)."""
    return [line for line in stderr.splitlines() if line.startswith("[WARNING]") and "running with default collection" not in line]


def load_yaml(name):
    with open(os.path.join(TARGET, "vars", name)) as handle:
        return yaml.safe_load(handle)


def run_faults(args):
    cases = [
        case
        for case in load_yaml("fault_cases.yml")["fault_cases"]
        if case.get("only", "inventory") == "inventory" and (not args.only or args.only in case["name"])
    ]
    todo = queue.Queue()
    for case in cases:
        todo.put(case)
    failures = []
    lock = threading.Lock()

    def work(worker):
        try:
            worker.start()
            while True:
                try:
                    case = todo.get_nowait()
                except queue.Empty:
                    return
                problems, run = worker.check(case)
                with lock:
                    report(case["name"], problems, run.stderr, failures)
        except Exception as error:  # a broken worker must fail the run, not hang it
            with lock:
                report("worker %d" % worker.number, [str(error)], "", failures)
        finally:
            worker.stop()
            if not args.keep:
                shutil.rmtree(worker.workdir, ignore_errors=True)

    workers = [Worker(number, args.keep) for number in range(max(1, min(args.jobs, len(cases))))]
    threads = [threading.Thread(target=work, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("%d inventory fault case(s), %d failed" % (len(cases), len(failures)))
    return failures


def run_bad_input(args):
    expected = load_yaml("inventory_bad_input.yml")
    directory = os.path.join(TARGET, "inventories", "bad_input")
    sources = sorted(os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".yml"))
    workdir = tempfile.mkdtemp(prefix="reliability-bad-input-", dir=args.keep)
    # cache_connection: unusable_cache (relative to the working directory). Root may enter any
    # directory, so then a plain file stands in for the unusable directory.
    unusable = os.path.join(workdir, "unusable_cache")
    if os.geteuid() == 0:
        open(unusable, "w").close()
    else:
        os.mkdir(unusable, 0)
    failures = []
    try:
        with EmulatorProcess("--servers", 20, "--region", REGION) as emulator:
            env = base_environment()
            creds = emulator.credentials
            env.update(EMULATOR_URL=emulator.url, EMULATOR_AK=creds["access_key"], EMULATOR_SK=creds["secret_key"], EMULATOR_TOKEN=creds["token"])
            command = ["ansible-inventory", "--list"]
            for source in sources:
                command += ["-i", source]
            process = subprocess.run(command, env=env, cwd=workdir, check=False, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        stderr = squeezed(process.stderr)
        for source in sources:
            name = os.path.basename(source)[: -len(".image_servers.yml")]
            problems = []
            if name == "conflicting_auth":
                if squeezed("Unable to parse %s" % source) in stderr:
                    problems.append("the source did not parse")
                if squeezed(expected["inventory_conflicting_auth_warning"]) not in stderr:
                    problems.append("no warning saying which credentials win")
            else:
                if squeezed("Unable to parse %s" % source) not in stderr:
                    problems.append("the source parsed; it must fail")
                problems += ["%r not in stderr" % text for text in expected["inventory_bad_input"][name] if squeezed(text) not in stderr]
            report("bad input: %s" % name, problems, "", failures)
        if process.returncode != 0:
            report("bad input: ansible-inventory", ["rc %d" % process.returncode], process.stderr, failures)
        if "Traceback" in process.stdout + process.stderr:
            report("bad input: no traceback", ["a traceback was printed"], process.stderr, failures)
        if failures:
            print(process.stderr[-6000:])
    finally:
        os.chmod(unusable, 0o700)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return failures


def report(name, problems, stderr, failures):
    print("%s: %s" % ("ok" if not problems else "FAILED", name), flush=True)
    if problems:
        failures.append(name)
        print("  " + "\n  ".join(problems))
        if stderr:
            print("  stderr:\n" + stderr[-3000:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("matrix", choices=("faults", "bad-input"))
    parser.add_argument("--jobs", type=int, default=2, help="faults: emulators and concurrent cases (default 2)")
    parser.add_argument("--only", help="faults: run only the cases whose name contains this text")
    parser.add_argument("--keep", help="keep the generated files in this directory")
    args = parser.parse_args()
    failures = (run_faults if args.matrix == "faults" else run_bad_input)(args)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
