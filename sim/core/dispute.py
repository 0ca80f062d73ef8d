"""A dispute between two actors: moves, escalation ladders, measures in force (M7, M10).

Each month both parties choose "C" or "D" with their retaliation policies (Axelrod 1984).
A "D" takes the party's next measure up its ladder (or holds what it has once the ladder is
spent); a security measure (Korea's GSOMIA termination notice) is skipped unless the
party's policy links trade to security. When both cooperate in the same month, each lifts
its most recent measure. US mediation (M10) can turn a party's month into a cooperative
one and take off a measure, in proportion to US affinity with both allies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from agents.observations import COOPERATE, DEFECT, MediationMove, RetaliationObservation
from sim.config.schema import ALLIES, SECURITY_MEASURES, DisputeSection
from sim.core.context import StepContext
from sim.core.gsomia import Gsomia
from sim.core.mechanisms import mediation_probability


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
    next_rung: dict[str, int] = field(default_factory=dict)
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
            next_rung=dict.fromkeys(parties, 0),
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
        self.moves[offender].append(DEFECT)
        self.moves[self.other(offender)].append(COOPERATE)

    @property
    def between_allies(self) -> bool:
        """A dispute between ROK and Japan (the one that weighs on their cohesion)."""
        return set(self.parties) == {"ROK", "JPN"}

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


class Disputes:
    """Every dispute of a run, in file order, with queries over the measures in force."""

    __slots__ = ("all",)

    def __init__(self, specs: Mapping[str, DisputeSection]) -> None:
        self.all = [DisputeState.from_spec(i, s) for i, s in specs.items()]

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

    def measures_between_allies(self) -> int:
        """All measures in force in disputes between ROK and Japan (M7)."""
        return sum(sum(map(len, d.in_force.values())) for d in self.all if d.between_allies)

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
        return any(d.active for d in self.all)


@dataclass(slots=True)
class DisputeContext:
    """What settling disputes reads and changes besides the disputes themselves.

    Made once per run; ``base`` carries the month. ``linkage(party)`` says whether the
    party's retaliation policy links trade to security (M7: only then may it climb to a
    security rung such as the GSOMIA notice).
    """

    base: StepContext
    gsomia: Gsomia
    notice_months: int
    linkage: Callable[[str], bool]
    retaliations: int = 0


def next_measure(dispute: DisputeState, party: str, linkage: Callable[[str], bool]) -> str | None:
    """The next rung ``party`` may climb, skipping security measures without linkage.

    ``linkage(party)`` is asked only when the next rung is a security measure.
    """
    ladder = dispute.ladders[party]
    while dispute.next_rung[party] < len(ladder):
        measure = ladder[dispute.next_rung[party]]
        dispute.next_rung[party] += 1
        if measure not in SECURITY_MEASURES or linkage(party):
            return measure
    return None


def escalate(ctx: DisputeContext, dispute: DisputeState, party: str) -> None:
    """A "D" move: take the next measure (if any is left) and bear its costs.

    A GSOMIA notice is moot while the pact is not active (a notice runs or it has ended),
    so that rung is passed over.
    """
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
    kind = "reconcile"
    if measure == "gsomia_notice":  # suspended before expiry, or the pact restored after it
        kind = ctx.gsomia.restore()
    ctx.base.log.event(party, kind, dispute.other(party), 1.0, measure)


def settle_month(ctx: DisputeContext, dispute: DisputeState, chosen: dict[str, str]) -> None:
    """Apply both parties' moves, after mediation may have turned some to cooperation."""
    for party in dispute.parties:
        if chosen[party] == DEFECT:
            escalate(ctx, dispute, party)
    if all(chosen[p] == COOPERATE for p in dispute.parties):
        for party in dispute.parties:
            lift(ctx, dispute, party)
    for party in dispute.parties:
        dispute.moves[party].append(chosen[party])


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
    for dispute in disputes.all:
        if not dispute.started:
            continue
        chosen = {p: choices[p].get(dispute.dispute_id, COOPERATE) for p in dispute.parties}
        if mediation is not None and mediation.mediate and set(dispute.parties) <= set(ALLIES):
            chance = mediation_probability(mediation.strength, base.relations.affinity)
            for party in dispute.parties:
                if base.rng.random() < chance:
                    chosen[party] = COOPERATE
                    base.log.event("USA", "mediation", party, chance, dispute.dispute_id)
                    lift(ctx, dispute, party, prefer="gsomia_notice")
        settle_month(ctx, dispute, chosen)
    expire_gsomia(ctx)
    return ctx.retaliations
