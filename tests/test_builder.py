"""The routine builder over HTTP: fragments, versions (409), validation (422), order, budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from routines.doses import dose_text
from routines.durations import minutes_and_seconds, step_seconds
from routines.models import Routine, RoutineStep, Stretch
from tests.factories import make_routine, make_trainer

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def library():
    return {stretch.slug: stretch for stretch in Stretch.objects.filter(owner=None)}


@pytest.fixture
def routine(trainer, library):
    return make_routine(
        trainer,
        name="Morning reset",
        stretches=[library["kneeling-lunge"], library["pigeon-pose"], library["half-frog-pose"]],
    )


def url(name, routine, step=None):
    args = [routine.pk] if step is None else [routine.pk, step.pk]
    return reverse(f"routines:{name}", args=args)


def snapshot(routine):
    """Everything an edit could change: the version and each step's place and dose."""
    routine.refresh_from_db()
    steps = list(
        routine.steps.order_by("position").values_list(
            "stretch__slug", "position", "hold_seconds", "repetitions", "sides", "rest_seconds"
        )
    )
    return routine.version, steps


def dose(step, **changes):
    values = {
        "hold_seconds": step.hold_seconds,
        "repetitions": step.repetitions,
        "sides": step.sides,
        "rest_seconds": step.rest_seconds,
        "client_note": "",
        "private_note": "",
    }
    for phase in ("contract", "release", "rest"):
        value = getattr(step, f"tempo_{phase}_seconds")
        values[f"tempo_{phase}_seconds"] = "" if value is None else value
    values.update(changes)
    return {f"step-{step.pk}-{name}": value for name, value in values.items()}


def test_new_routine_opens_in_the_builder(trainer_client, trainer):
    response = trainer_client.post(reverse("routines:routine-create"), {"name": "Desk days"})
    routine = Routine.objects.get(owner=trainer)
    assert response.status_code == 302
    assert response["Location"] == routine.get_absolute_url()
    page = trainer_client.get(response["Location"]).content.decode()
    assert "No stretches yet" in page
    assert "Kneeling lunge" in page  # the library panel


def test_new_routine_without_a_name_is_refused_beside_the_field(trainer_client, trainer):
    response = trainer_client.post(reverse("routines:routine-create"), {"name": "  "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Routine.objects.filter(owner=trainer).exists()


def test_adding_a_stretch_uses_its_default_dose_and_returns_only_fragments(
    trainer_client, routine, library
):
    version, _ = snapshot(routine)
    march = library["pandiculation-march"]
    response = trainer_client.post(
        url("step-add", routine), {"stretch": march.pk, "version": version}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<nav" not in html and "<html" not in html
    assert 'id="step-list"' in html
    assert (
        'id="routine-summary" class="routine-summary" aria-live="polite" hx-swap-oob="true"' in html
    )
    assert f'id="routine-version" value="{version + 1}" hx-swap-oob="true"' in html
    added = routine.steps.get(position=4)
    assert added.stretch == march
    assert (added.tempo_contract_seconds, added.repetitions) == (
        march.tempo_contract_seconds,
        march.repetitions,
    )


def test_a_double_click_on_add_creates_one_step(trainer_client, routine, library):
    version, _ = snapshot(routine)
    data = {"stretch": library["pigeon-pose"].pk, "version": version}
    first = trainer_client.post(url("step-add", routine), data, **HTMX)
    second = trainer_client.post(url("step-add", routine), data, **HTMX)
    assert (first.status_code, second.status_code) == (200, 409)
    assert routine.steps.count() == 4


def test_a_stretch_the_trainer_cannot_see_cannot_be_added(trainer_client, routine, other_trainer):
    from tests.factories import make_stretch

    foreign = make_stretch(other_trainer, name="Otto's private stretch")
    version, steps = snapshot(routine)
    response = trainer_client.post(
        url("step-add", routine), {"stretch": foreign.pk, "version": version}, **HTMX
    )
    assert response.status_code == 404
    assert snapshot(routine) == (version, steps)


def test_editing_a_dose_saves_it_and_updates_the_duration(trainer_client, routine):
    version, _ = snapshot(routine)
    step = routine.steps.get(position=1)
    response = trainer_client.post(
        url("step-update", routine, step),
        {"version": version, **dose(step, hold_seconds=45, rest_seconds=10)},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved" in html and "45 s" in html
    step.refresh_from_db()
    assert (step.hold_seconds, step.rest_seconds) == (45, 10)
    assert snapshot(routine)[0] == version + 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hold_seconds": 3}, "Hold must be between 5 and 300."),
        ({"hold_seconds": 301}, "Hold must be between 5 and 300."),
        ({"repetitions": 0}, "Repetitions must be between 1 and 20."),
        ({"repetitions": 21}, "Repetitions must be between 1 and 20."),
        ({"rest_seconds": 500}, "Rest must be between 0 and 120."),
        ({"hold_seconds": "ten"}, "Enter a whole number."),
        ({"sides": "three"}, "Select a valid choice."),
        ({"tempo_contract_seconds": 5}, "A tempo needs all three"),
    ],
)
def test_a_bad_dose_is_refused_inline_with_422_and_nothing_saved(
    trainer_client, routine, changes, message
):
    before = snapshot(routine)
    step = routine.steps.get(position=2)
    response = trainer_client.post(
        url("step-update", routine, step), {"version": before[0], **dose(step, **changes)}, **HTMX
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#step-{step.pk}"
    html = response.content.decode()
    assert message in html
    assert "field--invalid" in html
    assert snapshot(routine) == before


def test_a_refused_dose_keeps_the_row_summary_whole_with_the_stored_dose(trainer_client, routine):
    step = routine.steps.get(position=1)
    stored = f"{dose_text(step)}</span> · <span>{minutes_and_seconds(step_seconds(step))}</span>"
    version = snapshot(routine)[0]
    changes = {"hold_seconds": 0, "repetitions": step.repetitions + 1}  # one bad, one good
    response = trainer_client.post(
        url("step-update", routine, step), {"version": version, **dose(step, **changes)}, **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert stored in html  # neither the unsaved repetitions nor a dangling "·"
    assert "· </p>" not in html and "<span></span>" not in html


def test_a_corrected_dose_redraws_the_row_with_its_time(trainer_client, routine):
    """The row that showed the error is drawn again whole once the value is put right: its
    summary carries the new dose and its time (it read "35 s on each side ·  · ")."""
    step = routine.steps.get(position=1)
    version = snapshot(routine)[0]
    response = trainer_client.post(
        url("step-update", routine, step),
        {"version": version, **dose(step, hold_seconds=35)},
        **HTMX,
        HTTP_HX_TARGET=f"step-{step.pk}",
    )
    assert response.status_code == 200
    step.refresh_from_db()
    html = response.content.decode()
    expected = f"{dose_text(step)}</span> · <span>{minutes_and_seconds(step_seconds(step))}</span>"
    assert "35 s" in dose_text(step) and expected in html
    assert "<span></span>" not in html


def test_a_bad_dose_without_htmx_redraws_the_page_with_the_message(trainer_client, routine):
    before = snapshot(routine)
    step = routine.steps.get(position=1)
    response = trainer_client.post(
        url("step-update", routine, step), {"version": before[0], **dose(step, hold_seconds=2)}
    )
    assert response.status_code == 422
    assert "Hold must be between 5 and 300." in response.content.decode()
    assert snapshot(routine) == before


def stale_edits(routine, library):
    first, second, third = routine.steps.order_by("position")
    return {
        "add": (url("step-add", routine), {"stretch": library["pigeon-pose"].pk}),
        "update": (url("step-update", routine, first), dose(first, hold_seconds=99)),
        "remove": (url("step-remove", routine, first), {}),
        "move": (url("step-move", routine, second), {"direction": "up"}),
        "reorder": (url("step-reorder", routine), {"order": f"{third.pk},{second.pk},{first.pk}"}),
        "details": (url("routine-details", routine), {"name": "Stale name"}),
        "restore": (
            url("step-restore", routine),
            {
                "stretch": library["pigeon-pose"].pk,
                "position": 1,
                "hold_seconds": 30,
                "repetitions": 1,
                "sides": "each_side",
                "rest_seconds": 0,
            },
        ),
    }


@pytest.mark.parametrize(
    "edit", ["add", "update", "remove", "move", "reorder", "details", "restore"]
)
def test_an_edit_from_a_stale_tab_gets_409_and_changes_nothing(
    trainer_client, routine, library, edit
):
    # Another tab changed the routine: the version moved on from the one this page holds.
    stale_version, _ = snapshot(routine)
    other_tab = routine.steps.get(position=3)
    trainer_client.post(
        url("step-update", routine, other_tab),
        {"version": stale_version, **dose(other_tab, hold_seconds=60)},
        **HTMX,
    )
    before = snapshot(routine)
    assert before[0] == stale_version + 1

    path, data = stale_edits(routine, library)[edit]
    response = trainer_client.post(path, {"version": stale_version, **data}, **HTMX)

    assert response.status_code == 409
    assert "changed in another tab" in response.content.decode()
    assert response["HX-Retarget"] == "#builder-alert"
    assert snapshot(routine) == before
    routine.refresh_from_db()
    assert routine.name == "Morning reset"


def test_an_edit_without_a_version_is_treated_as_stale(trainer_client, routine, library):
    before = snapshot(routine)
    response = trainer_client.post(
        url("step-add", routine), {"stretch": library["pigeon-pose"].pk}, **HTMX
    )
    assert response.status_code == 409
    assert snapshot(routine) == before


def test_a_stale_plain_post_redirects_with_the_message(trainer_client, routine, library):
    before = snapshot(routine)
    response = trainer_client.post(
        url("step-add", routine), {"stretch": library["pigeon-pose"].pk, "version": 0}, follow=True
    )
    assert "changed in another tab" in response.content.decode()
    assert snapshot(routine) == before


def test_reorder_applies_the_whole_new_order_at_once(trainer_client, routine):
    version, _ = snapshot(routine)
    first, second, third = routine.steps.order_by("position")
    response = trainer_client.post(
        url("step-reorder", routine),
        {"version": version, "order": f"{third.pk},{first.pk},{second.pk}"},
        **HTMX,
    )
    assert response.status_code == 200
    assert snapshot(routine)[1] == [
        ("half-frog-pose", 1, third.hold_seconds, third.repetitions, third.sides, 0),
        ("kneeling-lunge", 2, first.hold_seconds, first.repetitions, first.sides, 0),
        ("pigeon-pose", 3, second.hold_seconds, second.repetitions, second.sides, 0),
    ]


@pytest.mark.parametrize("order", ["1,2", "x,y,z", ""])
def test_a_reorder_that_does_not_name_every_step_changes_nothing(trainer_client, routine, order):
    before = snapshot(routine)
    response = trainer_client.post(
        url("step-reorder", routine), {"version": before[0], "order": order}, **HTMX
    )
    assert response.status_code in {409, 422}
    assert snapshot(routine) == before


def test_a_reorder_cannot_pull_in_another_routines_steps(trainer_client, routine, trainer, library):
    other = make_routine(trainer, name="Other", stretches=[library["pigeon-pose"]])
    before = snapshot(routine)
    first, second, _ = routine.steps.order_by("position")
    foreign = other.steps.get()
    response = trainer_client.post(
        url("step-reorder", routine),
        {"version": before[0], "order": f"{first.pk},{second.pk},{foreign.pk}"},
        **HTMX,
    )
    assert response.status_code == 409
    assert snapshot(routine) == before
    assert other.steps.get().position == 1


def test_keyboard_buttons_move_a_step_and_keep_focus_on_it(trainer_client, routine):
    version, _ = snapshot(routine)
    third = routine.steps.get(position=3)
    response = trainer_client.post(
        url("step-move", routine, third), {"version": version, "direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    assert [slug for slug, *_ in snapshot(routine)[1]] == [
        "kneeling-lunge",
        "half-frog-pose",
        "pigeon-pose",
    ]
    html = response.content.decode()
    autofocused = html[: html.index("autofocus")]
    assert autofocused.rsplit("aria-label=", 1)[1].startswith('"Move Half frog pose up"')


def test_moving_the_first_step_up_keeps_the_order(trainer_client, routine):
    version, steps = snapshot(routine)
    first = routine.steps.get(position=1)
    response = trainer_client.post(
        url("step-move", routine, first), {"version": version, "direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    assert snapshot(routine)[1] == steps


def test_remove_offers_undo_which_puts_the_step_back_with_its_dose(trainer_client, routine):
    version, _ = snapshot(routine)
    middle = routine.steps.get(position=2)
    trainer_client.post(
        url("step-update", routine, middle),
        {"version": version, **dose(middle, hold_seconds=50, client_note="Go gently")},
        **HTMX,
    )
    before = snapshot(routine)

    removed = trainer_client.post(
        url("step-remove", routine, middle), {"version": before[0]}, **HTMX
    )
    assert removed.status_code == 200
    html = removed.content.decode()
    assert "Removed “Pigeon pose”." in html
    assert 'id="builder-alert"' in html and "Undo" in html
    assert [slug for slug, *_ in snapshot(routine)[1]] == ["kneeling-lunge", "half-frog-pose"]

    undo = {
        "version": before[0] + 1,
        "stretch": middle.stretch_id,
        "position": 2,
        "hold_seconds": 50,
        "repetitions": middle.repetitions,
        "sides": middle.sides,
        "rest_seconds": middle.rest_seconds,
        "client_note": "Go gently",
        "private_note": "",
    }
    assert 'name="client_note" value="Go gently"' in html
    restored = trainer_client.post(url("step-restore", routine), undo, **HTMX)
    assert restored.status_code == 200
    assert snapshot(routine) == (before[0] + 2, before[1])
    assert routine.steps.get(position=2).client_note == "Go gently"


def test_a_routine_holds_at_most_twenty_steps(trainer_client, trainer, library):
    routine = make_routine(trainer, stretches=[library["pigeon-pose"]] * 20)
    version, steps = snapshot(routine)
    response = trainer_client.post(
        url("step-add", routine), {"stretch": library["pigeon-pose"].pk, "version": version}, **HTMX
    )
    assert response.status_code == 422
    assert "at most 20 steps" in response.content.decode()
    assert snapshot(routine) == (version, steps)


def test_duration_counts_holds_reps_sides_rests_and_transitions(trainer_client, trainer, library):
    routine = make_routine(trainer, stretches=[library["kneeling-lunge"]])
    step = routine.steps.get()
    version, _ = snapshot(routine)
    trainer_client.post(
        url("step-update", routine, step),
        {
            "version": version,
            **dose(step, hold_seconds=30, repetitions=2, sides="each_side", rest_seconds=10),
        },
        **HTMX,
    )
    page = trainer_client.get(routine.get_absolute_url()).content.decode()
    # 10 s setup + 2 reps x 2 sides x 30 s + 1 rest x 2 sides x 10 s + 5 s side switch = 155 s
    assert "about <strong>2 min 35 s</strong>" in page


def test_alternating_tempo_counts_pairs_and_no_side_switch(trainer_client, trainer, library):
    """The march alternates legs: left then right is one repetition, the next lift is the
    change of side (no switch time), and the rest comes between pairs, as the player runs it."""
    routine = make_routine(trainer, stretches=[library["pandiculation-march"]])
    step = routine.steps.get()
    version, _ = snapshot(routine)
    trainer_client.post(
        url("step-update", routine, step),
        {"version": version, **dose(step, rest_seconds=10)},
        **HTMX,
    )
    page = trainer_client.get(routine.get_absolute_url()).content.decode()
    # 10 s setup + 5 pairs x 2 legs x (4 + 6 + 2) s + 4 rests x 10 s = 170 s
    assert "about <strong>2 min 50 s</strong>" in page


def test_more_than_five_steps_warns_about_adherence(trainer_client, trainer, library):
    five = make_routine(trainer, name="Five", stretches=[library["pigeon-pose"]] * 5)
    six = make_routine(trainer, name="Six", stretches=[library["pigeon-pose"]] * 6)
    assert (
        "More than 5 stretches" not in trainer_client.get(five.get_absolute_url()).content.decode()
    )
    assert "More than 5 stretches" in trainer_client.get(six.get_absolute_url()).content.decode()


def test_steps_show_their_stretch_caution_tags(trainer_client, routine):
    page = trainer_client.get(routine.get_absolute_url()).content.decode()
    assert "badge--caution" in page
    assert "Knee pain" in page  # the kneeling lunge loads the knee


def test_renaming_saves_with_the_version(trainer_client, routine):
    version, _ = snapshot(routine)
    response = trainer_client.post(
        url("routine-details", routine),
        {"version": version, "name": "Evenings", "goal": "Unwind"},
        **HTMX,
    )
    assert response.status_code == 200
    routine.refresh_from_db()
    assert (routine.name, routine.goal, routine.version) == ("Evenings", "Unwind", version + 1)


def test_renaming_to_blank_is_refused_with_422(trainer_client, routine):
    before = snapshot(routine)
    response = trainer_client.post(
        url("routine-details", routine), {"version": before[0], "name": ""}, **HTMX
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    routine.refresh_from_db()
    assert routine.name == "Morning reset"


def test_library_panel_search_returns_the_fragment(trainer_client, routine):
    response = trainer_client.get(url("builder-library", routine), {"q": "frog"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Half frog pose" in html and "Pigeon pose" not in html
    assert "<nav" not in html


def test_copying_a_template_gives_the_trainer_their_own_routine(trainer_client, trainer):
    template = Routine.objects.templates().get(name="Full psoas session")
    response = trainer_client.post(reverse("routines:routine-copy", args=[template.pk]))
    copy = Routine.objects.get(owner=trainer)
    assert response["Location"] == copy.get_absolute_url()
    assert not copy.is_template
    assert list(copy.steps.values_list("stretch__slug", flat=True)) == list(
        template.steps.values_list("stretch__slug", flat=True)
    )
    assert Routine.objects.templates().get(pk=template.pk).steps.count() == 4


def test_the_app_ships_three_templates_built_from_the_library(trainer_client):
    page = trainer_client.get(reverse("routines:routine-list")).content.decode()
    for name in ("Desk break", "Gentle evening release", "Full psoas session"):
        assert name in page
    for template in Routine.objects.templates():
        assert 3 <= template.steps.count() <= 5


def test_templates_cannot_be_edited_in_place(trainer_client):
    template = Routine.objects.templates().first()
    assert trainer_client.get(template.get_absolute_url()).status_code == 404


def test_duplicating_an_own_routine(trainer_client, routine, trainer):
    response = trainer_client.post(url("routine-copy", routine))
    copy = Routine.objects.get(owner=trainer, name="Copy of Morning reset")
    assert response["Location"] == copy.get_absolute_url()
    assert copy.steps.count() == 3


def test_another_trainers_routine_cannot_be_copied(client, routine):
    client.force_login(make_trainer("mallory"))
    assert client.post(url("routine-copy", routine)).status_code == 404
    assert Routine.objects.filter(name__contains="Morning reset").count() == 1


def test_archive_and_restore(trainer_client, routine):
    listed = f'<a href="{routine.get_absolute_url()}">Morning reset</a>'
    list_url = reverse("routines:routine-list")
    trainer_client.post(url("routine-archive", routine))
    assert listed not in trainer_client.get(list_url).content.decode()
    assert listed in trainer_client.get(list_url, {"archived": "1"}).content.decode()
    trainer_client.post(url("routine-archive", routine))
    assert listed in trainer_client.get(list_url).content.decode()


def test_deleting_an_unassigned_routine(trainer_client, routine):
    response = trainer_client.post(url("routine-delete", routine))
    assert response.status_code == 302
    assert not Routine.objects.filter(pk=routine.pk).exists()
    assert not RoutineStep.objects.filter(routine_id=routine.pk).exists()


def test_routine_list_search_and_columns(trainer_client, trainer, library):
    make_routine(trainer, name="Evening unwind", stretches=[library["half-frog-pose"]] * 2)
    make_routine(trainer, name="Office reset", stretches=[library["kneeling-lunge"]])
    response = trainer_client.get(
        reverse("routines:routine-list"), {"q": "even"}, HTTP_HX_TARGET="routine-results", **HTMX
    )
    html = response.content.decode()
    assert "Evening unwind" in html and "Office reset" not in html
    assert "<td>2</td>" in html  # steps


@pytest.mark.parametrize("count", [3, 30])
def test_builder_page_query_budget(trainer_client, trainer, library, count):
    routine = make_routine(trainer, stretches=[library["pigeon-pose"]] * count)
    # The page's own queries, not the session's and the shared cache's (database tables
    # without CACHE_URL, one round trip each with Redis), nor the test's savepoints.
    shared = ('"django_session"', '"trainer_site_cache"', "SAVEPOINT", "RELEASE SAVEPOINT")
    for budget in (10, 2):  # drawn, then read from the shared cache: the user and the routine
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get(routine.get_absolute_url())
        own = [q["sql"] for q in queries if not any(part in q["sql"] for part in shared)]
        assert len(own) <= budget, "\n".join(own)
        assert response.content.decode().count('class="step-row"') == count


@pytest.mark.parametrize("count", [3, 300])
def test_routine_list_query_budget(
    trainer_client, trainer, library, count, django_assert_max_num_queries
):
    for number in range(count):
        make_routine(trainer, name=f"Routine {number}", stretches=[library["pigeon-pose"]] * 2)
    with django_assert_max_num_queries(10):
        response = trainer_client.get(reverse("routines:routine-list"))
    assert response.content.decode().count("<tr>") == count + 1


@pytest.mark.parametrize("count", [3, 20])
def test_step_edit_query_budget(
    trainer_client, trainer, library, count, django_assert_max_num_queries
):
    routine = make_routine(trainer, stretches=[library["pigeon-pose"]] * count)
    step = routine.steps.get(position=2)
    # 12, and 7 for the session and the shared cache (a cold cache's entry is also written).
    with django_assert_max_num_queries(19):
        response = trainer_client.post(
            url("step-move", routine, step), {"version": 1, "direction": "up"}, **HTMX
        )
    assert response.status_code == 200


def test_add_puts_focus_on_the_new_rows_edit_button(trainer_client, routine, library):
    version, _ = snapshot(routine)
    response = trainer_client.post(
        url("step-add", routine), {"stretch": library["pigeon-pose"].pk, "version": version}, **HTMX
    )
    html = response.content.decode()
    new = routine.steps.get(position=4)
    focused = html[: html.index(" autofocus")]
    assert focused.rsplit("<button", 1)[1].count(f'aria-controls="step-{new.pk}-edit"') == 1


def test_each_step_is_one_line_with_its_dose_and_time_and_the_form_behind_edit(
    trainer_client, routine
):
    html = trainer_client.get(routine.get_absolute_url()).content.decode()
    step = routine.steps.get(position=1)
    line = html[html.index(f'id="step-{step.pk}-dose"') :]
    assert "30 s" in line[: line.index("</p>")] and "min" in line[: line.index("</p>")]
    assert f'aria-controls="step-{step.pk}-edit"' in html and 'aria-expanded="false"' in html
    form_tag = html[html.index(f'id="step-{step.pk}-edit"') :]
    assert "hidden" in form_tag[: form_tag.index(">")]


def test_remove_puts_the_undo_where_the_step_was_and_focuses_it(trainer_client, routine):
    version, _ = snapshot(routine)
    middle = routine.steps.get(position=2)
    html = trainer_client.post(
        url("step-remove", routine, middle), {"version": version}, **HTMX
    ).content.decode()
    step_list = html[html.index('id="step-list"') : html.index("</ol>")]
    names = ["Kneeling lunge", "Removed “Pigeon pose”", "Half frog pose"]
    assert sorted(names, key=step_list.index) == names
    undo = step_list[step_list.index('id="step-undo"') :]
    assert "autofocus>Undo" in undo


def test_a_saved_dose_updates_the_steps_line_out_of_band(trainer_client, routine):
    version, _ = snapshot(routine)
    step = routine.steps.get(position=1)
    response = trainer_client.post(
        url("step-update", routine, step),
        {"version": version, **dose(step, hold_seconds=55)},
        **HTMX,
    )
    html = response.content.decode()
    line = html[html.index(f'id="step-{step.pk}-dose" hx-swap-oob="true"') :]
    assert "55 s" in line[: line.index("</p>")]
