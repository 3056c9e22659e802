# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AIMD rate limiter, with a fake clock that only moves when the limiter sleeps or a test says so."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import ConnectionSettings
from ansible_collections.huaweicloud.workspace.plugins.module_utils._rate_limit import (
    DECREASE_FACTOR,
    INCREASE_SHARE_PER_SECOND,
    MIN_RATE,
    HostRateLimiter,
    RateLimiters,
    check_max_rate,
)


class FakeTime(object):
    """A clock and a sleep: sleeping moves the clock; on_sleep runs once, while the first sleep lasts."""

    def __init__(self):
        self.now = 100.0
        self.sleeps = []
        self.on_sleep = None

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        action, self.on_sleep = self.on_sleep, None
        if action:
            action()
        self.now += seconds

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def fake():
    return FakeTime()


def limiter_for(fake, max_rate=None):
    return HostRateLimiter(max_rate, clock=fake.clock, sleep=fake.sleep)


def deliver(limiter, fake, count, every):
    """count requests answered well, one every `every` seconds."""
    for dummy in range(count):
        ticket = limiter.acquire()
        fake.advance(every)
        limiter.succeeded(ticket)


# ---- the option ------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [(None, None), ("", None), (5, 5.0), ("0.5", 0.5), (200.0, 200.0)])
def test_max_rate_accepts_positive_numbers_or_unset(value, expected):
    assert check_max_rate(value) == expected


@pytest.mark.parametrize("value", [0, -1, "abc", "inf", "nan", float("inf"), True, [5]])
def test_max_rate_rejects_the_rest_with_the_option_name(value):
    with pytest.raises(ValueError) as caught:
        check_max_rate(value)
    assert "max_requests_per_second must be a positive number" in str(caught.value)
    assert repr(value) in str(caught.value)


def test_settings_validate_the_option():
    base = {"region": "cn-north-4", "auth_token": "t"}
    assert ConnectionSettings.from_options(base).max_requests_per_second is None
    assert ConnectionSettings.from_options(dict(base, max_requests_per_second=2.5)).max_requests_per_second == 2.5
    with pytest.raises(WorkspaceConfigError) as caught:
        ConnectionSettings.from_options(dict(base, max_requests_per_second=-3))
    assert caught.value.option == "max_requests_per_second"
    assert "got -3" in str(caught.value)


# ---- pacing --------------------------------------------------------------------------------


def test_starts_optimistic_no_pacing_without_a_maximum_or_a_429(fake):
    limiter = limiter_for(fake)
    for dummy in range(500):
        limiter.succeeded(limiter.acquire())
    assert fake.sleeps == [] and limiter.rate is None


def test_a_maximum_paces_from_the_first_request(fake):
    limiter = limiter_for(fake, max_rate=4)
    sent = []
    for dummy in range(5):
        limiter.acquire()
        sent.append(fake.now - 100.0)
    assert sent == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_a_429_pauses_every_request_for_the_pause_given(fake):
    limiter = limiter_for(fake)
    limiter.throttled(3.0, limiter.acquire())
    limiter.acquire()
    assert fake.sleeps == [3.0]
    limiter.acquire()  # the pause is over
    assert fake.sleeps == [3.0]
    assert limiter.throttled_count == 1


def test_without_any_good_answer_a_429_only_pauses(fake):
    limiter = limiter_for(fake)
    limiter.throttled(1.0, limiter.acquire())
    assert limiter.rate is None


def test_multiplicative_decrease_from_what_was_delivered(fake):
    limiter = limiter_for(fake)
    deliver(limiter, fake, 60, 1.0 / 30)  # 30 per second for 2 s
    limiter.throttled(1.0, limiter.acquire())
    assert limiter.rate == pytest.approx(DECREASE_FACTOR * 30, rel=0.02)


def test_a_short_burst_counts_as_one_second(fake):
    # 20 answers within 0.1 s say "20 per second" at most, not 200: gateways count per second.
    limiter = limiter_for(fake)
    deliver(limiter, fake, 20, 0.005)
    limiter.throttled(1.0, limiter.acquire())
    assert limiter.rate == pytest.approx(DECREASE_FACTOR * 20)


def test_one_decrease_per_congestion_event(fake):
    limiter = limiter_for(fake)
    deliver(limiter, fake, 40, 0.025)
    in_flight = [limiter.acquire() for dummy in range(5)]  # sent before the gateway refused
    for ticket in in_flight:
        limiter.throttled(1.0, ticket)
    assert limiter.rate == pytest.approx(DECREASE_FACTOR * 40)
    assert limiter.throttled_count == 5
    # A refusal of a request sent at the new pace is a new event.
    first_rate = limiter.rate
    limiter.throttled(1.0, limiter.acquire())
    assert limiter.rate < first_rate


def test_repeated_refusals_never_go_below_the_minimum(fake):
    limiter = limiter_for(fake, max_rate=1)
    for dummy in range(20):
        limiter.throttled(0.0, limiter.acquire())
    assert limiter.rate == MIN_RATE


def test_additive_increase_while_answers_are_good(fake):
    limiter = limiter_for(fake)
    deliver(limiter, fake, 40, 0.025)
    limiter.throttled(1.0, limiter.acquire())
    decreased = limiter.rate
    fake.advance(1.0)  # the pause: no growth
    deliver(limiter, fake, 1, 0.0)
    assert limiter.rate == pytest.approx(decreased)
    rates = []
    for dummy in range(4):
        fake.advance(1.0)
        limiter.succeeded(limiter.acquire())
        rates.append(limiter.rate)
    steps = [later - earlier for earlier, later in zip([decreased] + rates, rates)]
    # Linear, by a share of the rate found per second of good answers: the additive part of AIMD.
    assert steps == pytest.approx([INCREASE_SHARE_PER_SECOND * 40] * 4, rel=0.05)


def test_growth_never_exceeds_the_maximum(fake):
    limiter = limiter_for(fake, max_rate=10)
    deliver(limiter, fake, 10, 0.1)
    limiter.throttled(0.0, limiter.acquire())
    assert limiter.rate == pytest.approx(DECREASE_FACTOR * 10)
    deliver(limiter, fake, 400, 0.1)
    assert limiter.rate == 10


def test_late_good_answers_of_the_old_window_raise_the_estimate(fake):
    # A refusal is read before the full pages sent in the same wave: those still count.
    limiter = limiter_for(fake)
    deliver(limiter, fake, 10, 0.01)
    wave = [limiter.acquire() for dummy in range(12)]
    limiter.throttled(1.0, wave[0])
    assert limiter.rate == pytest.approx(DECREASE_FACTOR * 10)
    for ticket in wave[1:11]:
        limiter.succeeded(ticket)
    assert limiter.rate == pytest.approx(DECREASE_FACTOR * 20)


def test_a_request_waiting_for_an_old_slot_waits_again_for_the_new_pace(fake):
    limiter = limiter_for(fake, max_rate=2)
    limiter.acquire()
    old_generation = limiter._generation
    # While the next request sleeps for its slot (0.5 s), another thread gets a 429.
    fake.on_sleep = lambda: limiter.throttled(5.0, old_generation)
    ticket = limiter.acquire()
    assert ticket == old_generation + 1
    assert fake.sleeps[0] == 0.5 and sum(fake.sleeps) >= 5.0


def test_threads_share_one_limiter_per_host():
    limiters = RateLimiters(max_rate=7)
    first = limiters.for_url("https://appstream.cn-north-4.myhuaweicloud.com/v1/a/image-servers?offset=0")
    assert limiters.for_url("https://APPSTREAM.cn-north-4.myhuaweicloud.com/v3/projects") is first
    assert limiters.for_url("https://appstream.cn-east-3.myhuaweicloud.com/v1/b/image-servers") is not first
    assert limiters.for_url("https://appstream.cn-north-4.myhuaweicloud.com:8443/v1/a") is not first
    assert limiters.for_url("http://appstream.cn-north-4.myhuaweicloud.com/v1/a") is not first
    assert first.max_rate == 7 and first.rate == 7


def test_concurrent_threads_get_distinct_slots():
    fake = FakeTime()
    limiter = HostRateLimiter(100, clock=fake.clock, sleep=lambda seconds: None)

    def worker():
        for dummy in range(50):
            limiter.acquire()

    threads = [threading.Thread(target=worker) for dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Every acquire took its own slot, 1/100 s apart: no two threads were given the same one.
    assert limiter._next_slot == pytest.approx(100.0 + 400 * 0.01)


def test_requests_held_back_by_a_pause_go_out_together_when_it_ends():
    # The gateway's allowance refilled during the pause: up to a second's worth at the new rate
    # leaves at once, then pacing goes on (here 12 threads arrive while the clock stands still).
    now = [100.0]
    sleeps = []
    limiter = HostRateLimiter(10, clock=lambda: now[0], sleep=sleeps.append)
    limiter.throttled(1.0, limiter.acquire())
    assert limiter.rate == pytest.approx(9.0)
    for dummy in range(12):
        limiter.acquire()
    assert sleeps == pytest.approx([1.0] * 10 + [1.0 + 1 / 9.0, 1.0 + 2 / 9.0])
