"""The words the client page's scripts show or say (player.js, coach.js, breaks.js, offline.js),
in the page's language: the page carries them as JSON (json_script "page-texts"), so the scripts
need no catalogue request (player.js and coach.js hold no English of their own). {name} marks
where a script puts a number or a word."""

from django.utils.translation import gettext, pgettext


def page_texts():
    return {
        "player": {
            "kinds": {
                "ready": gettext("Get ready"),
                "hold": gettext("Hold and breathe"),
                "contract": gettext("Contract slowly"),
                "release": gettext("Release, slower still"),
                "pause": gettext("Rest"),  # after a tempo repetition
                "rest": gettext("Rest"),
                "switch": gettext("Switch sides"),
            },
            "sides": {"left": gettext("Left"), "right": gettext("Right")},
            # Whole words, not "{side} side": Spanish agrees "lado izquierdo", "pierna izquierda".
            "sideOnly": {"left": gettext("Left side"), "right": gettext("Right side")},
            "paused": gettext("Paused"),
            "pause": gettext("Pause"),
            "resume": gettext("Resume"),
            "progress": gettext("Stretch {number} of {total} · about {duration} in all"),
            "sideLeg": gettext("{side} {leg}"),
            "count": gettext("{repetition} of {of}"),
            "choosePainFirst": gettext("Tap how your back feels now, from 0 to 10, then Start."),
            "stopOffline": gettext(
                "Please do not start today: with pain this high, rest instead, and tell your "
                "trainer how you feel when you are back online."
            ),
        },
        "breaks": {
            "outside": gettext("Breaks run from {from} to {until}."),
            "nextOne": gettext("Next break in {minutes} minute."),
            "nextMany": gettext("Next break in {minutes} minutes."),
            "title": gettext("Time to stand up"),
            "body": gettext(
                "Walk for a few minutes, or march slowly on the spot, holding a wall or a chair."
            ),
            "stop": gettext("Stop movement breaks"),
            "off": gettext("Movement breaks are off."),
            "start": gettext("Start movement breaks"),
        },
        # static/js/coach.js: spoken cues (short, lower case), the tap after each stretch and
        # the stop card when one hurt.
        "coach": {
            "left": pgettext("spoken cue", "left side"),
            "right": pgettext("spoken cue", "right side"),
            "switch": pgettext("spoken cue", "switch sides"),
            "contract": pgettext("spoken cue", "contract"),
            "release": pgettext("spoken cue", "release slowly"),
            "rest": pgettext("spoken cue", "rest"),
            "count": [
                pgettext("spoken cue", "one"),
                pgettext("spoken cue", "two"),
                pgettext("spoken cue", "three"),
            ],
            # Asked below the stretch's name, shown on its own line: no name inside a sentence.
            "ask": gettext("How does this stretch feel?"),
            "asked": gettext("How did this stretch feel?"),
            "felt": {
                "right": gettext("Felt right"),
                "too_much": gettext("Too much"),
                "hurt": gettext("Hurt"),
            },
            "stop": gettext("Stop this stretch now"),
            "advice": [
                gettext("Come out of the position slowly, then rest."),
                gettext(
                    "If the pain eases within a minute or two, you may skip to the next stretch."
                ),
                gettext("If it stays, stop for today and tell your trainer."),
            ],
            "skip": gettext("Skip to the next stretch"),
            "end": gettext("End the session"),
        },
        "offline": {
            "waiting": gettext("Saved on this phone. It will be sent when you are online."),
            "refused": gettext("This session could not be recorded. Reload the page to see why."),
        },
    }
