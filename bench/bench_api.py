"""Load test of the assessment endpoint on loopback, bounded in time (``make bench``, never in tests).

Starts the service (uvicorn, one process, as ``coopsec serve`` runs it) on a free local port with a
throwaway data folder and an API token, then loads ``POST /api/v1/assess`` from a separate process
with varied events: ``wrk`` (Debian's package, installed by ``make bench`` when missing) for
``DURATION`` seconds at ``CONNECTIONS`` connections, reporting throughput and latency percentiles.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from bench.service import coopsec, service
from coopsec.obligations import KINDS

DURATION = 10
CONNECTIONS = 8
LUA = r"""
local victims = {"FI", "SE", "PL", "EE", "FR", "DE", "ES", "IT", "GR", "RO", "LT", "LV", "NL", "BE", "PT", "CZ"}
local kinds = {KINDS}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer TOKEN"
request = function()
  local body = string.format('{"kind": "%s", "victim": "%s", "by": "unknown", "date": "%d-%02d-%02d"}',
    kinds[math.random(#kinds)], victims[math.random(#victims)], math.random(2000, 2025), math.random(1, 12),
    math.random(1, 28))
  return wrk.format(nil, nil, nil, body)
end
"""


def main() -> None:
    """Run the service and the load, print the figures."""
    if shutil.which("wrk") is None:
        sys.exit("bench_api: wrk is missing (make bench installs Debian's wrk)")
    with service() as running:
        token = json.loads(coopsec(running, "tokens", "create", "bench", "--name", "bench", "--json"))["token"]
        script = running.data / "assess.lua"
        kinds = "{" + ", ".join(f'"{kind}"' for kind in KINDS) + "}"  # the one table of kinds
        script.write_text(LUA.replace("TOKEN", token).replace("{KINDS}", kinds), encoding="utf-8")
        load = ["wrk", "-t1", f"-c{CONNECTIONS}", "--latency", "-s", str(script), running.url + "/api/v1/assess"]
        subprocess.run([*load[:3], "-d3s", *load[3:]], check=True, capture_output=True)  # warm-up
        report = subprocess.run(
            [*load[:3], f"-d{DURATION}s", *load[3:]], check=True, capture_output=True, text=True
        ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    p50 = re.search(r"50%\s+([\d.]+\w+)", report)
    p99 = re.search(r"99%\s+([\d.]+\w+)", report)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    print(
        f"POST /api/v1/assess (varied events): {rate.group(1) if rate else '?'} requests/s over {DURATION} s, "
        f"{CONNECTIONS} connections; latency p50 {p50.group(1) if p50 else '?'}, "
        f"p99 {p99.group(1) if p99 else '?'}; non-2xx {errors.group(1) if errors else 0}"
    )


if __name__ == "__main__":
    main()
