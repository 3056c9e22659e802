# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: image_servers
short_description: Huawei Cloud Workspace App image servers as inventory hosts
version_added: 1.0.0
author:
  - huaweicloud.workspace contributors (@huaweicloud)
description:
  - Turns the image servers (image instances) of Huawei Cloud Workspace App, listed with
    C(GET /v1/{project_id}/image-servers), into inventory hosts, grouped by status, by server
    group and, with several regions, by region.
  - Uses a YAML configuration file whose name ends with C(image_servers.yml) or C(image_servers.yaml).
  - Every API field becomes a host variable named O(hostvars_prefix) + field + O(hostvars_suffix),
    for example C(wks_status); so do the region (C(wks_region)) and the project id (C(wks_project_id)).
  - Values from the API are never templated, neither in host variables nor in host names.
  - API data is treated as hostile. An API field never sets a variable Ansible itself reads, whatever
    O(hostvars_prefix) and O(hostvars_suffix) are (empty included) - names starting with C(ansible_) or
    C(_ansible_), the magic variables such as C(inventory_hostname), C(group_names), C(hostvars), C(omit),
    C(environment) or C(vars), every variable the running ansible-core's configuration and connection,
    become and shell plugins read, and template globals such as C(lookup). Such fields are dropped with one
    warning saying how many. Only O(compose) sets connection variables such as C(ansible_host).
  - Host names from API data are safe text. Non-printable characters (C0 and C1 controls, DEL, format
    characters such as bidirectional overrides, line separators, spaces other than the ASCII space) become
    C(_); a name starting with C(-) gets a leading C(_) so that ssh never reads it as an option.
  - All pages of a region, and all regions, are fetched concurrently (see O(concurrency)).
extends_documentation_fragment:
  - huaweicloud.workspace.connection
  - huaweicloud.workspace.connection.plugins
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [huaweicloud.workspace.image_servers]
  regions:
    description:
      - Regions to list in this inventory source, in this order. Default is the single O(region).
      - Each entry is a region name, or a mapping with C(region) and C(project_id) to give that
        region's project id. With several regions the project id of an entry without one is looked up in IAM;
        O(project_id) and its environment variables are then ignored (they name one region's project).
      - The same region may appear twice with different project ids (sub-projects).
      - An entry may also carry C(agency_name) and C(agency_domain_name) (or C(agency_domain_id)), as the
        options O(agency_name), O(agency_domain_name) and O(agency_domain_id); that region is then listed
        through that agency, in the account that owns it, so one inventory file lists several accounts
        side by side. Hosts listed through an agency get the host variables C(<prefix>agency) and
        C(<prefix>account) (the account's name or id), for example C(wks_account). An entry's agency
        replaces the top-level agency options; an entry without one uses them. With O(region_errors=warn)
        an account that refuses the agency is skipped with a warning naming the agency.
      - The same region may appear for several accounts (agencies).
    type: list
    elements: raw
  filters:
    description:
      - Filters passed to the API. Only the keys below are allowed.
    type: dict
    default: {}
    suboptions:
      server_name:
        description: Image server name; the API matches it partially.
        type: str
      server_id:
        description: ID of one image server.
        type: str
      enterprise_project_id:
        description: Enterprise project ID; V(0) is the default enterprise project.
        type: str
  statuses:
    description:
      - Keep only image servers with one of these statuses (the API cannot filter by status).
      - V(NULL) is an image server whose status is not set. An empty list keeps every status.
      - C(status) is an alias, so that the same name works here and in the
        P(huaweicloud.workspace.image_server_info#module) module (since 1.1.0; both accept both names).
    type: list
    elements: str
    aliases: [status]
    choices: [CREATING, ACTIVE, BUILDING, BUILT, ERROR, DELETING, 'NULL']
    default: []
  hostnames:
    description:
      - How hosts are named, in order of preference; for each image server the first entry that gives
        a non-empty value wins.
      - A plain entry is an API field name such as V(name), V(id), V(server_id) or V(instance_id), or a
        dotted path such as V(image_ref.id), without O(hostvars_prefix).
      - An entry holding C({{) is a Jinja2 template rendered with the same variables as O(compose),
        for example V({{ wks_name }}-{{ wks_region }}). Plain entries are never templated.
      - An entry that could never give a name (a field no image server has, a template that fails or
        renders empty for every image server it was tried on) is an error.
      - When every entry is empty for an image server, its C(id) is used. No image server is ever dropped.
      - Image servers that end up with the same name, or whose name is V(all), V(ungrouped), V(localhost),
        V(127.0.0.1), V(::1) or the name of a group, are renamed C(<name>_<id>) (then C(<name>_<id>_<region>)
        if still taken; a host named by its id becomes C(<id>_<region>)), with one warning. Hosts with unique
        names keep them.
      - The groups reserved this way are those that exist before hosts are named (other sources', the default
        groups, the names in O(groups) and O(keyed_groups) C(parent_group)) and, afterwards, those O(keyed_groups)
        made; a host named like one of the latter is renamed the same way and constructed again under its new name.
    type: list
    elements: str
    default: [name, id]
  hostvars_prefix:
    description:
      - Prefix of the host variables made of API fields, so that the API's C(name) or C(status) never
        clobbers another variable. Letters, digits and C(_); must not start with a digit, C(ansible_) or C(_ansible_).
      - Whatever the prefix (empty included), a field whose variable name is one Ansible reads is dropped,
        see the description.
    type: str
    default: wks_
  hostvars_suffix:
    description: Suffix of the host variables made of API fields. Letters, digits and C(_).
    type: str
    default: ''
  group_by_status:
    description:
      - Add each host to C(status_<status in lower case>), for example C(status_active);
        image servers without a status go to C(status_null).
      - 'The same groups with O(keyed_groups): C({prefix: status, key: "wks_status and wks_status | lower or ''null''"}).'
    type: bool
    default: true
  group_by_server_group:
    description:
      - Add each host to C(server_group_<server_group_id>), the ID made safe for a group name
        (C(-) becomes C(_)). Image servers without a server group are in no such group.
      - 'The same groups with O(keyed_groups): C({prefix: server_group, key: wks_server_group_id}).'
      - With O(server_group_details), the group is named after the server group's name instead,
        for example C(server_group_Finance_Desktops).
    type: bool
    default: true
  server_group_details:
    description:
      - Also list the server groups of each region (C(GET /v1/{project_id}/app-server-groups), the API's
        C(ListServerGroups)), paged like the image servers and at the same time, and join them to the hosts.
      - Each host gets the variable O(hostvars_prefix) + C(server_group) + O(hostvars_suffix), for example
        C(wks_server_group), holding its server group's record (C(name), C(os_type), C(app_type),
        C(server_group_status), C(description), ... as the API returns them) with C(tags) turned from a list
        of C({key, value}) into a mapping of keys to values, so O(keyed_groups) can group by tag. It is null
        for an image server without a server group or whose server group no longer exists.
      - The record is stored once, as a variable of the host's C(server_group_<name>) group, when that group
        stands for one server group (C(ansible-inventory --list) shows it under the group's C(vars)); hosts
        read it like any host variable. Otherwise (O(group_by_server_group=false), or one name in several
        regions) each host holds it.
      - With O(group_by_server_group), hosts are grouped as C(server_group_<name>) (made safe for a group name
        like every group name). Server groups that share a name within one region keep C(server_group_<id>)
        groups, with one warning; an image server whose server group no longer exists keeps its
        C(server_group_<id>) group.
      - The IAM user needs the permission to list server groups as well. A region whose server groups cannot
        be listed fails like a region whose image servers cannot be listed (see O(region_errors)); it is never
        half joined.
    type: bool
    default: false
    version_added: 1.1.0
  group_by_region:
    description:
      - When several regions are listed, add each host to C(region_<region>), for example C(region_cn_north_4).
      - 'The same groups with O(keyed_groups): C({prefix: region, key: wks_region}).'
    type: bool
    default: true
  region_errors:
    description:
      - What a region that cannot be listed does.
      - V(fail) fails the whole inventory source with the region's error. Ansible then only warns
        that the source could not be parsed unless E(ANSIBLE_INVENTORY_UNPARSED_FAILED=true) (recommended;
        AWX and AAP fail the sync).
      - V(warn) skips that region with a warning naming it and its error. A partial result is never cached.
      - When every region fails the source fails either way. Bad options (including missing credentials)
        always fail.
    type: str
    choices: [fail, warn]
    default: fail
notes:
  - "The API returns no address for an image server; set C(ansible_host) with O(compose) when hosts are
    reachable under a name derived from their fields, for example C(ansible_host: wks_name ~ '.corp.example.com').
    An C(ansible_host) or C(ansible_ssh_host) that O(compose) sets to a value starting with C(-) or holding
    non-printable characters (tenant text) is made safe text like a host name, with one warning."
  - Connection options, O(regions) entries and O(filters) values holding C({{) are rendered as Jinja2 templates,
    with lookups and extra vars (C(-e)) available, so secrets can come from a C(lookup) or a vaulted variable file.
    Vault-encrypted values (C(!vault)) work as they are. Values without C({{), values marked C(!unsafe) and
    values from environment variables are never templated.
  - With O(cache) enabled the cache holds what the API returned per region (never credentials). Its key is made
    of the file path and of the effective query (regions, endpoints, configured project ids, filters, statuses,
    which credentials, the access key id or user name; never a secret), so editing the file never serves hosts
    of another query. A warm cache makes no request at all. C(--flush-cache) (C(ansible-playbook), and
    C(ansible-inventory) from ansible-core 2.17) refreshes it.
'''

EXAMPLES = r'''
# Minimal: my.image_servers.yml, credentials from the environment
# (HW_REGION_NAME, HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK).
plugin: huaweicloud.workspace.image_servers

# Several regions; the second with a known project id, the first discovered through IAM.
# plugin: huaweicloud.workspace.image_servers
# regions:
#   - cn-north-4
#   - region: cn-east-3
#     project_id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
# region_errors: warn   # a region that is down is skipped with a warning
# statuses: [ACTIVE, BUILT]

# Two accounts in one inventory: the caller's own, and another one through an IAM agency.
# The credentials come from the chain (environment, ~/.huaweicloud/credentials or, on an ECS
# with an agency attached, the ECS metadata service); hosts get wks_account and wks_agency.
# plugin: huaweicloud.workspace.image_servers
# regions:
#   - cn-north-4
#   - region: cn-north-4
#     agency_name: ops-readonly
#     agency_domain_name: other-account
# region_errors: warn   # an account that refuses the agency is skipped with a warning
# keyed_groups:
#   - prefix: account
#     key: wks_account | default('own')

# AWX/AAP on an ECS with an agency attached: no credential in AWX, the ECS metadata service
# provides it; each account is reached through an agency that the server's agency may use.
# plugin: huaweicloud.workspace.image_servers
# regions:
#   - region: cn-north-4
#     agency_name: awx-readonly
#     agency_domain_name: team-a
#   - region: cn-north-4
#     agency_name: awx-readonly
#     agency_domain_name: team-b
# region_errors: warn

# Templated secrets: from a lookup, or from a vaulted variable file given with
#   ansible-inventory -i hw.image_servers.yml -e @secrets.yml --ask-vault-pass --graph
# plugin: huaweicloud.workspace.image_servers
# region: cn-north-4
# access_key: "{{ lookup('ansible.builtin.env', 'MY_HW_AK') }}"
# secret_key: "{{ vault_hw_secret_key }}"

# The secret key encrypted in place (ansible-vault encrypt_string --name secret_key).
# plugin: huaweicloud.workspace.image_servers
# region: cn-north-4
# access_key: MYACCESSKEYID0000001
# secret_key: !vault |
#   $ANSIBLE_VAULT;1.1;AES256
#   62313365396662343061393464336163383764373764613633653634306231386433626436623361
#   6134333665353966363534333632666535333761666131620a663537646436643839616531643561
#   63396265336563643538353338613364346363333934626538363761643462346330363138613238
#   6437336637643961380a333561323530373862653635653165376335343537646133626434326464
#   3135

# Filters, hostnames, compose and keyed groups.
# plugin: huaweicloud.workspace.image_servers
# filters:
#   server_name: web
#   enterprise_project_id: "0"
# hostnames:
#   - "{{ wks_name }}.{{ wks_region }}"
#   - id
# hostvars_prefix: hw_
# group_by_server_group: false
# compose:
#   image_type: hw_image_ref.image_type
# keyed_groups:
#   - prefix: image
#     key: hw_image_ref.image_type
#   - prefix: server_group      # the same groups as group_by_server_group
#     key: hw_server_group_id
# groups:
#   gold_images: hw_image_ref.image_type == 'gold'

# Server groups by name, and groups by server-group tag (server_group_details).
# plugin: huaweicloud.workspace.image_servers
# server_group_details: true     # groups server_group_<name>, hostvar wks_server_group
# keyed_groups:
#   - prefix: tag                # tag_env_prod, tag_team_finance, ...
#     key: wks_server_group.tags | default({}, true)
#   - prefix: os                 # os_Windows, os_Linux
#     key: wks_server_group.os_type | default('unknown', true)
# groups:
#   session_desktops: (wks_server_group.app_type | default('')) == 'SESSION_DESKTOP_APP'

# Cache for an hour in JSON files; a warm cache makes no API request.
# plugin: huaweicloud.workspace.image_servers
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/ansible/huaweicloud_workspace
# cache_timeout: 3600
'''

from collections.abc import Mapping

from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.vars import combine_vars

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import WorkspaceConfigError, WorkspaceError
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import CONNECTION_OPTIONS, FILTER_NAMES, ConnectionSettings, check_filter_names
from ansible_collections.huaweicloud.workspace.plugins.module_utils._server_groups import describe_duplicates, referenced_groups
from ansible_collections.huaweicloud.workspace.plugins.module_utils._summary import status_of
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_cache import cache_entry, cache_query, cached_regions, query_digest
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_groups import (
    configured_group_names,
    default_groups,
    refuse_groups_named_like_the_controller,
    server_group_labels,
    server_group_variables,
)
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._inventory_hosts import (
    ADDRESS_VARIABLES,
    RESERVED_NAMES,
    HostnameChooser,
    HostvarNames,
    describe_collisions,
    describe_unsafe_addresses,
    disambiguate,
    host_variables,
    is_template,
    preferred_hostnames,
    safe_name,
)
from ansible_collections.huaweicloud.workspace.plugins.plugin_utils._reserved_variables import reserved_variable_names

try:
    # ansible-core 2.19+ (data tagging): strings are untrusted unless explicitly tagged, and what
    # the client and the cache plugins return never is, so API data needs no per-value copy.
    from ansible.template import trust_as_template  # noqa: F401 pylint: disable=unused-import

    _mark_untrusted = None
except ImportError:
    from ansible.utils.unsafe_proxy import wrap_var as _mark_untrusted


def list_image_servers_by_region(settings_list, filters, warn, server_groups=False):
    """The client's, imported on first use: a warm cache (or a run that never parses one of our
    files while this plugin is enabled) does not pay for importing requests."""
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import list_image_servers_by_region as list_regions

    return list_regions(settings_list, filters, warn=warn, server_groups=server_groups)


def _untrusted(value):
    return value if _mark_untrusted is None else _mark_untrusted(value)


def _host_variables(region, item, names):
    return host_variables(item, region["region"], region["project_id"], names, _mark_untrusted, region.get("agency"))


AGENCY_KEYS = ("agency_name", "agency_domain_name", "agency_domain_id")
REGION_ENTRY_KEYS = ("region", "project_id") + AGENCY_KEYS
# Renaming a host named like a group made by keyed_groups ends after this many rounds: only a
# configuration making group names of host names themselves can need more.
_RENAME_ROUNDS = 3


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = 'huaweicloud.workspace.image_servers'

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        if not path.endswith(('image_servers.yml', 'image_servers.yaml')):
            self.display.vvv("Skipping %s: the file name does not end with image_servers.yml or image_servers.yaml" % path)
            return False
        try:
            with open(path, 'rb') as handle:
                head = handle.read(65536)
        except (IOError, OSError):
            return False
        # The plugin key is checked for real when parsing; this keeps other plugins' files out.
        return self.NAME.encode() in head or head.startswith(b'$ANSIBLE_VAULT')

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        self._reject_unknown_options(config)
        try:
            # Every option is checked before the first request.
            settings_list, filters, statuses = self._query(config)
            names = HostvarNames(self.get_option('hostvars_prefix'), self.get_option('hostvars_suffix'), reserved=reserved_variable_names())
            chooser = HostnameChooser(self.get_option('hostnames'), render=self._render_hostname)
            regions = self._regions(settings_list, filters, statuses, path, cache)
            self._populate(regions, statuses, names, chooser, several_regions=len(settings_list) > 1)
        except WorkspaceError as error:
            raise AnsibleParserError("%s: %s" % (self.NAME, error))

    # ---- options -------------------------------------------------------------------------

    def _reject_unknown_options(self, config):
        definitions = C.config.get_configuration_definitions('inventory', self._load_name) or {}
        if not definitions:
            return
        known = set(definitions)
        for definition in definitions.values():
            known.update(definition.get('aliases') or ())
        unknown = sorted(str(key) for key in config if key not in known)
        if unknown:
            raise AnsibleParserError(
                "%s: unknown option(s) %s in the inventory file; see ansible-doc -t inventory %s" % (self.NAME, ", ".join(unknown), self.NAME)
            )

    def _templated(self, value, option):
        """Render an option value that is a Jinja template; leave every other value untouched."""
        if not isinstance(value, str) or not is_template(value):
            return value
        # Option templates see extra vars (-e), so a vaulted variable file can hold the secrets.
        self.templar.available_variables = self._vars or {}
        try:
            return self.templar.template(value)
        except Exception as error:
            raise AnsibleParserError("%s: could not template the %s option: %s" % (self.NAME, option, error))

    def _region_entries(self):
        """[(region, project_id or None, {agency option: value} or {})] of the regions option."""
        entries = []
        for entry in self.get_option('regions') or ():
            agency = {}
            if isinstance(entry, Mapping):
                unknown = sorted(str(key) for key in entry if key not in REGION_ENTRY_KEYS)
                if unknown:
                    raise WorkspaceConfigError(
                        "regions entries take the keys %s, got %s" % (", ".join(REGION_ENTRY_KEYS), ", ".join(unknown)), option="regions"
                    )
                region, project_id = entry.get('region'), entry.get('project_id')
                agency = dict((key, self._templated(entry.get(key), 'regions')) for key in AGENCY_KEYS if entry.get(key) not in (None, ''))
                if agency and not agency.get('agency_name'):
                    raise WorkspaceConfigError("the regions entry %r names an agency account but no agency_name" % (entry,), option="regions")
                if agency:
                    # The entry's agency replaces the top-level one as a whole.
                    agency = dict((key, agency.get(key)) for key in AGENCY_KEYS)
            else:
                region, project_id = entry, None
            region = self._templated(region, 'regions')
            project_id = self._templated(project_id, 'regions')
            if not isinstance(region, str) or not region.strip():
                raise WorkspaceConfigError(
                    "each regions entry must be a region name or a mapping with a region (and optionally a project_id), got %r" % (entry,), option="regions"
                )
            project_id = str(project_id).strip() if project_id not in (None, '') else None
            key = (region.strip(), project_id, tuple(sorted(agency.items())))
            if key in [(r, p, tuple(sorted(a.items()))) for r, p, a in entries]:
                raise WorkspaceConfigError(
                    "regions lists %s%s%s twice"
                    % (
                        region.strip(),
                        " with project_id %s" % project_id if project_id else "",
                        " through agency %s" % agency['agency_name'] if agency else "",
                    ),
                    option="regions",
                )
            entries.append((region.strip(), project_id, agency))
        return entries

    def _connection_options(self, config):
        """The connection options; Ansible's config manager has applied their environment variables."""
        options = {}
        for name, spec in CONNECTION_OPTIONS.items():
            value = self.get_option(name)
            # Only values written in the file are templated, never those of environment variables
            # (which ansible-core 2.19 marks as trusted templates).
            in_file = any(config.get(key) is not None for key in (name,) + tuple(spec[4]))
            options[name] = self._templated(value, name) if in_file else value
        return options

    def _query(self, config):
        options = self._connection_options(config)
        entries = self._region_entries()
        if not entries:
            settings_list = [ConnectionSettings.from_options(options)]
        else:
            settings_list = []
            for region, project_id, agency in entries:
                settings = ConnectionSettings.from_options(dict(options, **agency), region=region)
                if project_id or len(entries) > 1:
                    # A project id belongs to one region: with several regions only per-entry ids count
                    # (not even a credentials file's).
                    settings = settings.replaced(project_id=project_id, file_project_id=len(entries) == 1)
                settings_list.append(settings)
            if len(entries) > 1 and options.get('project_id'):
                self.display.warning(
                    "%s: project_id (or its environment variable) is ignored because several "
                    "regions are listed; give project ids per regions entry, or let them be "
                    "discovered" % self.NAME
                )
        filters = self.get_option('filters') or {}
        if not isinstance(filters, Mapping):
            raise WorkspaceConfigError("filters must be a mapping of %s" % ", ".join(FILTER_NAMES), option="filters")
        check_filter_names(filters)
        for name, value in filters.items():
            if isinstance(value, (Mapping, list, bool)):
                raise WorkspaceConfigError("filters.%s must be a string, got %r" % (name, value), option="filters")
        filters = dict((name, str(self._templated(value, 'filters'))) for name, value in filters.items() if value not in (None, ''))
        statuses = frozenset(str(status).upper() for status in self.get_option('statuses') or ())
        return settings_list, filters, statuses

    # ---- fetching and caching ------------------------------------------------------------

    def _cache_key(self, path, settings_list, filters, statuses):
        query = cache_query(settings_list, filters, statuses, self.get_option('server_group_details'))
        return "%s_%s" % (self.get_cache_key(path), query_digest(query))

    def _regions(self, settings_list, filters, statuses, path, cache):
        use_cache = self.get_option('cache')
        key = self._cache_key(path, settings_list, filters, statuses) if use_cache else None
        if use_cache and cache:
            try:
                regions = self._joined(cached_regions(self._cache[key]))
            except KeyError:
                regions = None
            if regions is not None:
                self.display.vvv("%s: using the cache (%s), no request made" % (self.NAME, key))
                return regions
        regions, complete = self._fetch(settings_list, filters)
        if use_cache and complete:
            self._cache[key] = cache_entry(regions)
        return regions

    def _joined(self, regions):
        """Cached regions, or None when server_group_details needs a join the entry does not hold."""
        if regions is None or not self.get_option('server_group_details'):
            return regions
        if all(isinstance(region.get("server_groups"), Mapping) for region in regions):
            return regions
        return None

    def _fetch(self, settings_list, filters):
        regions, failures = [], []
        details = self.get_option('server_group_details')
        listing = {"server_groups": True} if details else {}
        for settings, result in list_image_servers_by_region(settings_list, filters, warn=self.display.warning, **listing):
            if isinstance(result, WorkspaceConfigError):
                raise result
            if isinstance(result, WorkspaceError):
                failures.append("region %s: %s" % (settings.region, result))
            else:
                region = {"region": result.region, "project_id": result.project_id, "items": result.items}
                if details:
                    # Joined before caching: the cache holds the joined result, referenced groups only.
                    region["server_groups"] = referenced_groups(result.items, result.server_groups)
                if result.agency:
                    region["agency"] = list(result.agency)
                regions.append(region)
        if failures and (self.get_option('region_errors') == 'fail' or not regions):
            every = " (every region failed)" if not regions and len(settings_list) > 1 else ""
            raise WorkspaceError("could not list image servers%s; %s" % (every, "; ".join(failures)))
        for failure in failures:
            self.display.warning("%s: skipped %s (region_errors: warn); the inventory lacks its hosts" % (self.NAME, failure))
        return regions, not failures

    # ---- building the inventory ----------------------------------------------------------

    def _render_hostname(self, entry, variables):
        if self._use_extra_vars:
            variables = combine_vars(variables, self._vars)
        self.templar.available_variables = variables
        return self.templar.template(entry)

    def _populate(self, regions, statuses, names, chooser, several_regions):
        self._use_extra_vars = self.get_option('use_extra_vars')
        self._unsafe_addresses = {}
        records = [(region, item) for region in regions for item in region["items"] if not statuses or status_of(item) in statuses]
        known_hosts, known_groups = set(self.inventory.hosts), set(self.inventory.groups)
        # Configured, not answering, regions count: a region that is down must not reshape the groups.
        host_groups = self._default_groups(records, regions, several_regions, names)
        compose, groups, keyed = (self.get_option(name) for name in ('compose', 'groups', 'keyed_groups'))
        # Every group known before naming hosts is reserved: Ansible's, other sources', the default
        # groups just made and those the configuration names; keyed groups come per host (below).
        reserved = RESERVED_NAMES | set(self.inventory.groups) | configured_group_names(groups, keyed, self._sanitize_group_name)
        hostnames, built = self._hostnames(records, names, chooser, reserved)

        constructed = (compose, groups, keyed, self.get_option('strict')) if compose or groups or keyed else None
        for record, hostname, member_of, variables in zip(records, hostnames, host_groups, built):
            self._add_host(record, hostname, member_of, variables, names, constructed)
        dropped = names.describe_dropped()
        if dropped:
            self.display.warning("%s: %s" % (self.NAME, dropped))
        if self._unsafe_addresses:
            self.display.warning("%s: %s" % (self.NAME, describe_unsafe_addresses(self._unsafe_addresses)))
        if groups or keyed:
            self._rename_hosts_named_like_groups(records, hostnames, host_groups, names, constructed, known_hosts)
            refuse_groups_named_like_the_controller(self.inventory.groups, known_groups)

    def _add_host(self, record, hostname, member_of, variables, names, constructed):
        """One host: its variables on the Host object, its default groups, then what is configured."""
        region, item = record
        hostname = self.inventory.add_host(_untrusted(hostname))
        if variables is None:
            variables = _host_variables(region, item, names)
        # The Host object, not inventory.set_variable(name): that one prefers a group of the same name.
        set_variable = self.inventory.hosts[hostname].set_variable
        for name, value in variables.items():
            set_variable(name, value)
        server_group = self._server_group_of.get(id(item))
        if server_group is not None:
            name, record_value, on_host = server_group
            variables[name] = record_value
            if on_host:
                set_variable(name, record_value)
        for group in member_of:
            self.inventory.add_host(hostname, group=group)
        if constructed:
            compose, groups, keyed, strict = constructed
            self._set_composite_vars(compose, variables, hostname, strict=strict)
            if compose:
                self._make_address_safe(hostname)
            self._add_host_to_composed_groups(groups, variables, hostname, strict=strict)
            self._add_host_to_keyed_groups(keyed, variables, hostname, strict=strict)

    def _make_address_safe(self, hostname):
        """compose is trusted, the API values it copies are not: an address from data is made safe text.

        No host name or address starts with '-' or holds a control character, so this never changes a
        usable address; it keeps `ansible_host: wks_name` from handing ssh an option such as
        -oProxyCommand=... (ssh takes the address as a plain argument).
        """
        host = self.inventory.hosts[hostname]
        for name in ADDRESS_VARIABLES:
            value = host.vars.get(name)
            if isinstance(value, str) and safe_name(value) != value:
                host.set_variable(name, _untrusted(safe_name(value)))
                self._unsafe_addresses.setdefault(name, []).append(value)

    def _rename_hosts_named_like_groups(self, records, hostnames, host_groups, names, constructed, known_hosts):
        """Rename, after the fact, hosts named like a group that keyed_groups made from data.

        Such groups only exist once templates ran for every host, and a template may use
        inventory_hostname; so a clashing host is moved to a new name (disambiguate's rule) and
        constructed again. Rare, and only when groups or keyed_groups are configured. A host that
        another source defined first keeps its name: that source named it.
        """
        ids = [item.get("id") for dummy, item in records]
        region_names = [region["region"] for region, dummy in records]
        for dummy in range(_RENAME_ROUNDS):
            groups = set(self.inventory.groups) - known_hosts
            if not any(hostname in groups for hostname in hostnames):
                return
            renamed, shared = disambiguate(hostnames, ids, region_names, RESERVED_NAMES | groups)
            self.display.warning("%s: %s" % (self.NAME, describe_collisions(shared)))
            for index, (old, new) in enumerate(zip(hostnames, renamed)):
                if old != new:
                    self._move_host(old, new, records[index], host_groups[index], names, constructed)
            hostnames[:] = renamed
        clashing = sorted(hostname for hostname in hostnames if hostname in self.inventory.groups and hostname not in known_hosts)
        if clashing:
            raise WorkspaceConfigError(
                "hosts keep being named like groups that keyed_groups make of their own names (%s) after %d renamings; "
                "make such group names differ from host names, for example with a keyed_groups prefix"
                % (", ".join(repr(name) for name in clashing[:5]), _RENAME_ROUNDS),
                option="keyed_groups",
            )

    def _move_host(self, old, new, record, member_of, names, constructed):
        # A keyed group made of the old name itself (key: inventory_hostname) stays, empty:
        # removing groups is not the same across the supported ansible-core versions.
        self.inventory.remove_host(self.inventory.hosts[old])
        self._add_host(record, new, member_of, None, names, constructed)

    def _hostnames(self, records, names, chooser, reserved):
        """One distinct hostname per record, warning once about renamed hosts.

        Returns the hostnames and, per record, the host variables if a template needed them (else None).
        """
        preferred, built = preferred_hostnames(records, chooser, lambda region, item: _host_variables(region, item, names))
        if chooser.fell_back_to_id:
            self.display.warning("%s: %d image servers had no value for any hostnames entry and are named by their id" % (self.NAME, chooser.fell_back_to_id))
        hostnames, shared = disambiguate(preferred, [item.get("id") for dummy, item in records], [region["region"] for region, dummy in records], reserved)
        if shared:
            self.display.warning("%s: %s" % (self.NAME, describe_collisions(shared)))
        return hostnames, built

    def _default_groups(self, records, regions, several_regions, names):
        """Per record, the default groups it belongs to, created once in a stable order; with
        server_group_details, the server-group records (self._server_group_of), stored on their
        group where one group stands for one server group."""
        labels = None
        if self.get_option('server_group_details'):
            labels, duplicates = server_group_labels(regions)
            if duplicates:
                self.display.warning("%s: %s" % (self.NAME, describe_duplicates(duplicates)))
        by_server_group = self.get_option('group_by_server_group')
        groups = default_groups(
            records,
            self._sanitize_group_name,
            by_status=self.get_option('group_by_status'),
            by_server_group=by_server_group,
            by_region=several_regions and self.get_option('group_by_region'),
            labels=labels,
        )
        made = dict((name, self.inventory.add_group(name)) for name in groups.names)
        self._server_group_of = {}
        if labels is not None:
            variable = names("server_group")
            self._server_group_of, on_groups = server_group_variables(
                records, variable, groups.server_groups if by_server_group else None, self.inventory.groups, _mark_untrusted
            )
            for group, record in on_groups.items():
                self.inventory.groups[group].set_variable(variable, record)
        return [tuple(made[name] for name in member_of) for member_of in groups.members]
