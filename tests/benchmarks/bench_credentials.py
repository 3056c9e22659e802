# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the credential chain costs: one listing per credential source, against the emulator.

    PYTHONPATH=<dir holding ansible_collections> python tests/benchmarks/bench_credentials.py [--runs 15]

Run from the collection root (it starts ``python -m tests.emulator``). For each source it builds a
fresh client (as every module run and inventory parse does) and lists a fleet of 250 (3 pages),
and prints the median wall time, its ratio to AK/SK options, and how many requests one listing
made. "nothing found (refused)" is the failing chain off-cloud, with the metadata endpoint on a
closed loopback port: the time a run without credentials takes to say so.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import WorkspaceClient
from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorProcess

SERVERS = 250


def sources(emulator, credentials_file):
    creds = emulator.credentials
    base = {
        "region": "cn-north-4",
        "endpoint": emulator.url,
        "iam_endpoint": emulator.url,
        "project_id": emulator.project_id(),
        "metadata_endpoint": emulator.url,
        "metadata_credentials": False,
    }
    return [
        ("AK/SK options", dict(base, access_key=creds["access_key"], secret_key=creds["secret_key"])),
        ("credentials file", dict(base, credentials_file=credentials_file)),
        ("ECS metadata", dict(base, metadata_credentials=True)),
        ("agency (metadata caller)", dict(base, metadata_credentials=True, project_id=None, agency_name="ops", agency_domain_name="account-b")),
        ("nothing found (refused)", dict(base, metadata_credentials=True, metadata_endpoint="http://127.0.0.1:9")),
    ]


def one_run(options):
    started = time.perf_counter()
    try:
        WorkspaceClient(ConnectionSettings.from_options(options)).list_image_servers()
    except WorkspaceConfigError:
        pass
    return time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    os.environ["HOME"] = tempfile.mkdtemp(prefix="bench-credentials-")  # no ~/.huaweicloud/credentials
    with EmulatorProcess("--servers", SERVERS, "--agency", "ops@account-b") as emulator:
        credentials_file = os.path.join(os.environ["HOME"], "credentials")
        with open(credentials_file, "w") as handle:
            creds = emulator.credentials
            handle.write("[basic]\nak = %s\nsk = %s\n" % (creds["access_key"], creds["secret_key"]))
        rows = []
        for name, options in sources(emulator, credentials_file):
            one_run(options)  # warm-up
            emulator.clear_requests()
            one_run(options)
            requests = len(emulator.requests())
            rows.append((name, statistics.median(one_run(options) for dummy in range(args.runs)), requests))
    baseline = rows[0][1]
    print("%-26s %10s %8s %9s" % ("source", "median ms", "ratio", "requests"))
    for name, median, requests in rows:
        print("%-26s %10.1f %8.2f %9d" % (name, median * 1000, median / baseline, requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
