"""The shipped library tells the truth: variation chains, wording, drawings, doses, templates."""

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from routines.doses import dose_text
from routines.durations import minutes_and_seconds, routine_seconds
from routines.models import Difficulty, Routine, Stretch, StretchVariation

SVG = "{http://www.w3.org/2000/svg}"


def library():
    return Stretch.objects.filter(owner=None).prefetch_related("target_areas")


def test_every_variation_chain_steps_one_level_at_a_time_the_right_way(db):
    links = StretchVariation.objects.filter(from_stretch__owner=None).select_related(
        "from_stretch", "to_stretch"
    )
    assert links.exists()
    for link in links:
        step = (
            Difficulty(link.to_stretch.difficulty).rank
            - Difficulty(link.from_stretch.difficulty).rank
        )
        assert abs(step) <= 1, f"{link} jumps {abs(step)} levels"
        if link.kind == "easier":
            assert step <= 0, f"{link} is not easier"
        else:
            assert step >= 0, f"{link} is not harder"


def test_an_easier_version_keeps_a_target_area_of_the_stretch(db):
    for stretch in library():
        targets = {area.code for area in stretch.target_areas.all()}
        for link in stretch.variation_links.filter(kind="easier").select_related("to_stretch"):
            theirs = set(link.to_stretch.target_areas.values_list("code", flat=True))
            assert targets & theirs, f"{link.to_stretch} works another area than {stretch}"


def test_variation_links_go_both_ways(db):
    """If B is the easier version of A, A is a harder version of B: the chain can be walked up
    as well as down."""
    pairs = set(
        StretchVariation.objects.filter(from_stretch__owner=None).values_list(
            "from_stretch__slug", "to_stretch__slug", "kind"
        )
    )
    opposite = {"easier": "harder", "harder": "easier"}
    for source, target, kind in pairs:
        assert (target, source, opposite[kind]) in pairs, f"{target} does not lead back to {source}"


def test_the_lunge_reaches_king_pigeon_only_through_an_intermediate_version(db):
    lunge = Stretch.objects.get(slug="kneeling-lunge")
    harder = set(lunge.variation_links.filter(kind="harder").values_list("to_stretch__slug"))
    assert ("king-pigeon-pose",) not in harder
    assert harder == {("kneeling-lunge-overhead-reach",), ("low-lunge-quad-stretch",)}
    assert Stretch.objects.get(slug="low-lunge-quad-stretch").difficulty == "intermediate"


def test_half_frog_steps_down_to_a_supported_half_frog(db):
    half_frog = Stretch.objects.get(slug="half-frog-pose")
    easier = [link.to_stretch.slug for link in half_frog.variation_links.filter(kind="easier")]
    assert easier == ["supported-half-frog-pose"]


@pytest.mark.parametrize("slug", ["kneeling-lunge", "pigeon-pose", "half-frog-pose"])
def test_each_sided_stretch_says_which_leg_left_means(db, slug):
    assert Stretch.objects.get(slug=slug).side_leg


def test_left_means_the_back_leg_in_a_lunge_and_the_front_leg_in_pigeon(db):
    assert Stretch.objects.get(slug="kneeling-lunge").side_leg == "back leg"
    assert Stretch.objects.get(slug="pigeon-pose").side_leg == "front leg"


# Claims the review found stated as fact, and a filter that promised safety.
PROMISES = [
    "keeps the hip flexors short",
    "teaches the psoas",
    "retrains",
    "safe with",
    "protect the knee",
]


def test_no_library_text_states_a_claim_as_fact(db):
    fields = ("summary", "setup", "cues", "you_should_feel", "stop_if", "common_mistakes")
    for stretch in library():
        text = " ".join(getattr(stretch, field) for field in fields).lower()
        text += " ".join(step.instruction.lower() for step in stretch.steps.all())
        for claim in PROMISES:
            assert claim not in text, f"{stretch}: {claim}"


def test_the_library_filter_hides_tags_without_promising_safety(trainer_client):
    html = trainer_client.get(reverse("routines:library")).content.decode()
    assert "Hide stretches tagged" in html
    assert "Safe with" not in html and "No balance needed" not in html


def test_the_client_page_states_no_claim_as_fact(client, db):
    from clients import assigning, share_links
    from tests.factories import make_client, make_intake, make_routine, make_trainer

    trainer = make_trainer("tess")
    person = make_client(trainer, name="Rosa Lind")
    make_intake(person, sitting_hours_workday=9)  # offers movement breaks
    person.refresh_from_db()
    routine = make_routine(trainer, stretches=list(library()))
    assigning.unlock_advanced(person, trainer)  # the whole library, king pigeon included
    assigning.assign(person, routine, weekdays=list(range(7)))
    link = share_links.issue_link(person)
    for name in ("today", "handout"):
        html = client.get(reverse(f"shared:{name}", args=[link.token])).content.decode().lower()
        for claim in PROMISES:
            assert claim not in html, f"{name}: {claim}"
    # Sitting should be broken up at least every 30 minutes: no longer interval is offered.
    today = client.get(reverse("shared:today", args=[link.token])).content.decode()
    offered = [int(m) for m in re.findall(r'<option value="(\d+)"[^>]*>\d+ minutes<', today)]
    assert offered and max(offered) <= 30


def test_a_tempo_dose_done_alternating_reads_per_leg_as_the_player_runs_it(db):
    march = Stretch.objects.get(slug="pandiculation-march")
    assert dose_text(march) == (
        "5 slow lifts per leg, alternating legs (4 s contract, 6 s release, 2 s rest)"
    )


def _points(element):
    return [tuple(map(float, pair.split(","))) for pair in element.get("points").split()]


def _drawing(slug):
    path = Path(settings.BASE_DIR, "static", "img", "stretches", f"{slug}.svg")
    root = ET.parse(path).getroot()  # noqa: S314 - our own shipped file
    return {element.get("id"): element for element in root.iter() if element.get("id")}


def _angle(a, b, c):
    """The angle at b, in degrees, between b->a and b->c."""
    ab = (a[0] - b[0], a[1] - b[1])
    cb = (c[0] - b[0], c[1] - b[1])
    cos = (ab[0] * cb[0] + ab[1] * cb[1]) / (math.hypot(*ab) * math.hypot(*cb))
    return math.degrees(math.acos(cos))


def test_half_frog_drawing_has_the_thigh_out_near_a_right_angle_and_the_knee_bent(db):
    hip, knee, foot = _points(_drawing("half-frog-pose")["bent-leg"])
    body_axis_towards_feet = (hip[0] + 100, hip[1])  # the body lies along x, feet to the right
    assert 80 <= _angle(knee, hip, body_axis_towards_feet) <= 100
    assert 70 <= _angle(hip, knee, foot) <= 110


def test_king_pigeon_drawing_shows_the_first_grip_and_a_backbend(db):
    parts = _drawing("king-pigeon-pose")
    shoulder, elbow, hand = _points(parts["holding-arm"])
    *_, foot = _points(parts["back-leg"])
    assert elbow[1] > shoulder[1], "the elbow is low in the first grip (SVG y grows downwards)"
    assert math.dist(hand, foot) < 12, "the hand holds the raised back foot"
    assert foot[1] < 150, "the back foot is raised off the floor"
    # A backbend: the trunk bows forwards (its control point lies in front of both ends).
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", parts["torso"].get("d"))]
    (hip_x, _), (control_x, _), (top_x, _) = zip(numbers[::2], numbers[1::2], strict=True)
    assert control_x > max(hip_x, top_x) + 5


def test_no_template_states_a_duration_and_the_list_shows_the_computed_one(trainer_client):
    html = trainer_client.get(reverse("routines:routine-list")).content.decode()
    for template in Routine.objects.templates():
        assert not re.search(r"minute|\bmin\b", template.goal, re.IGNORECASE), template.goal
        steps = list(template.steps.order_by("position"))
        assert f"about {minutes_and_seconds(routine_seconds(steps))}" in html


def test_the_desk_break_is_short_enough_to_be_a_break(db):
    desk = Routine.objects.templates().get(name="Desk break")
    assert routine_seconds(desk.steps.all()) <= 4 * 60


CLIENT_TEXT_FIELDS = ("summary", "setup", "cues", "you_should_feel", "stop_if", "common_mistakes")
DEFECTS = [
    (re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE), "a doubled word"),
    (re.compile(r"[;,:]\s*[.;,:]|\.\s*[;,:]|\.\."), "doubled punctuation"),
    (re.compile(r"\s[.,;:]"), "a space before punctuation"),
    (re.compile(r"\(\s*\)|\(optional\)"), "an empty or leftover bracket"),
    (re.compile(r" {2,}"), "a double space"),
]


def _client_texts(stretch):
    """Every text of a stretch a client can read (page, player, handout), with its place."""
    for field in CLIENT_TEXT_FIELDS:
        for line in stretch.lines(field):
            yield field, line
    for step in stretch.steps.all():
        yield f"step {step.position}", step.instruction
    yield "illustration_alt", stretch.illustration_alt


def test_no_client_facing_library_text_has_doubled_words_or_broken_punctuation(db):
    for stretch in library().prefetch_related("steps"):
        for place, text in _client_texts(stretch):
            for pattern, defect in DEFECTS:
                assert not pattern.search(text), f"{stretch} {place} has {defect}: {text!r}"


@pytest.mark.parametrize("field", ["cues", "stop_if", "common_mistakes"])
def test_every_list_line_is_a_sentence(db, field):
    """Cues, stop signs and mistakes show as list items: each starts with a capital and ends
    with a full stop, so the client page reads the same from line to line."""
    for stretch in library():
        for line in stretch.lines(field):
            assert line[0].isupper() and line.endswith("."), f"{stretch} {field}: {line!r}"


def test_every_stretch_tells_the_client_to_stop_for_nerve_symptoms(db):
    """Tingling, numbness or pain running down the leg is a reason to stop any stretch (and,
    if it stays, to be checked), whatever the stretch."""
    for stretch in library():
        stop_signs = " ".join(stretch.stop_if_list).lower()
        assert len(stretch.stop_if_list) >= 2, f"{stretch} has too few stop signs"
        assert "tingling" in stop_signs and "numbness" in stop_signs, f"{stretch}"


def test_a_stretch_that_keeps_the_back_long_does_not_claim_the_lower_back(db):
    chair = Stretch.objects.get(slug="seated-figure-4-chair")
    assert "not by rounding the back" in chair.cues
    assert "lower-back" not in chair.target_areas.values_list("code", flat=True)


@pytest.mark.parametrize(
    "slug",
    sorted(p.stem for p in Path(settings.BASE_DIR, "static", "img", "stretches").glob("*.svg")),
)
def test_every_drawing_has_an_accessible_title(slug):
    root = ET.parse(Path(settings.BASE_DIR, "static", "img", "stretches", f"{slug}.svg")).getroot()  # noqa: S314
    title = root.find(f"{SVG}title")
    assert root.get("role") == "img" and title is not None and title.text.strip()
    assert root.get("aria-labelledby") == title.get("id")


def test_overhead_reach_drawing_raises_the_back_knee_side_arm_straight_up(db):
    """The lean in this stretch is to the side, never backwards: the raised arm points up (not
    behind the body) and is drawn on the same side (colour) as the kneeling back leg."""
    parts = _drawing("kneeling-lunge-overhead-reach")
    shoulder, *_, hand = _points(parts["raised-arm"])
    assert hand[1] < shoulder[1] - 50, "the arm is raised overhead"
    behind = shoulder[0] - hand[0]  # the figure faces right: smaller x is behind
    assert math.degrees(math.atan2(behind, shoulder[1] - hand[1])) < 5
    assert parts["raised-arm"].get("stroke") == parts["back-leg"].get("stroke")


def test_low_lunge_drawing_has_a_shin_no_longer_than_the_thigh(db):
    hip, knee, ankle, _toes = _points(_drawing("low-lunge-quad-stretch")["back-leg"])
    assert math.dist(knee, ankle) <= math.dist(hip, knee) * 1.05
