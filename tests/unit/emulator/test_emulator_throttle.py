# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The gateway throttle (--rate-limit): the token bucket alone, then through the running emulator."""

import pytest

from ansible_collections.huaweicloud.workspace.tests.emulator.cli import build_parser, build_state
from ansible_collections.huaweicloud.workspace.tests.emulator.faults import parse_faults
from ansible_collections.huaweicloud.workspace.tests.emulator.process import EmulatorError
from ansible_collections.huaweicloud.workspace.tests.emulator.throttle import Throttle

# One token per 100 s: after the first request every other one is throttled, however slow the machine.
SLOW = 0.01


class Clock(object):
    def __init__(self):
        self.now = 50.0

    def __call__(self):
        return self.now


def test_bucket_allows_one_second_of_burst_then_the_rate():
    clock = Clock()
    throttle = Throttle(4, clock=clock)
    assert [throttle.check("p") for dummy in range(5)] == [None, None, None, None, 1]
    clock.now += 0.25  # one token back
    assert throttle.check("p") is None
    assert throttle.check("p") == 1
    clock.now += 10  # the bucket holds one second's worth, no more
    assert [throttle.check("p") for dummy in range(5)] == [None, None, None, None, 1]
    assert throttle.throttled == 3


def test_retry_after_is_whole_seconds_until_the_next_token():
    clock = Clock()
    throttle = Throttle(0.4, clock=clock)  # fractions: the bucket still holds one token
    assert throttle.check("p") is None
    assert throttle.check("p") == 3  # 2.5 s, rounded up
    clock.now += 2.0
    assert throttle.check("p") == 1


def test_scope_endpoint_shares_one_bucket_project_has_one_each():
    shared = Throttle(1, "endpoint", clock=Clock())
    assert [shared.check("a"), shared.check("b")] == [None, 1]
    separate = Throttle(1, "project", clock=Clock())
    assert [separate.check("a"), separate.check("b"), separate.check("a")] == [None, None, 1]


def test_no_rate_no_throttle():
    throttle = Throttle(None)
    assert all(throttle.check("p") is None for dummy in range(1000))


@pytest.mark.parametrize("value", [0, -1, "x", True, float("nan"), float("inf")])
def test_bad_rate_limit_is_refused(value):
    with pytest.raises(ValueError) as caught:
        parse_faults({"rate_limit": value})
    assert "rate_limit must be a positive number" in str(caught.value)


def test_bad_scope_is_refused():
    with pytest.raises(ValueError) as caught:
        parse_faults({"rate_limit": 5, "rate_limit_scope": "user"})
    assert "rate_limit_scope must be one of endpoint, project" in str(caught.value)


def test_command_line_flags():
    parser = build_parser()
    args = parser.parse_args(["--rate-limit", "20", "--rate-limit-scope", "project"])
    state = build_state(args, parser)
    assert (state.faults.throttle.rate, state.faults.throttle.scope) == (20.0, "project")
    with pytest.raises(SystemExit):
        build_state(parser.parse_args(["--rate-limit", "-5"]), parser)


def test_throttled_answer_is_the_gateways_and_is_logged(caller, fresh):
    fresh.set_faults({"rate_limit": SLOW, "down_regions": ["cn-east-3"]})
    assert caller.image_servers().status == 200
    reply = caller.image_servers()
    assert reply.status == 429
    assert reply.json() == {
        "error_code": "APIGW.0308",
        "error_msg": "The throttling threshold has been reached: policy user over ratelimit, limit:0.01, time:1 second",
    }
    assert 90 <= int(reply.header("Retry-After")) <= 100 and reply.header("X-Request-Id")
    log = fresh.requests()
    assert [(entry["status"], entry["fault"]) for entry in log] == [(200, None), (429, "rate-limit")]
    assert fresh.admin("GET", "info")["throttled_requests"] == 1


def test_authentication_comes_first(caller, fresh):
    fresh.set_faults({"rate_limit": SLOW, "down_regions": ["cn-east-3"]})
    assert caller.image_servers(token="bad").status == 401
    assert caller.image_servers().status == 200


def test_per_project_scope_through_the_admin_api(caller, fresh):
    fresh.set_faults({"rate_limit": SLOW, "rate_limit_scope": "project", "down_regions": ["cn-east-3"]})
    other = fresh.project_id("ap-southeast-1")
    assert caller.image_servers().status == 200
    assert caller.image_servers(project_id=other).status == 200
    assert caller.image_servers().status == 429
    assert caller.image_servers(project_id=other).status == 429
    # A new configuration starts with full buckets.
    fresh.set_faults({"rate_limit": SLOW, "down_regions": ["cn-east-3"]})
    assert caller.image_servers(project_id=other).status == 200
    assert caller.image_servers().status == 429


def test_admin_api_refuses_a_bad_rate_limit(fresh):
    with pytest.raises(EmulatorError) as caught:
        fresh.set_faults({"rate_limit": -2})
    assert "400" in str(caught.value) and "rate_limit must be a positive number" in str(caught.value)
