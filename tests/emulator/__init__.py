# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local emulator of Huawei Cloud Workspace App image servers and IAM, for tests.

Run from the repository root: ``python -m tests.emulator [flags]`` (``--help`` lists them).
Standard library only (plus the ``openssl`` CLI for ``--tls``); it shares no code with
``plugins/`` so it checks the client instead of agreeing with it. From tests use
``tests/emulator/process.py`` (``EmulatorProcess``).

Flags
-----
Network: ``--host`` (default 127.0.0.1), ``--port`` (0 = any free port), ``--port-file FILE``
(the bound port, written once listening), ``--tls``, ``--tls-dir DIR``, ``--verbose`` (log
each request to stderr; quiet otherwise), ``--request-log FILE`` (JSON lines),
``--exit-on-stdin-eof`` (stop when the parent's pipe on stdin closes; used by tests).
Regions and fleets: ``--region R`` (repeatable; default cn-north-4), ``--project-id P``
(first region; default a4da8115c9d8464ead3a38309130523f), ``--servers N`` (per project,
default 120), ``--seed S`` (default 42), ``--hostile-names``, ``--data FILE``,
``--server-groups FILE``, ``--down-region R`` (repeatable), ``--duplicate-project-region R``
(repeatable).
Credentials: ``--ak``, ``--sk``, ``--token``, ``--security-token``, ``--user``,
``--password``, ``--domain`` (demo defaults, printed on start).
Faults: ``--latency-ms``, ``--fail-first``, ``--fault-rate``, ``--fault-status``,
``--retry-after``, ``--fault MODE``, ``--fault-times``, ``--fault-variant``, ``--fault-target``
(described below).
Throttle: ``--rate-limit RPS``, ``--rate-limit-scope endpoint|project`` (described below).

Endpoints (one port serves them all; point both the Workspace App and the IAM endpoint at it)
------------------------------------------------------------------------------------------
``GET /v1/{project_id}/image-servers``
    Query: ``offset`` (int >= 0, default 0), ``limit`` (int 1..100, default 10),
    ``server_name`` (case-sensitive substring of ``name``), ``server_id`` (exact),
    ``enterprise_project_id`` (exact; present but empty or ``"0"`` selects the default
    project, i.e. items whose value is ``"0"`` or ``""``). An empty ``server_name`` or
    ``server_id`` is no filter. Values are form-decoded (``+`` is a space) as by the service;
    the signature check decodes the raw query without turning ``+`` into a space, as the
    gateway does. Unknown parameters are ignored; a known one given twice, or an invalid
    ``offset``/``limit``, is 400 ``WKS.0001`` naming the parameter.

    ``server_id`` matches the item's ``id``: the API page describes the query parameter as
    "Unique ID of the image instance" and the item's ``id`` as "Unique instance ID", whereas
    the item's ``server_id`` field is the "APS instance ID" (another object, empty while the
    instance is being created).

    Answer: ``{"count": <all matching>, "items": [<page>]}``, items in creation order with the
    14 fields of the API page. Checks in order: authentication (401 ``APIGW.0301``; expired
    token 401 ``APIGW.0307``), the rate limit (429 ``APIGW.0308``), ``X-Project-Id`` header or token scope differing from the path
    project (403 ``APIGW.0302``), unknown project (404 ``WKS.0404``), ``--down-region``
    (503 ``APIGW.0613``), injected faults, query validation (400). Another method: 405
    ``APIGW.0105``. Any other path: 404 ``APIGW.0101``.
``GET /v1/{project_id}/app-server-groups``
    The server groups (the SDK's ListServerGroups; items shaped like its ServerGroup model:
    ``id``, ``name``, ``description``, ``image_id``, ``os_type``, ``app_type``, ``product_id``,
    ``subnet_id``, ``enterprise_project_id``, ``server_group_status``, ``app_server_count``,
    ``tags`` (list of ``{key, value}``), ``create_time``, ``update_time`` and the rest). Query:
    ``offset``, ``limit`` (as above), ``server_group_name`` (substring), ``server_group_id``,
    ``app_type`` (SESSION_DESKTOP_APP or COMMON_APP), ``tags`` (substring of a ``key=value``),
    ``enterprise_project_id``, ``is_secondary_server_group`` (true/false). Same answer shape,
    checks, ``--down-region`` and faults (with ``fault_target``) as image-servers. The groups are
    derived from the fleet (see tests/emulator/server_groups.py): one per referenced
    ``server_group_id`` except every tenth from the third on (deleted, servers still point at it),
    plus two unused groups; names with unicode, spaces, and one name shared by two groups
    (``--hostile-names``: a Jinja2 template, control characters, a 1,000-character name);
    ``--server-groups FILE`` serves that file's groups in every project instead.
``POST /v3/auth/tokens``
    Password method, scope ``project.name`` = a served region (or ``project.id``). 201 with the
    token in ``X-Subject-Token`` and ``{"token": {"expires_at", "project": {"id", "name"}, ...}}``.
    Wrong user/password/domain: 401 ``{"error": {"code", "message", "title"}, "error_code":
    "IAM.0006", "error_msg"}``; bad body or unknown project: 400 (``IAM.0011``/``IAM.0012``).
``GET /v3/projects?name=<region>``
    AK/SK-signed or ``X-Auth-Token``: ``{"projects": [{"id", "name", "domain_id", ...}]}``;
    empty for an unknown region, two entries for a ``--duplicate-project-region``.

Every answer has ``Content-Length`` and a unique hex ``X-Request-Id`` (IAM answers also
``X-IAM-Trace-Id``); HTTP/1.1 keep-alive; a thread per connection.

Authentication (API and ``/v3/projects``)
    ``X-Auth-Token``: a token issued by ``/v3/auth/tokens`` (scoped to its project) or the
    static ``--token`` (any project). Otherwise ``Authorization: SDK-HMAC-SHA256 Access=..,
    SignedHeaders=.., Signature=..``, recomputed from the request as received (own
    implementation, ``hmac.compare_digest``); ``host`` and ``x-sdk-date`` must be signed and
    the date within 15 minutes. An ``X-Security-Token`` must equal ``--security-token`` and be
    signed. Secrets are never echoed in answers or logs.

Fleets
    Each region has one project (``--project-id`` for the first; a 32-hex id derived from the
    name for the others) and ``--servers`` items generated from ``--seed`` and the region:
    18-digit ids, names ``img-srv-00001``..., every status (CREATING, ACTIVE, BUILDING, BUILT,
    ERROR, DELETING and ``null``), every image type (gold, public, private, shared, other),
    max(3, N/50) server groups, enterprise projects ``"0"``, ``""`` and three uuids.
    ``--hostile-names`` adds Jinja2 templates, unicode, spaces, slashes. ``--data FILE``
    serves the file's items in every project instead.

Admin (no auth, not in the request log)
    ``GET /_emulator/requests`` (log entries: time, method, path, query, status, request_id,
    auth ``aksk``/``token``/``none``, kind ``api``/``iam``/``unknown``, fault),
    ``DELETE /_emulator/requests``, ``GET /_emulator/faults``, ``PUT /_emulator/faults``
    (replaces the whole configuration; keys: fail_first, fault_rate, fault_status,
    retry_after, fault, fault_times, fault_variant, down_regions, latency_ms, seed, fault_target,
    fault_regions, rate_limit, rate_limit_scope; counters, drift, token expiries and the throttle's
    buckets restart), ``GET /_emulator/info`` (url, ca_file, regions -> project ids, servers per
    region as served now (drift included), throttled_requests, demo credentials).

Faults (image-servers requests, counted after authentication)
    ``--fail-first N`` / ``--fault-rate P`` select faulty requests (the first N; each with
    probability P from a coin seeded by ``--seed``). With neither, ``--fault MODE`` applies to
    every request within its own rule. A selected request without a mode gets
    ``--fault-status`` (503 APIGW.0613; 429 APIGW.0308 + ``Retry-After: --retry-after``;
    500 APIGW.0601; 502/504 plain text; others WKS.9999). Modes:
    reset (headers and half the body, then the connection is aborted), hang (never answers;
    returns when the client leaves or the emulator stops), malformed-json (200, truncated),
    html (502 text/html proxy page), count-grow (from the second request on, 7 new items are
    appended to the project at each request), count-shrink (likewise 7 items dropped from the
    start), duplicate-item (pages at offset > 0 start one item early, so the last item of page
    k opens page k+1; count unchanged), empty-page (a page at 0 < offset < count comes back
    empty, ``--fault-times`` times, count unchanged), long-page (limit + 5 items),
    missing-items, missing-count, wrong-types (``--fault-variant`` count-string, items-dict or
    item-not-object; rotates when unset), token-expired (a token stops working after its
    first successful use: 401 APIGW.0307; a new IAM token works again), forbidden (403
    APIGW.0302 about ``workspace:imageServer:list``), project-not-found (404 WKS.0404).
    ``--latency-ms`` delays each API/IAM answer (per thread). ``--fault-target`` (``fault_target``)
    chooses the listing the faults apply to and whose requests are counted: ``image-servers``
    (default), ``app-server-groups`` or ``all``; forbidden then names ``workspace:appServerGroup:list``.
    ``fault_regions`` (admin only), when not empty, limits the faults to those regions' projects.

Throttle (image-servers requests, after authentication, before every other check)
    ``--rate-limit RPS`` throttles like the API gateway (about 200 requests per second per user
    and API in the cloud): a token bucket refilled at RPS per second holding up to one second's
    worth (at least one token). A request that finds the bucket empty gets 429 ``APIGW.0308``
    with the gateway's body ("... policy user over ratelimit, limit:RPS, time:1 second") and
    ``Retry-After`` in whole seconds until the next token (at least 1); it is logged with status
    429 and fault ``rate-limit``, and counted in ``throttled_requests`` of ``/_emulator/info``.
    ``--rate-limit-scope`` ``endpoint`` (default: one bucket for everything this emulator serves,
    like one regional gateway) or ``project`` (a bucket per project). Run one emulator per region
    to give regions their own endpoints and limits. ``PUT /_emulator/faults`` with ``rate_limit``
    (null: none) and ``rate_limit_scope`` changes it and starts with full buckets.

Start and stop
    Prints the URL, region -> project ids and the accepted demo credentials (and the CA file
    with ``--tls``) to stdout, writes ``--port-file`` once listening, serves until SIGINT or
    SIGTERM and exits 0. ``--tls`` makes a self-signed certificate for 127.0.0.1/localhost with
    openssl in ``--tls-dir`` (default a temp dir) as cert.pem/key.pem; cert.pem is the CA file.
"""
