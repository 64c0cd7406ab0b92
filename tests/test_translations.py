"""Languages: the catalogues, the client's language everywhere they read, the library's texts.

The catalogue tests need GNU gettext (xgettext, msgfmt); .ci/run installs it."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from clients import assigning, share_links
from clients.models import Client, TrainerPreference
from clients.reminders import reminder_message
from routines.models import Routine, Stretch
from routines.translation import translated_fields
from tests.factories import make_client, make_intake, make_routine, make_stretch, make_trainer

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
# What `make messages` reads: the code and the templates, in a copy so nothing here changes.
SOURCES = ["manage.py", "trainer_site", "clients", "routines", "practices", "templates", "locale"]


def entries(po_text):
    """(context, msgid, plural, [msgstr...], flags) of each entry but the header."""
    found = []
    for block in po_text.split("\n\n"):
        fields, current, flags = {}, None, []
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line
            ):
                current = match.group(1)
                fields[current] = json.loads(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
        if fields.get("msgid"):
            strings = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
            found.append(
                (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strings, flags)
            )
    return found


def without_creation_date(text):
    return re.sub(r'"POT-Creation-Date: [^"]*"\n', "", text)


def placeholders(text):
    return sorted(re.findall(r"%\([a-z_]+\)s|\{[a-z_]*\}", text))


def test_the_catalogue_is_up_to_date_with_the_code(tmp_path):
    """`make messages` run now would change nothing, and the compiled .mo matches the .po."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    arguments = re.search(
        r"^MAKEMESSAGES_ARGS = ((?:.*\\\n)*.*)$", (ROOT / "Makefile").read_text(), re.M
    )
    options = arguments.group(1).replace("\\\n", " ").split()
    command = [sys.executable, "manage.py", "makemessages", "-l", "es", *options]
    environment = {
        "DEBUG": "1",
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
    }
    subprocess.run(command, cwd=tmp_path, env=environment, check=True, capture_output=True)
    fresh = (tmp_path / "locale/es/LC_MESSAGES/django.po").read_text()
    assert without_creation_date(fresh) == without_creation_date(CATALOGUE.read_text()), (
        "locale/es/LC_MESSAGES/django.po is stale: run `make messages`, translate, `make compile`."
    )
    compiled = tmp_path / "check.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE)], check=True)
    committed = CATALOGUE.with_suffix(".mo").read_bytes()
    assert compiled.read_bytes() == committed, "django.mo is older than django.po: `make compile`."


def test_every_message_has_a_spanish_translation_with_the_same_placeholders():
    found = entries(CATALOGUE.read_text())
    assert len(found) > 40
    for _context, msgid, plural, strings, flags in found:
        assert "fuzzy" not in flags, f"fuzzy: {msgid!r}"
        assert strings and all(strings), f"no Spanish for {msgid!r}"
        for translated in strings:
            assert placeholders(translated) == placeholders(plural or msgid), (msgid, translated)


def test_a_stale_or_untranslated_catalogue_would_be_caught():
    """The checks above can fail: an untranslated, a fuzzy entry and a new string each trip."""
    text = CATALOGUE.read_text()
    untranslated = text.replace('msgstr "Es hora de tus estiramientos"', 'msgstr ""')
    assert any(not all(strings) for *_, strings, _ in entries(untranslated))
    fuzzy = text.replace(
        'msgid "Time for your stretches"', '#, fuzzy\nmsgid "Time for your stretches"'
    )
    assert any("fuzzy" in flags for *_, flags in entries(fuzzy))
    assert without_creation_date(text + '\nmsgid "x"\nmsgstr ""\n') != without_creation_date(text)


# --- The library's texts ------------------------------------------------------------------------


def test_library_stretches_and_templates_read_in_spanish_with_english_fallback(db):
    own = make_stretch(name="Wall hang", cues="Breathe out")
    with translation.override("es"):
        lunge = Stretch.objects.prefetch_related("steps").get(slug="kneeling-lunge")
        assert lunge.name == "Zancada con la rodilla apoyada"
        assert lunge.stop_if_list[-1] == "Hormigueo, entumecimiento o dolor que baja por la pierna."
        assert lunge.steps.all()[0].instruction.startswith("Levanta el pecho")
        assert (
            Routine.objects.templates().get(name_en_gb="Desk break").name
            == "Pausa en el escritorio"
        )
        own = Stretch.objects.get(pk=own.pk)
        assert (own.name, own.cue_list) == ("Wall hang", ["Breathe out"])  # falls back to English
    assert Stretch.objects.get(slug="kneeling-lunge").name == "Kneeling lunge"
    for stretch in Stretch.objects.filter(owner__isnull=True).exclude(pk=own.pk):
        for field in ("name", "summary", "setup", "cues", "you_should_feel", "stop_if"):
            assert getattr(stretch, f"{field}_es"), (stretch.slug, field)
        # Within the columns' limits (SQLite would not say; PostgreSQL refuses the migration).
        for field in Stretch._meta.fields:
            value = getattr(stretch, field.attname)
            if field.name.endswith("_es") and field.max_length and value:
                assert len(value) <= field.max_length, (stretch.slug, field.name)


# Read by a native speaker (review finding 17): a jerk or a pulled muscle ("tirón"), a fencing
# thrust ("estocada"), a sprain ("si se tuerce") and word-for-word calques of the English.
NOT_IN_SPANISH = (
    "tirón",
    "stocada",
    "si se tuerce",
    "Mantén y respira",
    "Siéntate alto",
    "sentado alto",
    "cadera externa",
    "cadera delantera",
    "Crece por",
)


def test_the_spanish_library_avoids_words_that_mislead_or_read_as_translated(db):
    texts = []
    for stretch in Stretch.objects.filter(owner__isnull=True).prefetch_related("steps"):
        texts += [getattr(stretch, f"{field}_es") or "" for field in translated_fields(Stretch)]
        texts += [step.instruction_es or "" for step in stretch.steps.all()]
    for text in texts:
        for word in NOT_IN_SPANISH:
            assert word not in text, (word, text)
    half_frog = Stretch.objects.get(slug="half-frog-pose")
    assert "Dolor en la rodilla doblada, sobre todo al girarla." in half_frog.stop_if_es
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    assert lunge.name_es == "Zancada con la rodilla apoyada"


def test_the_spanish_catalogue_names_no_trainer_by_gender_and_says_no_tiron():
    for _context, msgid, _plural, strings, _flags in entries(CATALOGUE.read_text()):
        for translated in strings:
            assert "tirón" not in translated and "entrenador" not in translated, translated
            assert translated != "Para si", msgid
    spanish = {
        (context, msgid): strings
        for context, msgid, _p, strings, _f in entries(CATALOGUE.read_text())
    }
    assert spanish[("contact card", "Your trainer")] == ["Te entrena"]
    assert spanish[(None, "Skipped")] == ["No lo hice"]
    assert spanish[(None, "Left side")] == ["Lado izquierdo"]


def test_text_written_in_spanish_also_fills_the_english_column(db, trainer):
    with translation.override("es"):
        own = make_stretch(owner=trainer, name="Puente", setup="Túmbate")
    own.refresh_from_db()
    assert (own.name_en_gb, own.name_es) == ("Puente", "Puente")


@pytest.fixture
def editor(client, db):
    from tests.factories import sign_in_with_second_factor

    sign_in_with_second_factor(client, make_trainer("editor", is_staff=True, is_superuser=True))
    return client


def test_the_admin_edits_languages_side_by_side_and_lists_what_is_missing(editor, trainer):
    make_stretch(owner=trainer, name="Untranslated wall hang")
    change = editor.get(
        reverse("admin:routines_stretch_change", args=[Stretch.objects.get(slug="pigeon-pose").pk])
    )
    html = change.content.decode()
    assert 'name="name_en_gb"' in html and 'name="name_es"' in html
    assert 'name="steps-0-instruction_es"' in html
    assert "Postura de la paloma" in html

    missing = editor.get(reverse("admin:routines_stretch_changelist"), {"translation": "es"})
    html = missing.content.decode()
    assert "Untranslated wall hang" in html and "Pigeon pose" not in html
    missing_cells = re.findall(r'class="field-untranslated">([^<]*)<', html)
    assert missing_cells == ["es: name, summary, setup, step 1"]

    templates = editor.get(reverse("admin:routines_routine_changelist"), {"translation": "es"})
    assert templates.status_code == 200 and "Desk break" not in templates.content.decode()


# --- The client's language ----------------------------------------------------------------------


@pytest.fixture
def spanish_link(trainer):
    client = make_client(trainer, name="Lucía Pérez", email="lucia@example.com", language="es")
    make_intake(client, pain_average_week=3)
    client.refresh_from_db()
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    assigning.assign(
        client, make_routine(trainer, name="Mañanas", stretches=[lunge]), weekdays=list(range(7))
    )
    return share_links.issue_link(client)


def test_the_client_page_is_in_the_clients_language_and_remembers_a_switch(client, spanish_link):
    url = reverse("shared:today", args=[spanish_link.token])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert "Zancada con la rodilla apoyada" in html
    assert "Busca atención médica urgente ahora si notas" in html
    assert "en cada lado" in html  # the dose

    switched = client.get(url, {"lang": "en-gb"})
    assert "Kneeling lunge" in switched.content.decode()
    cookie = switched.cookies["page_language"]
    assert cookie.value == "en-gb" and cookie["path"] == url and cookie["httponly"]
    assert "Kneeling lunge" in client.get(url).content.decode()  # remembered on this phone
    client.cookies.pop("page_language")
    html = client.get(url).content.decode()
    assert "Zancada con la rodilla apoyada" in html
    # The date opens a sentence: capitalised, whatever the day ("Sábado 5 de diciembre.").
    assert re.search(r'<p class="lead">[A-ZÁÉÍÓÚ][a-záéíóú]+ \d{1,2} de [a-z]+\. ', html), html
    assert "<strong>Detente si notas</strong>" in html
    assert "Te entrena" in html
    texts = json.loads(re.search(r'id="page-texts"[^>]*>(.*?)</script>', html).group(1))
    assert texts["player"]["kinds"]["hold"] == "Mantén la postura y respira"
    assert texts["player"]["sideOnly"] == {"left": "Lado izquierdo", "right": "Lado derecho"}
    assert texts["coach"]["ask"] == "¿Qué tal este estiramiento?"


def test_the_handout_and_calendar_follow_the_client(client, spanish_link):
    handout = client.get(reverse("shared:handout", args=[spanish_link.token])).content.decode()
    assert '<html lang="es"' in handout and "Estiramientos de Lucía" in handout
    assert "Zancada con la rodilla apoyada" in handout and "Detente si notas" in handout
    feed = client.get(reverse("shared:calendar", args=[spanish_link.token])).content.decode()
    assert "X-WR-CALNAME:Estiramientos" in feed and "Hora de estirar: Mañanas" in feed


def test_without_a_contact_the_handout_says_the_usual_way_in_spanish(client, spanish_link):
    handout = client.get(reverse("shared:handout", args=[spanish_link.token])).content.decode()
    assert "Si el dolor empeora, para. Si el dolor no se calma" in handout
    assert "Cuéntaselo también a Tess, por la vía por la que soléis hablar." in handout
    share_links.revoke_link(spanish_link.client)
    url = reverse("shared:today", args=[spanish_link.token])
    with translation.override("en-gb"):  # the page's language is not left on for what follows
        gone = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Pide uno nuevo a Tess, por la vía por la que soléis hablar." in gone


def test_emails_to_the_client_are_in_their_language(db, trainer, spanish_link):
    from clients.models import ReminderPreference
    from clients.tasks import email_share_link

    email_share_link.enqueue(spanish_link.pk, "http://testserver")
    share = mail.outbox[-1]
    assert share.subject == "Tu rutina de estiramientos"
    assert "El enlace es privado" in share.body

    preference = ReminderPreference.objects.create(
        client=spanish_link.client, time_of_day="08:00", weekdays=[0], unsubscribe_token="t" * 40
    )
    assignment = spanish_link.client.assignments.get()
    today = assignment.starts_on
    message = reminder_message(preference, spanish_link, [(assignment, 1)], today)
    assert message.subject == "Es hora de tus estiramientos"
    assert "Busca atención médica urgente ahora si notas entumecimiento" in message.body
    assert translation.get_language() == "en-gb"  # nothing leaks into what runs next


def test_a_new_client_starts_in_the_trainers_language(trainer_client, trainer):
    TrainerPreference.objects.create(trainer=trainer, language="es")
    form = trainer_client.get(reverse("clients:client-create")).content.decode()
    assert '<option value="es" selected>' in form
    response = trainer_client.post(
        reverse("clients:client-create"), {"name": "Ana", "language": "es"}
    )
    assert response.status_code == 302
    assert Client.objects.get(name="Ana").language == "es"
    bad = trainer_client.post(reverse("clients:client-create"), {"name": "Bo", "language": "xx"})
    assert bad.status_code == 422 and not Client.objects.filter(name="Bo").exists()


def test_trainer_pages_follow_the_trainers_choice_then_the_browser(trainer_client, trainer):
    url = reverse("clients:dashboard")
    assert '<html lang="es"' in trainer_client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en-gb"' in trainer_client.get(url).content.decode()
    response = trainer_client.post(
        reverse("clients:contact-settings"), {"contact_name": "Tess", "language": "en-gb"}
    )
    assert response.status_code == 302
    html = trainer_client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en-gb"' in html  # the chosen language wins over the browser's
