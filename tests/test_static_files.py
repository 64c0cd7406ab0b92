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


MISSING_DRAWING = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from clients import assigning, share_links
from clients.models import Client as CoachClient
from routines.models import Stretch
from tests.factories import make_intake, make_routine, make_trainer, sign_in_with_second_factor

# A path typed before the admin checked it, or a file since removed from static/.
pigeon = Stretch.objects.get(slug="pigeon-pose")
pigeon.illustration = "img/stretches/pigeon-pose-typo.svg"
pigeon.save()
lunge = Stretch.objects.get(slug="kneeling-lunge")
trainer = make_trainer("drawings")
alex = CoachClient.objects.create(trainer=trainer, name="Alex")
make_intake(alex)
routine = make_routine(trainer, stretches=[pigeon, lunge])
assigning.assign(alex, routine, weekdays=list(range(7)))
link = share_links.issue_link(alex)
web = Client(HTTP_HOST="coach.example.com")
web.force_login(trainer)
pages = [link.get_absolute_url(), link.get_absolute_url() + "print/", routine.get_absolute_url(),
         "/library/", pigeon.get_absolute_url(), f"/routines/{routine.pk}/library/"]
results = {}
for path in pages:
    r = web.get(path, secure=True)
    results[path] = [r.status_code, r.content.decode()]
admin = Client(HTTP_HOST="coach.example.com")
sign_in_with_second_factor(admin, make_trainer("curator", is_staff=True, is_superuser=True))
r = admin.get("/admin/routines/stretch/", secure=True)
results["admin"] = [r.status_code, r.content.decode()]
print(json.dumps(results))
"""


def test_a_missing_drawing_never_breaks_a_page_with_the_manifest_storage(
    tmp_path, collected_static
):
    result = run_in_production(
        ["-c", MISSING_DRAWING],
        {
            "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "STATIC_ROOT": str(collected_static),
        },
    )
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    lunge_drawing = "/static/" + manifest["img/stretches/kneeling-lunge.svg"]
    for path, (status, html) in pages.items():
        assert status == 200, (path, html[-2000:])
        assert "pigeon-pose-typo" not in html, path
    shared, handout, builder, library = (pages[path][1] for path in list(pages)[:4])
    for html in (shared, handout, builder, library):
        assert lunge_drawing in html  # the other stretches keep their drawings
