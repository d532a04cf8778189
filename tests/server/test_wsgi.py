"""The WSGI module `ladders serve` loads before forking its workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_it_loads_every_route_and_freezes_them_out_of_the_collectors_reach_without_a_connection(tmp_path):
    probe = (
        "import gc, json, sys\n"
        "import ladders.server.wsgi\n"
        "from django.db import connections\n"
        "print(json.dumps({\n"
        "    'frozen': gc.get_freeze_count(),\n"
        "    'api_loaded': 'ladders.api.assessment' in sys.modules and 'ladders.web.urls' in sys.modules,\n"
        "    'connections': [c.alias for c in connections.all(initialized_only=True) if c.connection],\n"
        "}))\n"
    )
    env = dict(os.environ, LADDERS_DATA_DIR=str(tmp_path), LADDERS_SECRET_KEY="test-only-key-not-secret")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["api_loaded"] and found["frozen"] > 10_000
    assert found["connections"] == []  # workers forked from this process must not share one
