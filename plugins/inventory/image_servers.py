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
  - huaweicloud.workspace contributors (!UNKNOWN)
description:
  - Turns the image servers (image instances) of Huawei Cloud Workspace App, listed with
    C(GET /v1/{project_id}/image-servers), into inventory hosts, grouped by status, by server
    group and, with several regions, by region.
  - Uses a YAML configuration file whose name ends with C(image_servers.yml) or C(image_servers.yaml).
  - Every API field becomes a host variable named O(hostvars_prefix) + field + O(hostvars_suffix),
    for example C(wks_status); so do the region (C(wks_region)) and the project id (C(wks_project_id)).
  - Values from the API are never templated, neither in host variables nor in host names.
  - All pages of a region, and all regions, are fetched concurrently (see O(concurrency)).
extends_documentation_fragment:
  - huaweicloud.workspace.connection
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
    type: list
    elements: str
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
      - Image servers that end up with the same name, or whose name is V(all), V(ungrouped) or the
        name of a group, are renamed C(<name>_<id>) (then C(<name>_<id>_<region>) if still taken; a host
        named by its id becomes C(<id>_<region>)), with one warning. Hosts with unique names keep them.
    type: list
    elements: str
    default: [name, id]
  hostvars_prefix:
    description:
      - Prefix of the host variables made of API fields, so that the API's C(name) or C(status) never
        clobbers another variable. Letters, digits and C(_); must not start with a digit.
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
    type: bool
    default: true
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
    reachable under a name derived from their fields, for example C(ansible_host: wks_name ~ '.corp.example.com')."
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

from ansible_collections.huaweicloud.workspace.plugins.module_utils._errors import (
    WorkspaceConfigError, WorkspaceError)
from ansible_collections.huaweicloud.workspace.plugins.module_utils._inventory_hosts import (
    RESERVED_NAMES, HostnameChooser, HostvarNames, cache_entry, cached_regions, describe_collisions,
    disambiguate, host_variables, is_template, query_digest, region_group, server_group_group,
    status_group, status_of)
from ansible_collections.huaweicloud.workspace.plugins.module_utils._options import (
    CONNECTION_OPTIONS, FILTER_NAMES, ConnectionSettings, with_env_fallbacks)

try:
    # ansible-core 2.19+ (data tagging): strings are untrusted unless explicitly tagged, and what
    # the client and the cache plugins return never is, so API data needs no per-value copy.
    from ansible.template import trust_as_template  # noqa: F401 pylint: disable=unused-import

    _mark_untrusted = None
except ImportError:
    from ansible.utils.unsafe_proxy import wrap_var as _mark_untrusted


def list_image_servers_by_region(settings_list, filters, warn):
    """The client's, imported on first use: a warm cache (or a run that never parses one of our
    files while this plugin is enabled) does not pay for importing requests."""
    from ansible_collections.huaweicloud.workspace.plugins.module_utils._client import (
        list_image_servers_by_region as list_regions)
    return list_regions(settings_list, filters, warn=warn)


def _untrusted(value):
    return value if _mark_untrusted is None else _mark_untrusted(value)


REGION_ENTRY_KEYS = ("region", "project_id")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'huaweicloud.workspace.image_servers'

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        if not path.endswith(('image_servers.yml', 'image_servers.yaml')):
            self.display.vvv("Skipping %s: the file name does not end with image_servers.yml or image_servers.yaml"
                             % path)
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
            settings_list, filters, statuses = self._query()
            names = HostvarNames(self.get_option('hostvars_prefix'), self.get_option('hostvars_suffix'))
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
            raise AnsibleParserError("%s: unknown option(s) %s in the inventory file; see ansible-doc -t inventory %s"
                                     % (self.NAME, ", ".join(unknown), self.NAME))

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
        entries = []
        for entry in self.get_option('regions') or ():
            if isinstance(entry, Mapping):
                unknown = sorted(str(key) for key in entry if key not in REGION_ENTRY_KEYS)
                if unknown:
                    raise WorkspaceConfigError("regions entries take the keys region and project_id, got %s"
                                               % ", ".join(unknown), option="regions")
                region, project_id = entry.get('region'), entry.get('project_id')
            else:
                region, project_id = entry, None
            region = self._templated(region, 'regions')
            project_id = self._templated(project_id, 'regions')
            if not isinstance(region, str) or not region.strip():
                raise WorkspaceConfigError("each regions entry must be a region name or a mapping with a region "
                                           "(and optionally a project_id), got %r" % (entry,), option="regions")
            project_id = str(project_id).strip() if project_id not in (None, '') else None
            if (region.strip(), project_id) in entries:
                raise WorkspaceConfigError("regions lists %s%s twice" % (
                    region.strip(), " with project_id %s" % project_id if project_id else ""), option="regions")
            entries.append((region.strip(), project_id))
        return entries

    def _query(self):
        options = dict((name, self._templated(self.get_option(name), name)) for name in CONNECTION_OPTIONS)
        entries = self._region_entries()
        if not entries:
            settings_list = [ConnectionSettings.from_options(options)]
        else:
            settings_list = []
            for region, project_id in entries:
                settings = ConnectionSettings.from_options(options, region=region)
                if project_id or len(entries) > 1:
                    # A project id belongs to one region: with several regions only per-entry ids count.
                    settings.project_id = project_id
                settings_list.append(settings)
            if len(entries) > 1 and with_env_fallbacks(options).get('project_id'):
                self.display.warning("%s: project_id (or its environment variable) is ignored because several "
                                     "regions are listed; give project ids per regions entry, or let them be "
                                     "discovered" % self.NAME)
        filters = self.get_option('filters') or {}
        if not isinstance(filters, Mapping):
            raise WorkspaceConfigError("filters must be a mapping of %s" % ", ".join(FILTER_NAMES), option="filters")
        unknown = sorted(str(key) for key in filters if key not in FILTER_NAMES)
        if unknown:
            raise WorkspaceConfigError("unknown filter(s) %s; allowed filters: %s" % (
                ", ".join(unknown), ", ".join(FILTER_NAMES)), option="filters")
        for name, value in filters.items():
            if isinstance(value, (Mapping, list, bool)):
                raise WorkspaceConfigError("filters.%s must be a string, got %r" % (name, value), option="filters")
        filters = dict((name, str(self._templated(value, 'filters'))) for name, value in filters.items()
                       if value not in (None, ''))
        statuses = frozenset(str(status).upper() for status in self.get_option('statuses') or ())
        return settings_list, filters, statuses

    # ---- fetching and caching ------------------------------------------------------------

    def _cache_key(self, path, settings_list, filters, statuses):
        first = settings_list[0]
        query = {
            "regions": [[s.region, s.endpoint, s.iam_endpoint, s.project_id] for s in settings_list],
            "filters": sorted(filters.items()),
            "statuses": sorted(statuses),
            # Who is asking changes the answer; only identifiers and which secrets are set count.
            "auth": [bool(first.auth_token), first.access_key, bool(first.security_token),
                     first.user_name, first.domain_name],
        }
        return "%s_%s" % (self.get_cache_key(path), query_digest(query))

    def _regions(self, settings_list, filters, statuses, path, cache):
        use_cache = self.get_option('cache')
        key = self._cache_key(path, settings_list, filters, statuses) if use_cache else None
        if use_cache and cache:
            try:
                regions = cached_regions(self._cache[key])
            except KeyError:
                regions = None
            if regions is not None:
                self.display.vvv("%s: using the cache (%s), no request made" % (self.NAME, key))
                return regions
        regions, complete = self._fetch(settings_list, filters)
        if use_cache and complete:
            self._cache[key] = cache_entry(regions)
        return regions

    def _fetch(self, settings_list, filters):
        regions, failures = [], []
        for settings, result in list_image_servers_by_region(settings_list, filters, warn=self.display.warning):
            if isinstance(result, WorkspaceConfigError):
                raise result
            if isinstance(result, WorkspaceError):
                failures.append("region %s: %s" % (settings.region, result))
            else:
                regions.append({"region": result.region, "project_id": result.project_id, "items": result.items})
        if failures and (self.get_option('region_errors') == 'fail' or not regions):
            every = " (every region failed)" if not regions and len(settings_list) > 1 else ""
            raise WorkspaceError("could not list image servers%s; %s" % (every, "; ".join(failures)))
        for failure in failures:
            self.display.warning("%s: skipped %s (region_errors: warn); the inventory lacks its hosts"
                                 % (self.NAME, failure))
        return regions, not failures

    # ---- building the inventory ----------------------------------------------------------

    def _render_hostname(self, entry, variables):
        if self._use_extra_vars:
            variables = combine_vars(variables, self._vars)
        self.templar.available_variables = variables
        return self.templar.template(entry)

    def _populate(self, regions, statuses, names, chooser, several_regions):
        self._use_extra_vars = self.get_option('use_extra_vars')
        records = [(region, item) for region in regions for item in region["items"]
                   if not statuses or status_of(item) in statuses]
        # Configured, not answering, regions count: a region that is down must not reshape the groups.
        host_groups = self._default_groups(records, several_regions)
        hostnames = self._hostnames(records, names, chooser)

        compose, groups, keyed = (self.get_option(name) for name in ('compose', 'groups', 'keyed_groups'))
        strict = self.get_option('strict')
        constructed = bool(compose or groups or keyed)
        add_host, hosts = self.inventory.add_host, self.inventory.hosts
        for (region, item), hostname, member_of in zip(records, hostnames, host_groups):
            hostname = add_host(_untrusted(hostname))
            variables = host_variables(item, region["region"], region["project_id"], names, _mark_untrusted)
            # The Host object, not inventory.set_variable(name): that one prefers a group of the same name.
            set_variable = hosts[hostname].set_variable
            for name, value in variables.items():
                set_variable(name, value)
            for group in member_of:
                add_host(hostname, group=group)
            if constructed:
                self._set_composite_vars(compose, variables, hostname, strict=strict)
                self._add_host_to_composed_groups(groups, variables, hostname, strict=strict)
                self._add_host_to_keyed_groups(keyed, variables, hostname, strict=strict)

    def _hostnames(self, records, names, chooser):
        """One distinct hostname per record, warning once about renamed hosts."""
        preferred = []
        for region, item in records:
            variables = None
            if chooser.uses_templates:
                def variables(region=region, item=item):
                    return host_variables(item, region["region"], region["project_id"], names, _mark_untrusted)
            preferred.append(chooser.choose(item, variables))
        chooser.check()
        if chooser.fell_back_to_id:
            self.display.warning("%s: %d image servers had no value for any hostnames entry and are named by their id"
                                 % (self.NAME, chooser.fell_back_to_id))
        hostnames, shared = disambiguate(preferred, [item.get("id") for dummy, item in records],
                                         [region["region"] for region, dummy in records],
                                         RESERVED_NAMES | set(self.inventory.groups))
        if shared:
            self.display.warning("%s: %s" % (self.NAME, describe_collisions(shared)))
        return hostnames

    def _default_groups(self, records, several_regions):
        """Per record, the default groups it belongs to; groups are created once, in a stable order."""
        kinds = []
        if self.get_option('group_by_status'):
            kinds.append(lambda region, item: status_group(item))
        if self.get_option('group_by_server_group'):
            kinds.append(lambda region, item: server_group_group(item))
        if several_regions and self.get_option('group_by_region'):
            kinds.append(lambda region, item: region_group(region["region"]))
        memberships = [tuple(raw for raw in (kind(region, item) for kind in kinds) if raw)
                       for region, item in records]
        made = {}
        for raw_name in sorted(set(raw for raw_names in memberships for raw in raw_names)):
            made[raw_name] = self.inventory.add_group(self._sanitize_group_name(raw_name))
        return [tuple(made[raw] for raw in raw_names) for raw_names in memberships]
