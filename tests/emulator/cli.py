# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line of `python -m tests.emulator`: parse flags, build the state, serve until a signal."""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading

from .agencies import AccessConfig
from .auth import Credentials
from .faults import DEFAULTS, FAULT_MODES, FAULT_TARGETS, WRONG_TYPE_VARIANTS, parse_faults
from .fleet import load_data_file
from .server import EmulatorServer
from .state import DEFAULT_PROJECT_ID, EmulatorState
from .throttle import RATE_LIMIT_SCOPES
from .tls import generate_certificate, server_context

DEFAULT_REGION = "cn-north-4"
DEFAULT_SERVERS = 120


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m tests.emulator",
        description="Local emulator of Huawei Cloud Workspace App GET /v1/{project_id}/image-servers and the IAM "
        "endpoints (tokens, project discovery), with AK/SK signature checking and fault injection. "
        "Admin endpoints (no auth): GET/DELETE /_emulator/requests, GET/PUT /_emulator/faults, "
        "GET /_emulator/info.",
    )
    net = parser.add_argument_group("network")
    net.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    net.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default 0)")
    net.add_argument("--port-file", help="write the bound port to this file once listening (for scripts)")
    net.add_argument("--tls", action="store_true", help="serve HTTPS with a self-signed certificate (127.0.0.1, localhost) made with openssl")
    net.add_argument(
        "--tls-dir",
        help="directory for cert.pem/key.pem with --tls (default: a temp dir removed when the emulator stops); "
        "cert.pem is also the CA file clients should trust",
    )
    net.add_argument("--verbose", action="store_true", help="log every request to stderr (quiet by default)")
    net.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="stop when standard input reaches end of file, i.e. when the process that started the emulator with a pipe on stdin goes away (used by tests)",
    )
    net.add_argument(
        "--request-log",
        metavar="FILE",
        help="append one JSON line per API/IAM request (time, method, path, query, status, request_id, auth kind, fault); never secrets",
    )

    data = parser.add_argument_group("regions and fleets")
    data.add_argument(
        "--region",
        action="append",
        dest="regions",
        metavar="REGION",
        help="region served (repeatable; default %s); each region has one project and fleet" % DEFAULT_REGION,
    )
    data.add_argument(
        "--project-id",
        default=DEFAULT_PROJECT_ID,
        help="project id of the first region (default %s); other regions get a 32-hex id derived from the region name" % DEFAULT_PROJECT_ID,
    )
    data.add_argument("--servers", type=int, default=DEFAULT_SERVERS, help="image servers per project (default %d)" % DEFAULT_SERVERS)
    data.add_argument("--seed", type=int, default=42, help="seed of the generated fleets and fault coin (default 42)")
    data.add_argument("--hostile-names", action="store_true", help="give a few servers hostile names (Jinja2 templates, unicode, spaces, slashes)")
    data.add_argument(
        "--data", metavar="FILE", help="serve the items of this JSON file (a list, or {\"items\": [...]}) in every project instead of a generated fleet"
    )
    data.add_argument(
        "--server-groups",
        metavar="FILE",
        help="serve the server groups of this JSON file (a list, or {\"items\": [...]}) in every project instead of groups derived from the fleet",
    )
    data.add_argument(
        "--down-region",
        action="append",
        default=[],
        metavar="REGION",
        help="every image-servers request for this region's project gets 503 APIGW.0613 (repeatable)",
    )
    data.add_argument(
        "--duplicate-project-region", action="append", default=[], metavar="REGION", help="GET /v3/projects?name=REGION returns two projects (repeatable)"
    )

    creds = parser.add_argument_group("accepted credentials (demo values, printed on start)")
    creds.add_argument("--ak", default="DEMOACCESSKEY00000001", help="access key (default %(default)s)")
    creds.add_argument("--sk", default="demoSecretKey000000000000000000000000001", help="secret key")
    creds.add_argument("--token", default="demo-token", help="static X-Auth-Token valid for every project")
    creds.add_argument("--security-token", default="demo-security-token", help="the X-Security-Token accepted with AK/SK (must be signed when sent)")
    creds.add_argument("--user", default="demo-user", help="IAM user name (default %(default)s)")
    creds.add_argument("--password", default="demo-password", help="IAM user password")
    creds.add_argument("--domain", default="demo-domain", help="IAM domain (account) name (default %(default)s)")

    access = parser.add_argument_group("temporary credentials: ECS metadata and agencies")
    access.add_argument(
        "--agency",
        action="append",
        default=[],
        metavar="NAME@DOMAIN",
        help="account DOMAIN (own project and fleet per region) with agency NAME that the emulator's account may assume (repeatable)",
    )
    access.add_argument(
        "--forbidden-agency", action="append", default=[], metavar="NAME@DOMAIN", help="like --agency, but assuming it is refused with 403 (repeatable)"
    )
    access.add_argument(
        "--credential-lifetime",
        type=int,
        metavar="SECONDS",
        help="temporary credentials (metadata, agencies) expire after this many seconds "
        "(default: 3600 for metadata, the requested duration_seconds for agencies)",
    )
    access.add_argument("--metadata-no-agency", action="store_true", help="the ECS metadata service answers that no agency is attached to the server")
    access.add_argument("--metadata-no-token-api", action="store_true", help="the ECS metadata service has no session-token API (PUT is 404)")

    faults = parser.add_argument_group("faults (image-servers requests only; also PUT /_emulator/faults)")
    faults.add_argument("--latency-ms", type=int, default=0, help="sleep this long before answering each API/IAM request (other requests are not delayed)")
    faults.add_argument("--fail-first", type=int, default=0, help="the first N image-servers requests are faulty")
    faults.add_argument("--fault-rate", type=float, default=0.0, help="each image-servers request is faulty with this probability (seeded by --seed)")
    faults.add_argument(
        "--fault-status",
        type=int,
        default=DEFAULTS["fault_status"],
        help="HTTP status of a faulty request without --fault (default 503 APIGW.0613; 429 APIGW.0308 with Retry-After; 500 APIGW.0601; 502/504 plain text)",
    )
    faults.add_argument("--retry-after", type=int, default=DEFAULTS["retry_after"], help="Retry-After seconds of 429 answers (default 1)")
    faults.add_argument(
        "--fault",
        choices=FAULT_MODES,
        metavar="MODE",
        help="shape of the failure: %s; applies to the requests selected by --fail-first/"
        "--fault-rate, else to every request (see the package docstring)" % ", ".join(FAULT_MODES),
    )
    faults.add_argument("--fault-times", type=int, default=1, help="how many pages empty-page empties (default 1)")
    faults.add_argument(
        "--fault-target",
        choices=FAULT_TARGETS,
        default=DEFAULTS["fault_target"],
        help="the listing faults apply to: %s (default image-servers)" % ", ".join(FAULT_TARGETS),
    )
    faults.add_argument("--fault-variant", choices=WRONG_TYPE_VARIANTS, help="wrong-types variant (default: rotate %s)" % ", ".join(WRONG_TYPE_VARIANTS))
    faults.add_argument(
        "--rate-limit",
        type=float,
        metavar="RPS",
        help="throttle image-servers requests like the API gateway: a token bucket of RPS requests "
        "per second (bursts up to one second's worth); beyond it 429 APIGW.0308 with "
        "Retry-After, logged with fault rate-limit",
    )
    faults.add_argument(
        "--rate-limit-scope", choices=RATE_LIMIT_SCOPES, default="endpoint", help="one bucket for the whole emulator (endpoint, the default) or one per project"
    )
    return parser


def _fault_config(args):
    return parse_faults(
        {
            "fail_first": args.fail_first,
            "fault_rate": args.fault_rate,
            "fault_status": args.fault_status,
            "retry_after": args.retry_after,
            "fault": args.fault,
            "fault_times": args.fault_times,
            "fault_variant": args.fault_variant,
            "down_regions": args.down_region,
            "latency_ms": args.latency_ms,
            "seed": args.seed,
            "fault_target": args.fault_target,
            "rate_limit": args.rate_limit,
            "rate_limit_scope": args.rate_limit_scope,
        }
    )


def build_state(args, parser):
    regions = args.regions or [DEFAULT_REGION]
    if len(set(regions)) != len(regions):
        parser.error("--region: each region may be given once")
    if args.servers < 0:
        parser.error("--servers must be >= 0")
    try:
        faults = _fault_config(args)
        items = load_data_file(args.data) if args.data else None
        groups = load_data_file(args.server_groups) if args.server_groups else None
    except (OSError, ValueError) as err:
        parser.error(str(err))
    credentials = Credentials(args.ak, args.sk, args.token, args.security_token, args.user, args.password, args.domain)
    if args.credential_lifetime is not None and args.credential_lifetime < 1:
        parser.error("--credential-lifetime must be >= 1")
    try:
        access = AccessConfig(args.agency, args.forbidden_agency, args.credential_lifetime, not args.metadata_no_agency, not args.metadata_no_token_api)
    except ValueError as err:
        parser.error(str(err))
    if args.domain in access.domains():
        parser.error("--agency: the domain must be another account than --domain %s" % args.domain)
    state = EmulatorState(
        regions,
        args.project_id,
        args.servers,
        args.seed,
        args.hostile_names,
        items,
        args.duplicate_project_region,
        credentials,
        faults,
        args.request_log,
        args.verbose,
        server_groups=groups,
    )
    state.add_accounts(access, args.servers, args.seed, args.hostile_names, items)
    return state


def banner(state):
    info = state.info()
    creds = info["credentials"]
    lines = ["Workspace App emulator listening on %s" % state.url]
    for region, project_id in info["regions"].items():
        lines.append("  region %s: project_id %s (%d servers, %d server groups)" % (region, project_id, info["servers"][region], info["server_groups"][region]))
    lines.append("  AK/SK: %s / %s" % (creds["access_key"], creds["secret_key"]))
    lines.append("  security token (optional, with AK/SK): %s" % creds["security_token"])
    lines.append("  X-Auth-Token: %s" % creds["token"])
    lines.append("  IAM user/password/domain: %s / %s / %s" % (creds["user"], creds["password"], creds["domain"]))
    for domain, account in info["accounts"].items():
        lines.append(
            "  account %s (domain_id %s): %s" % (domain, account["domain_id"], ", ".join("%s project_id %s" % item for item in account["regions"].items()))
        )
    for agency in info["agencies"]:
        lines.append("  agency (may be assumed): %s" % agency)
    for agency in info["forbidden_agencies"]:
        lines.append("  agency (refused, 403): %s" % agency)
    lines.append(
        "  ECS metadata: %s/openstack/latest/securitykey (%s)" % (state.url, "agency attached" if info["metadata"]["agency_attached"] else "no agency attached")
    )
    if state.ca_file:
        lines.append("  CA file: %s" % state.ca_file)
    throttle = state.faults.throttle
    if throttle.rate:
        lines.append("  rate limit: %g requests/s per %s" % (throttle.rate, throttle.scope))
    lines.append("  admin: %s/_emulator/requests | /_emulator/faults | /_emulator/info" % state.url)
    return "\n".join(lines)


def _write_port_file(path, port):
    temporary = "%s.tmp%d" % (path, os.getpid())
    with open(temporary, "w") as handle:
        handle.write("%d\n" % port)
    os.replace(temporary, path)


def _set_on_stdin_eof(event):
    # os.read, not sys.stdin: a daemon thread blocked in a buffered reader aborts the interpreter
    # at exit ("could not acquire lock for <stdin>").
    while os.read(0, 4096):
        pass
    event.set()


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    state = build_state(args, parser)
    context = None
    own_tls_dir = None
    if args.tls:
        if not args.tls_dir:
            own_tls_dir = tempfile.mkdtemp(prefix="workspace-emulator-tls-")
        try:
            cert_file, key_file = generate_certificate(args.tls_dir or own_tls_dir)
        except (OSError, RuntimeError) as err:
            parser.error("--tls: %s" % err)
        context = server_context(cert_file, key_file)
        state.ca_file = cert_file
    try:
        server = EmulatorServer((args.host, args.port), state, context)
    except OSError as err:
        parser.error("cannot listen on %s:%d: %s" % (args.host, args.port, err))
    host = args.host if ":" not in args.host else "[%s]" % args.host
    state.url = "%s://%s:%d" % ("https" if context else "http", host, server.server_address[1])

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    if args.exit_on_stdin_eof:
        # A test runner that forks per test (pytest-forked) never runs fixture teardown in the
        # parent; the pipe closing is the one signal that always arrives.
        threading.Thread(target=_set_on_stdin_eof, args=(stop,), daemon=True).start()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    serving.start()
    print(banner(state), flush=True)
    if args.port_file:
        _write_port_file(args.port_file, server.server_address[1])
    while not stop.wait(0.5):
        pass
    state.stopping.set()
    server.shutdown()
    server.server_close()
    if own_tls_dir:
        shutil.rmtree(own_tls_dir, ignore_errors=True)
    print("Workspace App emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
