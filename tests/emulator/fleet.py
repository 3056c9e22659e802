# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Image-server fleets: deterministic generation, loading from a file, filtered views.

Items are plain dicts shaped exactly like the API page's ImageServer (14 fields). A fleet is
never copied per request: filtered views are lists of references, cached per filter tuple.
"""

import bisect
import datetime
import json
import random
import threading

STATUSES = ("CREATING", "ACTIVE", "BUILDING", "BUILT", "ERROR", "DELETING", None)
# How often each status appears in a generated fleet; None ("NULL: not set") is rare.
STATUS_WEIGHTS = (6, 60, 6, 14, 6, 4, 4)
IMAGE_TYPES = ("gold", "public", "private", "shared", "other")
IMAGE_TYPE_WEIGHTS = (20, 40, 25, 10, 5)
DEFAULT_ENTERPRISE_PROJECT = "0"

HOSTILE_NAMES = (
    "{{ lookup('pipe', 'id') }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "srv with spaces",
    "srv/with/slashes",
    "服务器-ünïcödé-🚀",
    "semi;colon & amp <tag> \"quote\" 'apos'",
    "-leading-dash",
    "tab\tand\nnewline",
)

_EPOCH = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)


def _uuid(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


_DAY_CACHE = {}


def _timestamp(seconds, millis):
    day, rest = divmod(seconds, 86400)
    date = _DAY_CACHE.get(day)
    if date is None:
        date = _DAY_CACHE[day] = (_EPOCH + datetime.timedelta(days=day)).strftime("%Y-%m-%d")
    return "%sT%02d:%02d:%02d.%03dZ" % (date, rest // 3600, rest // 60 % 60, rest % 60, millis)


def _image_ref(rng, image_type):
    gold = image_type == "gold"
    return {
        "id": _uuid(rng),
        "image_type": image_type,
        "spce_code": "%032x" % rng.getrandbits(128) if gold else "",
        "product_id": "%032x" % rng.getrandbits(128) if gold else "",
    }


def _accounts(rng, domains):
    accounts = []
    for dummy in range(rng.randint(1, 2)):
        if rng.random() < 0.75:
            accounts.append({"account": "user%04d" % rng.randint(1, 9999), "account_type": "USER", "domain": rng.choice(domains)})
        else:
            accounts.append({"account": "group%03d" % rng.randint(1, 999), "account_type": "USER_GROUP", "domain": rng.choice(domains)})
    return accounts


def _spread(values, required):
    """Place each of `required` at evenly spaced positions so that every one occurs."""
    if values:
        for position, value in enumerate(required):
            values[(position * len(values)) // len(required)] = value


# Compliance variety, applied after generation by position only, so that every other field (and
# every status count) is the same as before it existed: servers without a server group, without
# authorized accounts, and with an account from outside the usual domains. Generated update_times
# lie in the fleet's past (from 2023-01-01), so every status has servers old enough to be stuck.
NO_GROUP_EVERY, NO_GROUP_AT = 37, 11
NO_ACCOUNTS_EVERY, NO_ACCOUNTS_AT = 41, 7
GUEST_EVERY, GUEST_AT = 43, 5
GUEST_ACCOUNT = {"account": "guest", "account_type": "USER", "domain": "partner.example.net"}


def _compliance_variety(items):
    for index in range(NO_GROUP_AT, len(items), NO_GROUP_EVERY):
        items[index]["server_group_id"] = ""
    for index in range(NO_ACCOUNTS_AT, len(items), NO_ACCOUNTS_EVERY):
        items[index]["authorize_accounts"] = []
    for index in range(GUEST_AT, len(items), GUEST_EVERY):
        # A new list: the generated account lists are shared between servers.
        items[index]["authorize_accounts"] = items[index]["authorize_accounts"] + [dict(GUEST_ACCOUNT)]


def generate_fleet(count, seed, hostile_names=False):
    """Return `count` items, in creation order, fully determined by `seed`.

    Shared pools (image refs, server groups, accounts) keep 100,000 items well under 2 s.
    """
    rng = random.Random(seed)
    bits = rng.getrandbits
    group_ids = [_uuid(rng) for dummy in range(max(3, count // 50))]
    app_group_ids = [""] + ["%018d" % rng.randint(10**17, 10**18 - 1) for dummy in range(max(3, count // 80))]
    enterprise_projects = [DEFAULT_ENTERPRISE_PROJECT, ""] + [_uuid(rng) for dummy in range(3)]
    domains = ["demo-domain", "ops.example.com", "corp.example.org"]
    refs = {t: [_image_ref(rng, t) for dummy in range(4)] for t in IMAGE_TYPES}
    account_pool = [_accounts(rng, domains) for dummy in range(64)]
    statuses = rng.choices(STATUSES, STATUS_WEIGHTS, k=count)
    image_types = rng.choices(IMAGE_TYPES, IMAGE_TYPE_WEIGHTS, k=count)
    projects = rng.choices(enterprise_projects, (60, 10, 10, 10, 10), k=count)
    names = ["img-srv-%05d" % (index + 1) for index in range(count)]
    _spread(statuses, STATUSES)
    _spread(image_types, IMAGE_TYPES)
    _spread(projects, enterprise_projects)
    if hostile_names:
        _spread(names, HOSTILE_NAMES)
    next_id = 600000000000000000 + bits(48)
    created = bits(20)
    items = []
    for index in range(count):
        next_id += 1 + bits(30)
        created += 30 + bits(11)
        status = statuses[index]
        placed = status not in ("CREATING", None)
        items.append(
            {
                "id": str(next_id),
                "name": names[index],
                "description": "" if index % 3 else "Image server %d" % (index + 1),
                "image_ref": refs[image_types[index]][bits(2)],
                "server_group_id": group_ids[bits(20) % len(group_ids)],
                "app_group_id": app_group_ids[bits(20) % len(app_group_ids)],
                "server_id": "wksapp-" + _uuid(rng) if placed else "",
                "instance_id": _uuid(rng) if placed else "",
                "image_id": _uuid(rng) if status == "BUILT" else "",
                "status": status,
                "authorize_accounts": account_pool[bits(6)],
                "create_time": _timestamp(created, index % 1000),
                "update_time": _timestamp(created + bits(9), (index * 7) % 1000),
                "enterprise_project_id": projects[index],
            }
        )
    _compliance_variety(items)
    return items


def extra_item(seed, number):
    """A new item (for the count-grow fault) that sorts after every generated one."""
    rng = random.Random("%s:extra:%d" % (seed, number))
    item = generate_fleet(1, rng.random())[0]
    item["status"] = "CREATING"
    item["id"] = "9%017d" % number
    item["name"] = "img-srv-new-%05d" % number
    return item


def load_data_file(path):
    """Items from a JSON file holding a list of items or an object with an "items" list."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if isinstance(data, dict):
        data = data.get("items")
    if not isinstance(data, list):
        raise ValueError("%s must hold a JSON list of items or an object with an \"items\" list" % path)
    return data


def _matches(item, server_name, server_id, enterprise_project_id):
    if not isinstance(item, dict):
        return server_name is None and server_id is None and enterprise_project_id is None
    if server_name is not None and server_name not in str(item.get("name") or ""):
        return False
    if server_id is not None and item.get("id") != server_id:
        return False
    if enterprise_project_id is not None:
        wanted = enterprise_project_id or DEFAULT_ENTERPRISE_PROJECT
        actual = item.get("enterprise_project_id") or DEFAULT_ENTERPRISE_PROJECT
        if actual != wanted:
            return False
    return True


class Fleet(object):
    """One project's items plus a cache of filtered views.

    Drift (for the count-grow/count-shrink faults) is an overlay: `removed` items dropped from
    the start and `extras` appended at the end; the generated items are never mutated.
    """

    _CACHE_LIMIT = 512
    _match = staticmethod(_matches)

    def __init__(self, items):
        self.items = items
        self.removed = 0
        self.extras = []
        self._cache = {}
        self._lock = threading.Lock()

    def reset_drift(self):
        with self._lock:
            self.removed = 0
            self.extras = []

    def grow(self, count, make_item):
        """Append `count` new items; `make_item(number)` builds the number-th extra item."""
        with self._lock:
            first = len(self.extras) + 1
            self.extras.extend(make_item(number) for number in range(first, first + count))

    def shrink(self, count):
        with self._lock:
            self.removed += count

    def _filtered(self, key):
        cached = self._cache.get(key)
        if cached is None:
            positions = [i for i, item in enumerate(self.items) if self._match(item, *key)]
            cached = (positions, [self.items[i] for i in positions])
            with self._lock:
                if len(self._cache) >= self._CACHE_LIMIT:
                    self._cache.clear()
                self._cache[key] = cached
        return cached

    def view(self, server_name=None, server_id=None, enterprise_project_id=None):
        """The matching items in creation order: a shared list that callers must not mutate."""
        return self._view((server_name, server_id, enterprise_project_id))

    def _view(self, key):
        positions, matching = self._filtered(key)
        with self._lock:
            removed, extras = self.removed, list(self.extras)
        if not removed and not extras:
            return matching
        start = bisect.bisect_left(positions, removed)
        drifted = matching[start:]
        drifted.extend(item for item in extras if self._match(item, *key))
        return drifted
