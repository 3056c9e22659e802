# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import pytest

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceApiError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._pager import MAX_COUNT, Page, fetch_all, run_concurrently


def fleet(n, start=0):
    return [{"id": "id-%05d" % i, "name": "srv-%d" % i} for i in range(start, start + n)]


class FakeApi(object):
    """A server whose list can be changed between page requests by a hook."""

    def __init__(self, items, on_request=None):
        self.items = list(items)
        self.on_request = on_request
        self.calls = []
        self.lock = threading.Lock()

    def __call__(self, offset, limit):
        with self.lock:
            self.calls.append(offset)
            if self.on_request:
                self.on_request(self, offset, len(self.calls))
            return Page(offset, len(self.items), list(self.items[offset : offset + limit]))


def ids(items):
    return [item["id"] for item in items]


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 250, 1000])
@pytest.mark.parametrize("concurrency", [1, 4, 16])
def test_every_item_once_in_api_order(size, concurrency):
    api = FakeApi(fleet(size))
    items, count = fetch_all(api, concurrency, warn=pytest.fail, limit=100)
    assert ids(items) == ids(fleet(size))
    assert count == size
    assert sorted(api.calls) == list(range(0, max(size, 1), 100)) + ([size] if size and size % 100 == 0 else [])


def test_growth_while_paging_is_followed_and_warned():
    def grow(api, offset, calls):
        if calls == 2:
            api.items.extend(fleet(30, start=250))

    api = FakeApi(fleet(250), on_request=grow)
    warnings = []
    items, count = fetch_all(api, 1, warnings.append, limit=100)
    assert ids(items) == ids(fleet(280))
    assert count == 280
    assert warnings == []  # the second pass saw a stable fleet


def test_shrink_relists_so_shifted_items_are_not_lost():
    def delete_first(api, offset, calls):
        if calls == 2:
            del api.items[:10]

    api = FakeApi(fleet(300), on_request=delete_first)
    items, count = fetch_all(api, 4, pytest.fail, limit=100)
    assert ids(items) == ids(fleet(290, start=10))
    assert count == 290


def test_fleet_that_never_settles_returns_everything_seen_with_a_warning():
    def always_grow(api, offset, calls):
        api.items.extend(fleet(1, start=10000 + calls))

    api = FakeApi(fleet(150), on_request=always_grow)
    warnings = []
    items, count = fetch_all(api, 1, warnings.append, limit=100)
    assert len(warnings) == 1 and "changed while they were being listed" in warnings[0]
    assert len(set(ids(items))) == len(items)
    assert ids(items)[:150] == ids(fleet(150))


def test_duplicates_across_pages_are_removed():
    base = fleet(200)

    def fetch(offset, limit):
        page = base[offset : offset + limit]
        if offset == 100:
            page = [base[99]] + page  # the last item of page 0 again, then the full page
        return Page(offset, 200, page)

    items, count = fetch_all(fetch, 2, pytest.fail, limit=100)
    assert ids(items) == ids(base)


def test_a_page_longer_than_limit_is_accepted_without_duplicates():
    base = fleet(230)

    def fetch(offset, limit):
        return Page(offset, 230, base[offset : offset + limit + 5])

    items, dummy = fetch_all(fetch, 3, pytest.fail, limit=100)
    assert ids(items) == ids(base)


def test_transient_empty_page_is_refetched():
    base = fleet(300)
    served = []

    def fetch(offset, limit):
        served.append(offset)
        if offset == 100 and served.count(100) == 1:
            return Page(offset, 300, [])
        return Page(offset, 300, base[offset : offset + limit])

    items, dummy = fetch_all(fetch, 1, pytest.fail, limit=100)
    assert ids(items) == ids(base)


def test_persistent_hole_is_an_error_not_a_partial_list():
    base = fleet(300)

    def fetch(offset, limit):
        return Page(offset, 300, [] if offset == 200 else base[offset : offset + limit])

    with pytest.raises(WorkspaceApiError, match="incomplete page: offset 200 returned 0 item"):
        fetch_all(fetch, 4, pytest.fail, limit=100)


def test_items_lost_with_a_stable_count_is_an_error():
    base = fleet(200)

    def fetch(offset, limit):
        page = base[offset : offset + limit]
        if offset == 100:
            page = [base[99]] + page[:-1]  # repeats one item and pushes the last one out
        return Page(offset, 200, page)

    with pytest.raises(WorkspaceApiError, match="returned only 199 distinct"):
        fetch_all(fetch, 1, pytest.fail, limit=100)


def test_empty_pages_beyond_count_never_loop_forever():
    calls = []

    def fetch(offset, limit):
        calls.append(offset)
        return Page(offset, 10**6 if offset else 100, fleet(100) if offset == 0 else [])

    items, dummy = fetch_all(fetch, 1, lambda message: None, limit=100)
    assert len(items) == 100
    assert len(calls) < 20


def test_full_pages_forever_is_an_error():
    def fetch(offset, limit):
        return Page(offset, 100, fleet(limit, start=offset))

    with pytest.raises(WorkspaceApiError, match="refusing to page forever"):
        fetch_all(fetch, 1, lambda message: None, limit=100)


def test_first_failure_stops_the_listing():
    def fetch(offset, limit):
        if offset == 300:
            raise WorkspaceApiError("boom", status=500)
        return Page(offset, 1000, fleet(limit, start=offset))

    with pytest.raises(WorkspaceApiError, match="boom"):
        fetch_all(fetch, 4, pytest.fail, limit=100)


def test_a_fleet_of_a_million_is_listed_completely():
    item = {}  # no id: kept as is, so one shared object keeps the test small
    requested = []

    def fetch(offset, limit):
        requested.append(offset)
        return Page(offset, 1000000, [item] * limit if offset < 1000000 else [])

    items, count = fetch_all(fetch, 16, warn=None)
    assert count == 1000000 and len(items) == 1000000
    # Every page once, plus one past the end: the last page was full, so the fleet may have grown.
    assert len(requested) == 10001 and len(set(requested)) == 10001


def test_a_count_beyond_any_fleet_fails_after_the_first_page():
    requested = []

    def fetch(offset, limit):
        requested.append(offset)
        return Page(offset, MAX_COUNT + 1, [{"id": "%d" % number} for number in range(offset, offset + limit)])

    with pytest.raises(WorkspaceApiError, match="far beyond any real fleet"):
        fetch_all(fetch, 16, warn=None)
    assert requested == [0]


def test_the_first_failure_is_raised_without_waiting_for_threads_still_busy():
    release = threading.Event()

    def run(job):
        if job == 1:
            raise WorkspaceApiError("page 1 failed")
        release.wait(30)  # a slow request: the caller must not wait for it
        return job

    jobs = iter(range(4))
    with pytest.raises(WorkspaceApiError, match="page 1 failed"):
        run_concurrently(lambda: next(jobs, None), run, 4)
    release.set()
