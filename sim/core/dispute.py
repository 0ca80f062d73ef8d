"""A dispute between two actors: moves, escalation ladders, measures in force (M7, M10).

Each month both parties move with their retaliation policies (Axelrod 1984). A rule-based
party plays "C" or "D": a "D" takes its next measure up its ladder (or holds what it has
once the ladder is spent); a security measure (Korea's GSOMIA termination notice) is
skipped unless the party's policy links trade to security. When both cooperate in the same
month, each rule-based party lifts its most recent measure. US mediation (M10) can turn a
rule-based party's month into a cooperative one and take off a measure, in proportion to
US affinity with both allies.

A ``strategic`` party (agents/policies/retaliation_strategic.py) chooses itself: "D" takes
its next trade rung, "K" its next security rung (the link), "H" holds, "L" lifts its most
recent measure a government can lift; a trailing "S" withdraws its pending GSOMIA notice.
Mediation never bypasses its choice: last month's pressure is one of its terms
(:attr:`Disputes.pressure`). A rung once taken (or passed over) is spent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from agents.observations import (
    COOPERATE,
    DEFECT,
    HOLD,
    LIFT,
    LINK,
    SUSPEND,
    MediationMove,
    RetaliationObservation,
)
from sim.config.schema import ALLIES, SECURITY_MEASURES, DisputeSection
from sim.core.context import StepContext
from sim.core.gsomia import Gsomia
from sim.core.mechanisms import mediation_probability

#: The two orders of the ROK-Japan pair.
_ALLY_PAIRS = (("ROK", "JPN"), ("JPN", "ROK"))


@dataclass(slots=True)
class DisputeState:
    """The run state of one dispute."""

    dispute_id: str
    parties: tuple[str, str]
    ladders: dict[str, tuple[str, ...]]
    boycott_by: str | None
    boycott_probability: float
    moves: dict[str, list[str]] = field(default_factory=dict)
    in_force: dict[str, list[str]] = field(default_factory=dict)
    taken: dict[str, list[str]] = field(default_factory=dict)  # rungs taken or passed over
    last_action: dict[str, str] = field(default_factory=dict)  # escalate, lift or hold
    trade_dependence: dict[str, float] = field(default_factory=dict)
    measure_cost: dict[str, float] = field(default_factory=dict)
    boycott_cost: float = 0.0
    offender: str = ""  # who the trigger blamed: its offence stands (the 2018 rulings)
    started: bool = False

    @classmethod
    def from_spec(cls, dispute_id: str, spec: DisputeSection) -> DisputeState:
        """A dispute not yet triggered, with empty histories."""
        parties = tuple(spec.parties)
        return cls(
            dispute_id=dispute_id,
            parties=parties,  # type: ignore[arg-type]
            ladders={p: tuple(spec.ladder.get(p, ())) for p in parties},
            boycott_by=spec.boycott_by,
            boycott_probability=spec.boycott_probability,
            moves={p: [] for p in parties},
            in_force={p: [] for p in parties},
            taken={p: [] for p in parties},
            last_action=dict.fromkeys(parties, HOLD),
            trade_dependence={p: spec.trade_dependence.get(p, 0.0) for p in parties},  # type: ignore[call-overload]
            measure_cost=dict(spec.measure_cost),
            boycott_cost=spec.boycott_cost,
        )

    def other(self, party: str) -> str:
        """The opposing party."""
        return self.parties[1] if party == self.parties[0] else self.parties[0]

    def observation(self, party: str) -> RetaliationObservation:
        """The history as ``party`` sees it."""
        return RetaliationObservation(
            tuple(self.moves[party]), tuple(self.moves[self.other(party)])
        )

    def trigger(self, offender: str) -> None:
        """The dispute shock: ``offender`` counts as having defected last month."""
        self.started = True
        self.offender = offender
        self.last_action[offender] = DEFECT
        self.moves[offender].append(DEFECT)
        self.moves[self.other(offender)].append(COOPERATE)

    @property
    def between_allies(self) -> bool:
        """A dispute between ROK and Japan (the one that weighs on their cohesion)."""
        return self.parties in _ALLY_PAIRS  # a tuple test, not a set: read often

    @property
    def active(self) -> bool:
        """Started and with any measure in force."""
        return self.started and any(self.in_force.values())

    def count(self, party: str) -> int:
        """Measures of ``party`` in force."""
        return len(self.in_force[party])

    def has(self, measure: str) -> bool:
        """Whether either party has ``measure`` in force."""
        return any(measure in m for m in self.in_force.values())

    def rung(self, party: str, security: bool) -> str:
        """The first rung of ``party``'s ladder not yet spent of one kind ("" if none)."""
        taken = self.taken[party]
        for measure in self.ladders[party]:
            if measure not in taken and (measure in SECURITY_MEASURES) == security:
                return measure
        return ""

    def next_rungs(self, party: str) -> tuple[str, str]:
        """``(trade, security)``: :meth:`rung` of both kinds, in one pass over the ladder."""
        taken, trade, security = self.taken[party], "", ""
        for measure in self.ladders[party]:
            if measure in taken:
                continue
            if measure in SECURITY_MEASURES:
                security = security or measure
            else:
                trade = trade or measure
            if trade and security:
                break
        return trade, security

    def standing(self, party: str) -> float:
        """``party``'s measures in force over the length of its ladder, at most 1.

        The offence that triggered the dispute counts as one more measure of the offender:
        it stands until settled, and the model does not settle it (Japan lifted its controls
        in 2023-03, after Seoul's plan to compensate the forced-labour plaintiffs).
        """
        count = len(self.in_force[party]) + (party == self.offender)
        return min(1.0, count / max(1, len(self.ladders[party])))

    def liftable(self, party: str, gsomia_active: bool) -> tuple[str, ...]:
        """Measures a government may lift, most recent first.

        Not a boycott (the public's), not a GSOMIA notice that still runs (that is the
        GSOMIA decision).
        """
        return tuple(
            [
                m
                for m in reversed(self.in_force[party])
                if m != "boycott" and (gsomia_active or m != "gsomia_notice")
            ]
        )


class Disputes:
    """Every dispute of a run, in file order, with queries over the measures in force."""

    __slots__ = ("all", "pressure")

    def __init__(self, specs: Mapping[str, DisputeSection]) -> None:
        self.all = [DisputeState.from_spec(i, s) for i, s in specs.items()]
        #: Last month's US mediation strength (0 if the US did not press): M10's term.
        self.pressure = 0.0

    def __iter__(self) -> Iterator[DisputeState]:
        return iter(self.all)

    def __getitem__(self, index: int) -> DisputeState:
        return self.all[index]

    def between(self, a: str, b: str) -> list[DisputeState]:
        """The disputes whose parties are ``a`` and ``b``."""
        return [d for d in self.all if d.parties in ((a, b), (b, a))]

    def measures_in_force(self, party: str, against: str) -> int:
        """Measures ``party`` has in force in its disputes with ``against``."""
        count = 0
        for dispute in self.all:
            if dispute.parties == (party, against) or dispute.parties == (against, party):
                count += len(dispute.in_force[party])
        return count

    def rift(self, a: str, b: str) -> bool:
        """Whether ``a`` or ``b`` has measures in force in a dispute between the two."""
        for dispute in self.all:
            if dispute.parties in ((a, b), (b, a)) and (dispute.in_force[a] or dispute.in_force[b]):
                return True
        return False

    def measures_between_allies(self) -> int:
        """All measures in force in disputes between ROK and Japan (M7)."""
        count = 0
        for dispute in self.all:  # loops, not nested generators: read several times a month
            if dispute.between_allies:
                for measures in dispute.in_force.values():
                    count += len(measures)
        return count

    @property
    def export_controls(self) -> bool:
        """Whether export controls are in force in any dispute."""
        for dispute in self.all:  # loops, not nested generators: read every month
            for measures in dispute.in_force.values():
                if "export_controls" in measures:
                    return True
        return False

    @property
    def any_active(self) -> bool:
        """Whether any dispute has a measure in force."""
        for dispute in self.all:  # loops, not nested generators: read every month
            if dispute.started:
                for measures in dispute.in_force.values():
                    if measures:
                        return True
        return False


@dataclass(slots=True)
class DisputeContext:
    """What settling disputes reads and changes besides the disputes themselves.

    Made once per run; ``base`` carries the month. ``linkage(party)`` says whether the
    party's retaliation policy links trade to security (M7: only then may it climb to a
    security rung such as the GSOMIA notice); ``strategic(party)`` whether it decides by
    the choice model (mediation then enters its choice instead of bypassing it).
    """

    base: StepContext
    gsomia: Gsomia
    notice_months: int
    linkage: Callable[[str], bool]
    strategic: Callable[[str], bool] = lambda party: False
    retaliations: int = 0


def next_measure(dispute: DisputeState, party: str, linkage: Callable[[str], bool]) -> str | None:
    """The next rung ``party`` may climb, skipping security measures without linkage.

    ``linkage(party)`` is asked only when the next rung is a security measure. The rung
    returned, and every rung skipped, is spent.
    """
    taken = dispute.taken[party]
    for measure in dispute.ladders[party]:
        if measure in taken:
            continue
        taken.append(measure)
        if measure not in SECURITY_MEASURES or linkage(party):
            return measure
    return None


def escalate(ctx: DisputeContext, dispute: DisputeState, party: str, kind: str = "") -> None:
    """Take the next measure (if any is left) and bear its costs.

    ``kind`` "" is a rule-based "D" (the ladder in order); "trade" or "security" a strategic
    party's escalate or link, which takes the first unspent rung of that kind. A GSOMIA
    notice is moot while the pact is not active (a notice runs or it has ended), so that
    rung is passed over.
    """
    if kind:
        measure: str | None = dispute.rung(party, kind == "security") or None
        if measure is not None:
            dispute.taken[party].append(measure)
        if measure == "gsomia_notice" and not ctx.gsomia.active:
            measure = None
    else:
        measure = next_measure(dispute, party, ctx.linkage)
        while measure == "gsomia_notice" and not ctx.gsomia.active:
            measure = next_measure(dispute, party, ctx.linkage)
    if measure is None:
        return
    impose(ctx, dispute, party, measure)
    boycotter = dispute.boycott_by
    if (
        boycotter
        and boycotter != party
        and "boycott" not in dispute.in_force[boycotter]
        and ctx.base.rng.random() < dispute.boycott_probability  # drawn only when it can start
    ):
        impose(ctx, dispute, boycotter, "boycott")


def impose(ctx: DisputeContext, dispute: DisputeState, party: str, measure: str) -> None:
    """Put a measure in force: affinity falls both ways (more for the target), event recorded."""
    target = dispute.other(party)
    dispute.in_force[party].append(measure)
    dispute.last_action[party] = DEFECT
    base = ctx.base
    cost = base.mech.measure_affinity_cost
    base.relations.shift(target, party, -cost)
    base.relations.shift(party, target, -cost / 2)
    ctx.retaliations += 1
    if measure == "gsomia_notice":
        ctx.gsomia.notify(party, target, base.step, ctx.notice_months)
    base.log.event(party, measure, target, 1.0, dispute.dispute_id)


def lift(ctx: DisputeContext, dispute: DisputeState, party: str, prefer: str = "") -> None:
    """Take off ``prefer`` if in force, else the most recent measure of ``party``."""
    measures = dispute.in_force[party]
    if not measures:
        return
    measure = prefer if prefer in measures else measures[-1]
    measures.remove(measure)
    dispute.last_action[party] = LIFT
    kind = "reconcile"
    if measure == "gsomia_notice":  # suspended before expiry, or the pact restored after it
        kind = ctx.gsomia.restore()
    ctx.base.log.event(party, kind, dispute.other(party), 1.0, measure)


def settle_month(ctx: DisputeContext, dispute: DisputeState, chosen: dict[str, str]) -> None:
    """Apply both parties' moves, after mediation may have turned some to cooperation.

    Rule-based "C" moves lift (most recent first) only when both parties' moves are
    cooperative ("C" or a strategic "L"); a strategic "L" lifts whatever the other does.
    """
    strategic = ctx.strategic
    for party in dispute.parties:
        move = chosen[party]
        if move[:1] == DEFECT:
            escalate(ctx, dispute, party, "trade" if strategic(party) else "")
        elif move[:1] == LINK:
            escalate(ctx, dispute, party, "security")
        elif move[:1] == LIFT:
            gone = dispute.liftable(party, ctx.gsomia.active)
            if gone:
                lift(ctx, dispute, party, prefer=gone[0])
        if move.endswith(SUSPEND) and "gsomia_notice" in dispute.in_force[party]:
            lift(ctx, dispute, party, prefer="gsomia_notice")
    if all(chosen[p][:1] in (COOPERATE, LIFT) for p in dispute.parties):
        for party in dispute.parties:
            if chosen[party] == COOPERATE:
                lift(ctx, dispute, party)
    for party in dispute.parties:
        move = chosen[party]
        if move[:1] not in (COOPERATE, DEFECT):  # a strategic move, in C/D for the history
            move = DEFECT if move[:1] in (DEFECT, LINK) else COOPERATE
            if chosen[party][:1] == HOLD and dispute.in_force[party]:
                move = DEFECT  # holding measures in force is a deliberate defection
        dispute.moves[party].append(move)


def expire_gsomia(ctx: DisputeContext) -> None:
    """A termination notice that has run its course ends the pact."""
    gsomia = ctx.gsomia
    if gsomia.status != "notice":  # the common case, without a call
        return
    ended = gsomia.expire(ctx.base.step)
    if ended is not None:
        sender, receiver = ended
        ctx.base.log.event(sender, "gsomia_terminate", receiver, 1.0)


def resolve_disputes(
    ctx: DisputeContext,
    disputes: Disputes,
    choices: Mapping[str, Mapping[str, str]],
    mediation: MediationMove | None,
) -> int:
    """Settle every started dispute: mediation (M10) first, then both parties' moves (M7).

    ``choices[party]`` holds each dispute party's moves this month by dispute id ("C" or
    "D").
    Returns the number of measures imposed this month.
    """
    ctx.retaliations = 0
    base = ctx.base
    pressing = mediation is not None and mediation.mediate
    disputes.pressure = mediation.strength if pressing and mediation is not None else 0.0
    for dispute in disputes.all:
        if not dispute.started:
            continue
        for party in dispute.parties:
            dispute.last_action[party] = HOLD
        chosen = {p: choices[p].get(dispute.dispute_id, COOPERATE) for p in dispute.parties}
        if pressing and set(dispute.parties) <= set(ALLIES):
            chance = mediation_probability(mediation.strength, base.relations.affinity)  # type: ignore[union-attr]
            for party in dispute.parties:
                if ctx.strategic(party):  # its choice weighs the pressure (M10's term):
                    # the event records the pressing (magnitude: its strength), not a success
                    base.log.event("USA", "mediation", party, mediation.strength,  # type: ignore[union-attr]
                                   dispute.dispute_id)  # fmt: skip
                    continue
                if base.rng.random() < chance:
                    chosen[party] = COOPERATE
                    base.log.event("USA", "mediation", party, chance, dispute.dispute_id)
                    lift(ctx, dispute, party, prefer="gsomia_notice")
        settle_month(ctx, dispute, chosen)
    expire_gsomia(ctx)
    return ctx.retaliations
