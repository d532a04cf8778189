"""Run the test provider: `python -m tests.accounts.oidc_provider.provider_serve CONFIG_JSON`.

The configuration names the database file, the users, and the client (id, secret and
redirect URIs). The server binds a free port on 127.0.0.1 first, so the issuer can name it,
then prints `listening http://127.0.0.1:PORT` and serves until it is stopped.
"""

from __future__ import annotations

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # keep the test output clean
        pass


def main() -> None:
    config = json.loads(sys.argv[1])
    server = make_server("127.0.0.1", 0, None, server_class=_Server, handler_class=_QuietHandler)
    port = server.server_address[1]
    os.environ["PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["PROVIDER_DB"] = config["database"]
    os.environ["PROVIDER_USERS"] = json.dumps(config["users"])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.oidc_provider.provider_settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for user in config["users"]:
        User.objects.create_user(user["username"], email=user.get("email", ""), password=user["password"])
    client = config["client"]
    Application.objects.create(
        name="ladders",
        client_id=client["id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,  # the consent page is shown, as at a real provider
    )
    server.set_app(WSGIHandler())
    print(f"listening http://127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
