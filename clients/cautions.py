"""Which caution tags apply to a client, and where each one came from.

Two sources: the intake's "take care with" box (the trainer's own choice) and intake answers
that imply a caution (INTAKE_CAUTIONS, the one mapping). The assignment caution check, the swap
to an easier version and the client page all read cautions from here, so "worse when arching
backwards" flags the arching-sensitive stretches even when the box was left empty.
"""

from dataclasses import dataclass

from clients.models import Aggravator
from routines.vocabulary import caution_labels

# Intake answers that imply a caution tag: {(intake field, answer code): caution tag code}.
# Arching backwards aggravates the pain -> the stretches tagged "arching" (kneeling lunge, king
# pigeon, half frog) need care; see content-notes. Add a row here to derive another caution.
INTAKE_CAUTIONS = {
    ("worse_with", Aggravator.ARCHING): "arching",
}
TAKE_CARE_BOX = "from the take-care-with box"


def _answer_source(field, code):
    if field == "worse_with":
        return f"from intake: worse when {Aggravator(code).label.lower()}"
    return f"from intake: {field.replace('_', ' ')}"


@dataclass(frozen=True)
class ClientCaution:
    code: str
    label: str
    sources: tuple  # why it applies, e.g. ("from intake: worse when arching backwards",)


def client_cautions(intake):
    """Every caution that applies to the client of `intake` (None: none), in library order,
    each with where it came from."""
    if intake is None:
        return []
    sources = {}
    for code in intake.cautions:
        sources.setdefault(code, []).append(TAKE_CARE_BOX)
    for (field, answer), code in INTAKE_CAUTIONS.items():
        if answer in (getattr(intake, field) or []):
            sources.setdefault(code, []).append(_answer_source(field, answer))
    labels = caution_labels()
    return [
        ClientCaution(code, label, tuple(sources[code]))
        for code, label in labels.items()
        if code in sources
    ]


def caution_codes(intake):
    """The caution tag codes the assignment check uses: the box's and the derived ones."""
    return [caution.code for caution in client_cautions(intake)]


def intake_caution_codes(intake):
    """The same codes as a set, without reading the vocabulary (a list of clients checks each
    one's without a cache read apiece)."""
    if intake is None:
        return set()
    codes = set(intake.cautions)
    for (field, answer), code in INTAKE_CAUTIONS.items():
        if answer in (getattr(intake, field) or []):
            codes.add(code)
    return codes
