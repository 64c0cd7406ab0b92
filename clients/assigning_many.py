"""Assign one routine on one schedule to several clients: each still passes their own red-flag
gate, advanced-stretch unlock and caution check (clients.assigning, the one home of those rules).

Each client is assigned in a transaction of their own, so one blocked client never undoes the
others, and nobody gets half a copy."""

from dataclasses import dataclass, field

from clients import assigning
from clients.cautions import caution_codes
from clients.red_flags import AssignmentBlocked


@dataclass
class Outcome:
    client: object
    assignment: object = None
    blocked: str = ""  # why nothing was assigned
    cautions: list = field(default_factory=list)  # assigned, with these warnings


def assign_to_many(clients, routine, schedule):
    """[Outcome] per client, in the order given."""
    outcomes = []
    for client in clients:
        try:
            assignment = assigning.assign(client, routine, **schedule)
        except AssignmentBlocked as blocked:
            if client.safety.has_no_intake:
                why = "no intake yet: record their back-pain intake first"
            else:
                why = f"red flags not cleared ({blocked}): record medical clearance first"
            outcomes.append(Outcome(client, blocked=why))
            continue
        except assigning.AdvancedLocked as locked:
            outcomes.append(Outcome(client, blocked=str(locked)))
            continue
        steps = assignment.steps.select_related("stretch")
        warnings = assigning.caution_warnings(steps, caution_codes(client.latest_intake))
        cautions = [
            f"{warning.step.stretch.name}: {', '.join(warning.tags)}"
            + (f" (easier: {warning.easier.name})" if warning.easier else "")
            + (
                f" (the easier {warning.still_cautioned.name} carries it too)"
                if warning.still_cautioned
                else ""
            )
            for warning in warnings
        ]
        outcomes.append(Outcome(client, assignment=assignment, cautions=cautions))
    return outcomes
