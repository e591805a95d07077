"""The screening rule: whether a proposal needs a full equality impact assessment, from the answers to "Is there
likely to be an adverse impact?" on each row of the council's list.

Any Yes or Don't know means a full EIA: not knowing is a reason to assess, never a neutral. Only when every row
is No may the officer propose that no full EIA is needed, with their reason, for an approver to decide.

Plain logic, no Django, so it can be tested and reasoned about on its own.
"""

from dataclasses import dataclass

YES, NO, DONT_KNOW = "yes", "no", "dont_know"
ANSWERS = {YES: "Yes", NO: "No", DONT_KNOW: "Don't know"}
# The answers that lead to a full EIA.
SCREENS_IN = (YES, DONT_KNOW)


@dataclass(frozen=True)
class Answer:
    label: str
    answer: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the answers so far say: a full EIA is needed (`leading` names the rows that lead to it), or every row
    is No, or some rows are not answered yet (`unanswered`)."""

    leading: tuple = ()
    unanswered: tuple = ()

    @property
    def full_eia_needed(self):
        return bool(self.leading)

    @property
    def all_no(self):
        return not self.leading and not self.unanswered

    def explain(self):
        """What the answers say, to anyone who reads them; what the author does next is the page's to say, to the
        author, while they can do it."""
        if self.leading:
            rows = "; ".join(f"{answer.label} ({ANSWERS[answer.answer]})" for answer in self.leading)
            return (
                f"A full EIA is needed: an adverse impact is likely, or not known, for {rows}. "
                f"Not knowing is a reason to assess."
            )
        if self.unanswered:
            return "Not every row is answered yet, so it is not known yet whether a full EIA is needed."
        return "No adverse impact is likely for any row."


def outcome(answers):
    """The Outcome of a screening's answers, each an Answer, in the order of its rows."""
    answers = list(answers)
    return Outcome(
        leading=tuple(a for a in answers if a.answer in SCREENS_IN),
        unanswered=tuple(a for a in answers if a.answer not in ANSWERS),
    )


def problems(answers):
    """What must be put right before the answers can be relied on: each (position from 0, message)."""
    found = []
    for index, a in enumerate(answers):
        if a.answer not in ANSWERS:
            found.append((index, f"Answer whether an adverse impact on {a.label} is likely: Yes, No or Don't know"))
        elif a.answer in SCREENS_IN and not a.reason.strip():
            found.append((index, f"Give the reason for your answer on {a.label}"))
    return found
