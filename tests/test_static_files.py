"""Static files in production: hashed names, compressed copies, served with far-future caching."""

import json

from tests.production import run_in_production


def test_collectstatic_writes_hashed_and_compressed_files(collected_static):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    hashed_css = manifest["css/app.css"]
    assert hashed_css != "css/app.css"
    assert (collected_static / hashed_css).exists()
    assert (collected_static / f"{hashed_css}.gz").exists()
    assert "django_htmx/htmx-2.min.js" in manifest


def test_hashed_static_files_are_served_compressed_with_a_one_year_cache(collected_static):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    script = f"""
import django
django.setup()
from django.test import Client
r = Client(HTTP_HOST="coach.example.com").get(
    "/static/{manifest["css/app.css"]}", secure=True, headers={{"accept-encoding": "gzip"}})
print(r.status_code, r.headers.get("Content-Encoding"), r.headers["Cache-Control"], sep="|")
"""
    result = run_in_production(
        ["-c", script],
        {"DJANGO_SETTINGS_MODULE": "trainer_site.settings", "STATIC_ROOT": str(collected_static)},
    )
    status, encoding, cache_control = result.stdout.strip().splitlines()[-1].split("|")
    assert status == "200"
    assert encoding == "gzip"
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control
