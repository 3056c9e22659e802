#!/usr/bin/env python
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark of the image_servers inventory plugin, image_server_info and image_server_compliance against the emulator.

    python tests/benchmarks/run_benchmarks.py            # 1,000 / 10,000 / 100,000; 0 and 50 ms; 3 runs
    python tests/benchmarks/run_benchmarks.py --quick    # 1,000 instances, one run each: a smoke test
    python tests/benchmarks/run_benchmarks.py --sizes 10000 --latencies 0,50 --repetitions 5

A script, not a test: it prints a table (medians) and writes the raw runs as JSON. Before timing
anything it checks, per size, that the plugin (cold and warm cache) and the static YAML file give
exactly the inventory of the floor plugin. docs/performance.md explains every row.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile

BENCHMARK_DIR = os.path.dirname(os.path.abspath(__file__))
REPOSITORY_ROOT = os.path.dirname(os.path.dirname(BENCHMARK_DIR))
sys.path.insert(0, REPOSITORY_ROOT)

from tests.benchmarks.bench_inputs import (  # noqa: E402 pylint: disable=wrong-import-position
    HOSTVARS_PREFIX,
    REGION,
    SizeInputs,
)
from tests.benchmarks.bench_measure import (  # noqa: E402 pylint: disable=wrong-import-position
    RunFailed,
    differences,
    normalized_inventory,
    run_timed,
    summary,
)
from tests.benchmarks.bench_report import (  # noqa: E402 pylint: disable=wrong-import-position
    print_report,
    target_checks,
)
from tests.emulator.process import EmulatorProcess  # noqa: E402 pylint: disable=wrong-import-position
from tests.emulator.server_groups import generate_server_groups  # noqa: E402 pylint: disable=wrong-import-position

PLUGIN = "huaweicloud.workspace.image_servers"
GUARD_ALL_UP_TO = 10000
REFERENCE_VARIANTS = ("floor_host", "static_yaml", "module_floor")
# Variables that would point the runs at another cloud, project or configuration.
FOREIGN_PREFIXES = ("HW_", "HUAWEICLOUD_", "ANSIBLE_")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="fleet sizes, comma-separated")
    parser.add_argument("--latencies", default="0,50", help="emulator latencies in ms, comma-separated")
    parser.add_argument("--repetitions", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument(
        "--reference-repetitions",
        type=int,
        help="runs of the reference rows, which no target uses: (1') floor through "
        "Host.set_variable, static YAML, (5') module floor (default: --repetitions up to "
        "%d instances, 1 above: static YAML alone takes minutes there)" % GUARD_ALL_UP_TO,
    )
    parser.add_argument(
        "--full-guard",
        action="store_true",
        help="also check static YAML and concurrency 1 against the floor above %d instances "
        "(same code paths as the smaller sizes; each such run of 100,000 takes minutes)" % GUARD_ALL_UP_TO,
    )
    parser.add_argument("--quick", action="store_true", help="1,000 instances, 0 and 50 ms, one run each (overrides the three options above)")
    parser.add_argument(
        "--skip",
        default="",
        help="variants not to time, comma-separated: floor, floor_host, static_yaml, cold, "
        "cold_groups, cold_export, cold_groups_export, sequential, warm, module, module_floor, noop, "
        "compliance",
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of the generated fleet")
    parser.add_argument("--output", help="raw results as JSON (default tests/output/benchmarks/results-<time>.json)")
    parser.add_argument(
        "--resume",
        metavar="JSON",
        help="go on with the run whose results (--output) are in JSON: its completed sizes are kept, the others measured now (the same options must be given)",
    )
    parser.add_argument("--workdir", help="where to write fleets, inventories and caches (default: a temp dir, removed at the end)")
    parser.add_argument(
        "--bin-dir", default=os.path.dirname(sys.executable), help="directory holding ansible-inventory and ansible-playbook (default: next to this Python)"
    )
    parser.add_argument("--timeout", type=int, default=3600, help="seconds before one run is killed")
    parser.add_argument(
        "--ignore-sigterm",
        action="store_true",
        help="log and ignore SIGTERM (stop with Ctrl-C or SIGINT instead): for long runs on a shared "
        "machine where another test run's cleanup may signal a stale process id",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.latencies, args.repetitions, args.reference_repetitions = "1000", "0,50", 1, 1
    args.sizes = [int(size) for size in args.sizes.split(",") if size]
    args.latencies = [int(latency) for latency in args.latencies.split(",") if latency]
    args.skip = set(name for name in args.skip.split(",") if name)
    if args.repetitions < 1 or (args.reference_repetitions or 1) < 1 or not args.sizes or not args.latencies or min(args.sizes) < 1:
        parser.error("--sizes, --latencies and --repetitions need at least one positive value")
    return args


def environment_facts(bin_dir):
    version = subprocess.run([os.path.join(bin_dir, "ansible"), "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "ansible_core": version,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


class Bench(object):
    """Runs the commands of one benchmark and collects their summaries."""

    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.results = []
        self.base_env = self._base_env()

    def _base_env(self):
        env = dict((name, value) for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES))
        collections = os.path.join(self.workdir, "collections")
        link = os.path.join(collections, "ansible_collections", "huaweicloud", "workspace")
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if not os.path.islink(link):
            os.symlink(REPOSITORY_ROOT, link)
        config = os.path.join(self.workdir, "ansible.cfg")
        with open(config, "w") as handle:
            handle.write("[defaults]\n")
        env.update(
            {
                "ANSIBLE_CONFIG": config,
                "ANSIBLE_COLLECTIONS_PATH": collections,
                "ANSIBLE_INVENTORY_PLUGINS": os.path.join(BENCHMARK_DIR, "inventory_plugins"),
                "ANSIBLE_LIBRARY": os.path.join(BENCHMARK_DIR, "modules"),
                "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
                "ANSIBLE_LOCAL_TEMP": os.path.join(self.workdir, "tmp"),
                "ANSIBLE_NOCOLOR": "true",
            }
        )
        return env

    def command(self, name):
        return os.path.join(self.args.bin_dir, name)

    def run(self, command, env, label):
        output = os.path.join(self.workdir, "%s.out" % label)
        return run_timed(command, env, output, cwd=self.workdir, timeout=self.args.timeout), output

    def measure(self, jobs, set_latency):
        """Time every job `repetitions` times, round-robin, and record one summary per job.

        Round-robin rather than job after job, so that load from other processes on the machine,
        which comes and goes, spreads over every variant instead of skewing one of them. A job's
        before()/after() run around each timed run, untimed; set_latency(ms) switches the
        emulator's latency for the jobs that depend on it.
        """
        jobs = [job for job in jobs if job.variant not in self.args.skip]
        runs = dict((id(job), []) for job in jobs)
        extras = dict((id(job), []) for job in jobs)
        for repetition in range(max(self._repetitions(job) for job in jobs)):
            for job in jobs:
                if repetition >= self._repetitions(job):
                    continue
                if job.latency is not None:
                    set_latency(job.latency)
                if job.before:
                    job.before()
                run, dummy = self.run(job.command, job.env, "%s-%d" % (job.variant, job.size))
                runs[id(job)].append(run)
                if job.after:
                    extras[id(job)].append(job.after())
        for job in jobs:
            result = dict(summary(runs[id(job)]), variant=job.variant, size=job.size, latency_ms=job.latency)
            if job.after:
                result["requests"] = extras[id(job)]
            self.results.append(result)
            _progress(result)

    def _repetitions(self, job):
        if job.variant not in REFERENCE_VARIANTS:
            return self.args.repetitions
        if self.args.reference_repetitions is not None:
            return self.args.reference_repetitions
        return self.args.repetitions if job.size <= GUARD_ALL_UP_TO else 1


class Job(object):
    """One variant to time: its command and environment, and what to do around each run."""

    def __init__(self, variant, size, latency, command, env, before=None, after=None):
        self.variant = variant
        self.size = size
        self.latency = latency
        self.command = command
        self.env = env
        self.before = before
        self.after = after


def _progress(result):
    latency = "" if result["latency_ms"] is None else " at %d ms" % result["latency_ms"]
    requests = " requests %s" % result["requests"] if "requests" in result else ""
    print(
        "  %-12s %7d%s: median %.2f s (%s) cpu %.2f s, peak RSS %.0f MiB%s"
        % (
            result["variant"],
            result["size"],
            latency,
            result["median_s"],
            ", ".join("%.2f" % s for s in result["runs_s"]),
            result["median_cpu_s"],
            result["max_rss_mib"],
            requests,
        ),
        flush=True,
    )


def plugin_env(bench, emulator, project_id):
    env = dict(bench.base_env)
    env.update(
        {
            "ANSIBLE_INVENTORY_ENABLED": PLUGIN,
            "HW_REGION_NAME": REGION,
            "HUAWEICLOUD_SDK_AK": emulator.credentials["access_key"],
            "HUAWEICLOUD_SDK_SK": emulator.credentials["secret_key"],
            "HUAWEICLOUD_SDK_PROJECT_ID": project_id,
            "HW_WORKSPACEAPP_ENDPOINT": emulator.url,
            "HUAWEICLOUD_SDK_IAM_ENDPOINT": emulator.url,
        }
    )
    return env


def check_same_inventory(bench, inputs, envs):
    """The correctness guard: every source lists exactly the floor's hosts, groups and hostvars."""
    inventory = bench.command("ansible-inventory")
    dummy, floor_output = bench.run([inventory, "-i", inputs.floor_config, "--list"], envs["floor"], "guard-floor")
    expected = normalized_inventory(floor_output)
    expected_content = normalized_inventory(floor_output, keep_trust=False)
    if len(expected.get("_meta", {}).get("hostvars", {})) != inputs.count:
        raise RunFailed("the floor lists %d hosts instead of %d" % (len(expected["_meta"]["hostvars"]), inputs.count))
    every = inputs.count <= GUARD_ALL_UP_TO or bench.args.full_guard
    sources = [
        ("floor (Host.set_variable)", inputs.floor_host_config, envs["floor"], every),
        ("static YAML", inputs.static_inventory, envs["static"], every),
        ("plugin (cold)", inputs.cold_config, envs["plugin"], True),
        ("plugin (concurrency 1)", inputs.sequential_config, envs["plugin"], every),
        ("plugin (cache filled)", inputs.cached_config, envs["plugin"], True),
        ("plugin (warm cache)", inputs.cached_config, envs["plugin"], True),
    ]
    checked = [label for label, dummy, dummy2, wanted in sources if wanted]
    for label, source, env, wanted in sources:
        if not wanted:
            continue
        run, output = bench.run([inventory, "-i", source, "--list"], env, "guard")
        print("  guard run of %s: %.2f s" % (label, run.seconds), flush=True)
        if source == inputs.static_inventory:
            # The same content; a static file's strings are trusted, unlike API data.
            found = differences(expected_content, normalized_inventory(output, keep_trust=False))
        else:
            # The plugin must also leave every API value untrusted, exactly as the floor's JSON data.
            found = differences(expected, normalized_inventory(output))
        if found:
            raise RunFailed("%s differs from the floor for %d instances:\n  %s" % (label, inputs.count, "\n  ".join(found)))
    print("  correctness guard: %s give the floor's inventory (%d hosts, %d groups)" % (", ".join(checked), inputs.count, len(expected) - 1), flush=True)


def check_server_groups(bench, inputs, items, env):
    """The guard of (2g): the plugin with server_group_details lists the floor's hosts, each with
    its server group's record, or null for the groups the emulator deleted."""
    dummy, output = bench.run([bench.command("ansible-inventory"), "-i", inputs.cold_groups_config, "--list"], env, "guard-groups")
    listed = normalized_inventory(output, keep_trust=False)
    hostvars = listed.get("_meta", {}).get("hostvars", {})
    existing = set(group["id"] for group in generate_server_groups(items, "%s:%s" % (bench.args.seed, REGION)))
    joined = sum(1 for item in items if item["server_group_id"] in existing)
    name = HOSTVARS_PREFIX + "server_group"
    # The record is a variable of the host's server-group group (stored once), or of the host.
    records = dict((host, variables[name]) for host, variables in hostvars.items() if name in variables)
    for group, content in listed.items():
        if group != "_meta" and name in content.get("vars", {}):
            records.update((host, content["vars"][name]) for host in content.get("hosts", []))
    records = list(records.values())
    if len(hostvars) != inputs.count or sum(1 for record in records if isinstance(record, dict)) != joined:
        raise RunFailed(
            "server_group_details lists %d hosts, %d with a server group record; expected %d and %d"
            % (len(hostvars), sum(1 for record in records if isinstance(record, dict)), inputs.count, joined)
        )
    print(
        "  guard of server_group_details: %d hosts, %d joined to their server group, %d of deleted groups" % (inputs.count, joined, inputs.count - joined),
        flush=True,
    )


def bench_size(bench, size, measure_noop):
    args = bench.args
    inputs = SizeInputs(os.path.join(bench.workdir, "fleet-%d" % size), size, args.seed)
    print("fleet of %d instances" % size, flush=True)
    items = inputs.write_fleet()
    with EmulatorProcess("--data", inputs.fleet_file, "--region", REGION) as emulator:
        project_id = emulator.project_id(REGION)
        python = os.path.join(args.bin_dir, "python")
        inputs.write_inventories(items, project_id, python if os.path.exists(python) else sys.executable)
        env = plugin_env(bench, emulator, project_id)
        envs = {
            "plugin": env,
            "floor": dict(bench.base_env, ANSIBLE_INVENTORY_ENABLED="benchmark_floor"),
            "static": dict(bench.base_env, ANSIBLE_INVENTORY_ENABLED="yaml"),
            "playbook": dict(env, ANSIBLE_INVENTORY_ENABLED="ini"),
        }
        check_same_inventory(bench, inputs, envs)
        if "cold_groups" not in args.skip:
            check_server_groups(bench, inputs, items, env)
        del items
        inventory, playbook = bench.command("ansible-inventory"), bench.command("ansible-playbook")

        def request_count():
            return len(emulator.requests())

        current = {"latency": None}

        def set_latency(latency):
            if current["latency"] != latency:
                emulator.set_faults({"latency_ms": latency})
                current["latency"] = latency

        # Those without a latency do not use the network: measured once per size.
        jobs = [
            Job("floor", size, None, [inventory, "-i", inputs.floor_config, "--list"], envs["floor"]),
            Job("floor_host", size, None, [inventory, "-i", inputs.floor_host_config, "--list"], envs["floor"]),
            Job("static_yaml", size, None, [inventory, "-i", inputs.static_inventory, "--list"], envs["static"]),
            Job("warm", size, None, [inventory, "-i", inputs.cached_config, "--list"], env, before=emulator.clear_requests, after=request_count),
            Job("module_floor", size, None, [playbook, "-i", inputs.localhost_inventory, inputs.module_floor_playbook], envs["playbook"]),
        ]
        if measure_noop:
            jobs.append(Job("noop", size, None, [playbook, "-i", inputs.localhost_inventory, inputs.noop_playbook], envs["playbook"]))
        for latency in args.latencies:
            jobs.extend(
                [
                    Job("cold", size, latency, [inventory, "-i", inputs.cold_config, "--list"], env),
                    Job("cold_groups", size, latency, [inventory, "-i", inputs.cold_groups_config, "--list"], env),
                    # --export keeps group variables on their groups: what the plugin itself costs, without
                    # ansible-inventory copying each server group's record into every host of the output.
                    Job("cold_export", size, latency, [inventory, "-i", inputs.cold_config, "--list", "--export"], env),
                    Job("cold_groups_export", size, latency, [inventory, "-i", inputs.cold_groups_config, "--list", "--export"], env),
                    Job("sequential", size, latency, [inventory, "-i", inputs.sequential_config, "--list"], env),
                    Job(
                        "module",
                        size,
                        latency,
                        [playbook, "-i", inputs.localhost_inventory, inputs.module_playbook],
                        envs["playbook"],
                        before=emulator.clear_requests,
                        after=request_count,
                    ),
                    Job("compliance", size, latency, [playbook, "-i", inputs.localhost_inventory, inputs.compliance_playbook], envs["playbook"]),
                ]
            )
        bench.measure(jobs, set_latency)
        emulator.set_faults({})


def default_output():
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return os.path.join(REPOSITORY_ROOT, "tests", "output", "benchmarks", "results-%s.json" % stamp)


def _terminated(signum, frame):
    print("benchmark stopped by signal %d" % signum, file=sys.stderr, flush=True)
    sys.exit(128 + signum)


def _ignored(signum, frame):
    print("ignored signal %d (--ignore-sigterm)" % signum, file=sys.stderr, flush=True)


def _save(output, facts, args, results, completed_sizes, checks=None):
    """Write what is measured so far; a run stopped midway can go on with --resume."""
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    document = {
        "environment": facts,
        "options": {"sizes": args.sizes, "latencies": args.latencies, "repetitions": args.repetitions, "seed": args.seed},
        "completed_sizes": completed_sizes,
        "results": results,
    }
    if checks is not None:
        document["targets"] = checks
    temporary = output + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
    os.replace(temporary, output)


def main(argv=None):
    args = parse_arguments(argv)
    # SIGTERM (kill, nohup'd runs) unwinds like Ctrl-C, so the emulator and the current run are stopped.
    signal.signal(signal.SIGTERM, _ignored if args.ignore_sigterm else _terminated)
    workdir = args.workdir or tempfile.mkdtemp(prefix="workspace-benchmark-")
    os.makedirs(workdir, exist_ok=True)
    os.makedirs(os.path.join(workdir, "tmp"), exist_ok=True)
    output = args.output or default_output()
    facts = environment_facts(args.bin_dir)
    bench = Bench(args, workdir)
    completed = []
    if args.resume:
        with open(args.resume, encoding="utf-8") as handle:
            previous = json.load(handle)
        completed = [size for size in previous.get("completed_sizes", []) if size in args.sizes]
        bench.results = [result for result in previous["results"] if result["size"] in completed]
        facts["resumed"] = facts["date"]
        facts["date"] = previous["environment"]["date"]
        facts["load_average_at_start"] = previous["environment"]["load_average_at_start"]
        print("resuming %s: sizes %s are done" % (args.resume, ", ".join(str(size) for size in completed)))
    print(
        "%s; %d cores; Python %s; %s; load average %.2f %.2f %.2f"
        % (facts["ansible_core"], facts["cpu_count"], facts["python"], facts["date"], *facts["load_average_at_start"]),
        flush=True,
    )
    try:
        for size in args.sizes:
            if size in completed:
                continue
            measure_noop = not any(result["variant"] == "noop" for result in bench.results)
            bench_size(bench, size, measure_noop=measure_noop)
            completed.append(size)
            _save(output, facts, args, bench.results, completed)
    except RunFailed as error:
        print("benchmark failed: %s" % error, file=sys.stderr)
        return 1
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    facts["load_average_at_end"] = os.getloadavg()
    checks = target_checks(bench.results)
    print_report(facts, bench.results, checks, args)
    _save(output, facts, args, bench.results, completed, checks)
    print("raw results: %s" % output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
