"""A dispute between two actors: moves, escalation ladders, measures in force (M7, M10).

Each month both parties choose "C" or "D" with their retaliation policies (Axelrod 1984).
A "D" takes the party's next measure up its ladder (or holds what it has once the ladder is
spent); a security measure (Korea's GSOMIA termination notice) is skipped unless the
party's policy links trade to security. When both cooperate in the same month, each lifts
its most recent measure. US mediation (M10) can turn a party's month into a cooperative
one and take off a measure, in proportion to US affinity with both allies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agents.observations import COOPERATE, DEFECT, MediationMove, RetaliationObservation
from sim.config.schema import ALLIES, SECURITY_MEASURES, DisputeSection
from sim.core.mechanisms import mediation_probability

if TYPE_CHECKING:
    from sim.core.model import AllianceModel


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


def next_measure(dispute: DisputeState, party: str, linkage: bool) -> str | None:
    """The next rung ``party`` may climb, skipping security measures without linkage."""
    ladder = dispute.ladders[party]
    while dispute.next_rung[party] < len(ladder):
        measure = ladder[dispute.next_rung[party]]
        dispute.next_rung[party] += 1
        if linkage or measure not in SECURITY_MEASURES:
            return measure
    return None


def escalate(model: AllianceModel, dispute: DisputeState, party: str, linkage: bool) -> None:
    """A "D" move: take the next measure (if any is left) and bear its costs.

    A GSOMIA notice is moot while the pact is not active (a notice runs or it has ended),
    so that rung is passed over.
    """
    measure = next_measure(dispute, party, linkage)
    while measure == "gsomia_notice" and model.gsomia != "active":
        measure = next_measure(dispute, party, linkage)
    if measure is None:
        return
    impose(model, dispute, party, measure)
    boycotter = dispute.boycott_by
    if (
        boycotter
        and boycotter != party
        and "boycott" not in dispute.in_force[boycotter]
        and model.rng.random() < dispute.boycott_probability  # drawn only when it can start
    ):
        impose(model, dispute, boycotter, "boycott")


def impose(model: AllianceModel, dispute: DisputeState, party: str, measure: str) -> None:
    """Put a measure in force: affinity falls both ways (more for the target), event recorded."""
    target = dispute.other(party)
    dispute.in_force[party].append(measure)
    cost = model.mech.measure_affinity_cost
    model.shift_affinity(target, party, -cost)
    model.shift_affinity(party, target, -cost / 2)
    model.retaliations += 1
    if measure == "gsomia_notice":
        model.gsomia = "notice"
        model.gsomia_parties = (party, target)
        model.gsomia_deadline = model.steps + model.spec.institutions.gsomia_notice_months
    model.event(party, measure, target, 1.0, dispute.dispute_id)


def lift(model: AllianceModel, dispute: DisputeState, party: str, prefer: str = "") -> None:
    """Take off ``prefer`` if in force, else the most recent measure of ``party``."""
    measures = dispute.in_force[party]
    if not measures:
        return
    measure = prefer if prefer in measures else measures[-1]
    measures.remove(measure)
    kind = "reconcile"
    if measure == "gsomia_notice":  # suspended before expiry, or the pact restored after it
        kind = "gsomia_suspend" if model.gsomia == "notice" else "reconcile"
        model.gsomia = "active"
    model.event(party, kind, dispute.other(party), 1.0, measure)


def settle_month(model: AllianceModel, dispute: DisputeState, chosen: dict[str, str]) -> None:
    """Apply both parties' moves, after mediation may have turned some to cooperation."""
    for party in dispute.parties:
        if chosen[party] == DEFECT:
            linkage = model.actors[party].policies["retaliation"].params.linkage
            escalate(model, dispute, party, linkage)
    if all(chosen[p] == COOPERATE for p in dispute.parties):
        for party in dispute.parties:
            lift(model, dispute, party)
    for party in dispute.parties:
        dispute.moves[party].append(chosen[party])


def expire_gsomia(model: AllianceModel) -> None:
    """A termination notice that has run its course ends the pact."""
    if model.gsomia == "notice" and model.steps >= model.gsomia_deadline:
        model.gsomia = "terminated"
        sender, receiver = model.gsomia_parties
        model.event(sender, "gsomia_terminate", receiver, 1.0)


def resolve_disputes(
    model: AllianceModel,
    choices: dict[str, dict[str, str]],
    mediation: MediationMove | None,
) -> None:
    """Settle every started dispute: mediation first, then both parties' moves."""
    for dispute in model.disputes:
        if not dispute.started:
            continue
        chosen = {p: choices[p].get(dispute.dispute_id, COOPERATE) for p in dispute.parties}
        if mediation is not None and mediation.mediate and set(dispute.parties) <= set(ALLIES):
            chance = mediation_probability(mediation.strength, model.affinity)
            for party in dispute.parties:
                if model.rng.random() < chance:
                    chosen[party] = COOPERATE
                    model.event("USA", "mediation", party, chance, dispute.dispute_id)
                    lift(model, dispute, party, prefer="gsomia_notice")
        settle_month(model, dispute, chosen)
    expire_gsomia(model)
