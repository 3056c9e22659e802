# Copyright (c) 2026 huaweicloud.workspace contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a command and check that it finished with bounded peak memory.

    python run_bounded.py MAX_RSS_MB STOP_AFTER_S OUTPUT_FILE -- COMMAND...

Stdout and stderr go to OUTPUT_FILE. The exit status is the command's, except 97 when the
peak resident memory of the command (its largest process, children included) exceeded
MAX_RSS_MB, and 98 when it was still running after STOP_AFTER_S (a generous safety net against
a hang, never a timing assertion). The peak is printed either way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import resource
import subprocess
import sys


def main():
    max_rss_mb, stop_after, output = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1 :]
    with open(output, "wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        try:
            status = process.wait(timeout=stop_after)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            print("run_bounded: still running after %ss: %s" % (stop_after, " ".join(command)))
            return 98
    # Linux reports kilobytes; the largest waited-for descendant counts.
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    print("run_bounded: exit %d, peak memory %.0f MB (bound %.0f MB)" % (status, peak_mb, max_rss_mb))
    if peak_mb > max_rss_mb:
        return 97
    return status


if __name__ == "__main__":
    sys.exit(main())
