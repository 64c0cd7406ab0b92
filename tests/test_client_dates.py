"""The client's page writes today's date in the words of its language: "Saturday 5 December" in
English, "sábado 5 de diciembre" in Spanish (each language's own day-and-month format)."""

import re

import pytest

from clients import assigning, share_links
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine, make_trainer

ENGLISH_DAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+\."
# The date opens the sentence: capitalised in Spanish too ("Sábado 5 de diciembre.").
SPANISH_DAY = r"(Lunes|Martes|Miércoles|Jueves|Viernes|Sábado|Domingo) \d{1,2} de [a-z]+\."


@pytest.mark.parametrize(("language", "pattern"), [("en-gb", ENGLISH_DAY), ("es", SPANISH_DAY)])
def test_the_page_dates_today_in_its_language(client, db, language, pattern):
    trainer = make_trainer("tess")
    lucia = make_client(trainer, name="Lucía Ortega", language=language)
    make_intake(lucia)
    lucia.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    assigning.assign(lucia, routine, weekdays=list(range(7)), sessions_per_day=1)
    page = client.get(share_links.issue_link(lucia).get_absolute_url())
    lead = re.search(r'<p class="lead">(.*?)</p>', page.content.decode()).group(1)
    assert re.match(pattern, lead), lead
