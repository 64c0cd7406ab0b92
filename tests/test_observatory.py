"""The full header set in production, page by page, the way an HTTP observatory scores it:
a trainer page, the client's shared page and a static file."""

import json

import pytest

from tests.production import run_in_production

SCRIPT = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.test import Client
from clients import share_links
from clients.models import Client as CoachClient

trainer = User.objects.create_user("observer", password="observatory-2026")
link = share_links.issue_link(CoachClient.objects.create(trainer=trainer, name="Obs"))
web = Client(HTTP_HOST="coach.example.com")
results = {}

def grab(name, path, **headers):
    r = web.get(path, secure=True, **headers)
    results[name] = {
        "status": r.status_code,
        "headers": dict(r.headers),
        "cookies": {k: dict(v) | {"value": ""} for k, v in r.cookies.items()},
    }

grab("login", "/accounts/login/")
web.force_login(trainer)
grab("dashboard", "/")
grab("shared", link.get_absolute_url())
grab("static", static("css/app.css"))
grab("static compressed", static("css/app.css"), HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory, collected_static):
    database = tmp_path_factory.mktemp("observatory") / "db.sqlite3"
    result = run_in_production(
        ["-c", SCRIPT],
        {
            "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "STATIC_ROOT": str(collected_static),
        },
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


HTML_PAGES = ["login", "dashboard", "shared"]


@pytest.mark.parametrize("name", [*HTML_PAGES, "static"])
def test_every_response_has_hsts_and_nosniff(pages, name):
    headers = pages[name]["headers"]
    assert pages[name]["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", HTML_PAGES)
def test_html_pages_have_a_csp_without_unsafe_sources(pages, name):
    headers = pages[name]["headers"]
    policy = headers["Content-Security-Policy"]
    directives = {part.strip().split(" ")[0]: part.strip() for part in policy.split(";")}
    assert directives["default-src"] == "default-src 'none'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["form-action"] == "form-action 'self'"
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"):
        assert unsafe not in policy.split()
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_trainer_cookies_are_host_prefixed_secure_and_http_only(pages):
    csrf = pages["login"]["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True and csrf["path"] == "/" and not csrf["domain"]
    assert csrf["samesite"] in {"Lax", "Strict"}
    assert pages["dashboard"]["headers"]["Referrer-Policy"] == "same-origin"
    assert "no-store" in pages["dashboard"]["headers"]["Cache-Control"]


def test_the_shared_page_is_private_and_keeps_csrf_working(pages):
    headers = pages["shared"]["headers"]
    assert headers["Referrer-Policy"] == "strict-origin"
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in headers["Cache-Control"]


def test_static_files_are_hashed_immutable_and_compressed(pages):
    headers = pages["static"]["headers"]
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    compressed = pages["static compressed"]["headers"]
    assert compressed["Content-Encoding"] == "gzip"
    assert int(compressed["Content-Length"]) < int(headers["Content-Length"]) / 3
