# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Everything one emulator instance knows: regions, projects, fleets, credentials, faults, log."""

import hashlib
import threading

from .agencies import AccessConfig
from .auth import Authenticator
from .faults import FaultEngine
from .fleet import Fleet, generate_fleet
from .metadata import SessionTokens
from .request_log import RequestLog
from .server_groups import ServerGroups, generate_server_groups

# The project id of the API page's example request.
DEFAULT_PROJECT_ID = "a4da8115c9d8464ead3a38309130523f"


def derived_id(kind, name):
    """A stable 32-hex id for a name (other regions' projects, domain ids, duplicates)."""
    return hashlib.sha256(("%s:%s" % (kind, name)).encode("utf-8")).hexdigest()[:32]


class Project(object):
    def __init__(self, region, project_id, fleet, server_groups, account=None):
        self.region = region
        self.project_id = project_id
        self.fleet = fleet
        self.server_groups = server_groups
        # None: the emulator's own account; else the domain name of an agency's account.
        self.account = account


class EmulatorState(object):
    def __init__(
        self,
        regions,
        first_project_id,
        server_count,
        seed,
        hostile_names,
        data_items,
        duplicate_regions,
        credentials,
        fault_config,
        request_log_path=None,
        verbose=False,
        server_groups=None,
    ):
        self.credentials = credentials
        self.auth = Authenticator(credentials)
        self.domain_id = derived_id("domain", credentials.domain)
        self.user_id = derived_id("user", credentials.user)
        self.projects = []
        for position, region in enumerate(regions):
            project_id = first_project_id if position == 0 else derived_id("project", region)
            if data_items is not None:
                items = data_items
            else:
                items = generate_fleet(server_count, "%s:%s" % (seed, region), hostile_names)
            groups = server_groups
            if groups is None:
                groups = generate_server_groups(items, "%s:%s" % (seed, region), hostile_names)
            self.projects.append(Project(region, project_id, Fleet(items), ServerGroups(groups)))
        self.projects_by_id = {p.project_id: p for p in self.projects}
        self.duplicate_regions = set(duplicate_regions)
        self.faults = FaultEngine(fault_config)
        self.request_log = RequestLog(request_log_path)
        self.verbose = verbose
        self.stopping = threading.Event()
        self.url = None
        self.ca_file = None
        self.access = AccessConfig()
        self.metadata_tokens = SessionTokens()
        self.domain_names_by_id = {self.domain_id: credentials.domain}
        self.accounts = {}

    def add_accounts(self, access, server_count, seed, hostile_names, data_items):
        """The accounts of access' agencies: a project and fleet per served region in each."""
        self.access = access
        for domain in access.domains():
            self.domain_names_by_id[derived_id("domain", domain)] = domain
            projects = []
            for own in self.projects:
                account_seed = "%s:%s:%s" % (seed, domain, own.region)
                items = data_items if data_items is not None else generate_fleet(server_count, account_seed, hostile_names)
                groups = ServerGroups(generate_server_groups(items, account_seed, hostile_names))
                project = Project(own.region, derived_id("project", "%s:%s" % (domain, own.region)), Fleet(items), groups, domain)
                projects.append(project)
                self.projects_by_id[project.project_id] = project
            self.accounts[domain] = projects

    def project_for_region(self, region):
        for project in self.projects:
            if project.region == region:
                return project
        return None

    def iam_projects(self, name=None, account=None):
        """IAM's view of an account: its regions' projects, plus a twin for duplicated regions."""
        listed = []
        for project in self.accounts[account] if account is not None else self.projects:
            if name is not None and project.region != name:
                continue
            listed.append(self._iam_project(project.region, project.project_id, account))
            if project.region in self.duplicate_regions and account is None:
                listed.append(self._iam_project(project.region, derived_id("duplicate", project.region)))
        return listed

    def _iam_project(self, region, project_id, account=None):
        domain_id = derived_id("domain", account) if account is not None else self.domain_id
        return {
            "id": project_id,
            "name": region,
            "domain_id": domain_id,
            "description": "",
            "enabled": True,
            "is_domain": False,
            "parent_id": domain_id,
            "links": {"self": "/v3/projects/%s" % project_id},
        }

    def replace_faults(self, config):
        """New fault configuration: counters, drift and token expiries start afresh."""
        self.faults.configure(config)
        self.auth.forget_expiries()
        for project in self.projects_by_id.values():
            project.fleet.reset_drift()
            project.server_groups.reset_drift()

    def info(self):
        """What `GET /_emulator/info` and the start banner show (demo credentials included)."""
        creds = self.credentials
        return {
            "url": self.url,
            "ca_file": self.ca_file,
            "regions": {p.region: p.project_id for p in self.projects},
            # The fleet as served now: count-grow/count-shrink drift included.
            "servers": {p.region: len(p.fleet.view()) for p in self.projects},
            "server_groups": {p.region: len(p.server_groups.view()) for p in self.projects},
            # Image-servers requests answered 429 by the rate limit since it was last configured.
            "throttled_requests": self.faults.throttle.throttled,
            "domain_id": self.domain_id,
            # Accounts reached through agencies: domain id, region -> project id, servers.
            "accounts": {
                domain: {
                    "domain_id": derived_id("domain", domain),
                    "regions": {p.region: p.project_id for p in projects},
                    "servers": {p.region: len(p.fleet.view()) for p in projects},
                }
                for domain, projects in self.accounts.items()
            },
            "agencies": ["%s@%s" % agency for agency in self.access.agencies],
            "forbidden_agencies": ["%s@%s" % agency for agency in self.access.forbidden_agencies],
            "metadata": {
                "agency_attached": self.access.metadata_agency,
                "token_api": self.access.metadata_token_api,
                "credential_lifetime": self.access.credential_lifetime,
            },
            "credentials": {
                "access_key": creds.access_key,
                "secret_key": creds.secret_key,
                "token": creds.static_token,
                "security_token": creds.security_token,
                "user": creds.user,
                "password": creds.password,
                "domain": creds.domain,
            },
        }
