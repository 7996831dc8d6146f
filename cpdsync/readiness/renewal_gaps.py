"""The renewal gaps: the three renewal steps in front of a worker whose CPD is ready
(``SWE_RENEWAL_STEPS``), and what a missed deadline means (``SWE_RENEWAL_MISSED``).

The facts behind the words, with their sources, are in data/swe-rules.yaml (``renewal``):
renewal is the CPD recorded in the SWE online account, the application form and the fee, all
by 23:59 on 30 November; a registration not renewed is removed from the register; "social
worker" is a protected title; the way back is restoration, with its own fee, and no practice
while it is processed.
"""

from __future__ import annotations

from collections.abc import Sequence

from cpdsync.readiness.calendar import RegistrationYear
from cpdsync.readiness.gaps import MAX_NAMED_ENTRIES, Context, entry_name, gap
from cpdsync.readiness.inputs import CpdItem
from cpdsync.readiness.report_model import Gap
from cpdsync.readiness.swe_rules import RenewalRules
from cpdsync.timeutil import uk_day


def _declare(ctx: Context, label: str) -> str:
    return f"`cpdsync cpd renewal {ctx.who} --year {label} --submitted`"


def _restoration(renewal: RenewalRules, fee_year: str) -> str:
    fee = renewal.restoration_fee_in(fee_year)
    cost = (
        f" (the restoration fee is £{fee} in {fee_year}, as well as the registration fee)"
        if fee is not None
        else " (it has a fee of its own, as well as the registration fee)"
    )
    return (
        "To return, apply for restoration through your Social Work England online account"
        f"{cost}; you cannot practise while it is processed. See {renewal.restoration_url}"
    )


def renewal_missed(
    ctx: Context, missed: RegistrationYear, renewal: RenewalRules, fee_year: str
) -> Gap:
    """The gap that leads a report after ``missed``'s deadline passed with the CPD rule unmet
    and no renewal declared; ``fee_year`` is the year a restoration would fall in."""
    return gap(
        "SWE_RENEWAL_MISSED",
        "Your Social Work England registration had to be renewed by 23:59 on "
        f"{uk_day(missed.deadline)}. cpdsync has no record that you renewed: your CPD for "
        f"{missed.label} did not meet the rule and you have not declared the renewal submitted. "
        "A registration that is not renewed is removed from the register. Until you are back "
        "on it you must not work as a social worker or call yourself one: 'social worker' is "
        "a protected title. Tell your manager and contact Social Work England today. "
        f"{_restoration(renewal, fee_year)}. If you did renew in time, declare it: "
        f"{_declare(ctx, missed.label)}.",
    )


def renewal_steps(
    ctx: Context, renewal: RenewalRules, counted: Sequence[CpdItem], fee_year: str
) -> Gap:
    """The renewal steps still in front of a worker whose CPD meets the rule, until they
    declare the renewal submitted; ``counted`` are the year's reflected pieces, ``fee_year``
    the year a restoration would fall in (after the deadline)."""
    label = ctx.year.label
    if ctx.year.after_deadline(ctx.as_of):
        return gap(
            "SWE_RENEWAL_STEPS",
            f"Your CPD met Social Work England's rule by the deadline, {ctx.deadline_text()}. "
            "cpdsync cannot see whether you also submitted the application form and paid the "
            f"fee. If you did, declare it: {_declare(ctx, label)}. If you did not, your "
            "registration was removed and you must not practise as a social worker until it "
            f"is restored. {_restoration(renewal, fee_year)}.",
        )
    undeclared = [p for p in counted if not p.recorded_on_swe and not p.peer_recorded_on_swe]
    steps = list(renewal.steps)
    if undeclared:
        shown = "; ".join(entry_name(p) for p in undeclared[:MAX_NAMED_ENTRIES])
        steps[0] += f" (not yet declared recorded there: {shown})"
    numbered = " ".join(f"{n}. {step[0].upper()}{step[1:]}." for n, step in enumerate(steps, 1))
    return gap(
        "SWE_RENEWAL_STEPS",
        "Your CPD meets Social Work England's rule for this renewal. To renew, "
        f"{ctx.by_deadline()}: {numbered} cpdsync cannot see your Social Work England "
        f"account: when all of it is done, declare it with {_declare(ctx, label)} and this "
        "reminder stops.",
        entries=[p.entry_id for p in undeclared],
    )
