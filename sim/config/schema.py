"""The scenario file's schema: strict, frozen pydantic models, one per TOML table.

Every field's unit, meaning and source convention is documented in docs/CONFIG.md; the
baseline's values and their sources are in configs/baseline_2019.toml and docs/ODD.md.
Policy tables (``[actors.USA.demand]`` etc.) are kept as raw tables here and checked
against the policy registry by :mod:`sim.config.load`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, create_model, model_validator

from agents.policies import FAMILY_LIST
from agents.policies.base import Strict
from sim.months import month_index

ACTORS: tuple[str, ...] = ("USA", "ROK", "JPN", "CHN", "PRK")
ALLIES: tuple[str, ...] = ("ROK", "JPN")
ActorCode = Literal["USA", "ROK", "JPN", "CHN", "PRK"]
AllyCode = Literal["ROK", "JPN"]

#: The last month a run may reach: dates are written ``YYYY-MM``.
LAST_MONTH = "9999-12"
#: The least GDP (trillion USD, i.e. 1 bn USD) an actor may have: shares divide by GDP.
MIN_GDP = 0.001
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
Month = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
PolicyTable = dict[str, Any]

#: Which policy families each actor may carry, derived from the families' descriptors.
POLICY_FAMILIES: tuple[str, ...] = tuple(f.name for f in FAMILY_LIST)
ROLE_FAMILIES: dict[str, tuple[str, ...]] = {
    code: tuple(f.name for f in FAMILY_LIST if code in f.holders) for code in ACTORS
}
#: Families an actor must name; the others default to their ``none`` policy.
REQUIRED_FAMILIES: dict[str, tuple[str, ...]] = {
    code: tuple(f.name for f in FAMILY_LIST if code in f.required_by) for code in ACTORS
}
#: Families whose policy every party to a dispute must name (decisions keyed by dispute).
DISPUTE_FAMILIES: tuple[str, ...] = tuple(f.name for f in FAMILY_LIST if f.keyed_by == "dispute")
FamilyName = Literal[POLICY_FAMILIES]  # type: ignore[valid-type]
Measure = Literal[
    "export_controls",
    "whitelist_removal",
    "counter_delisting",
    "wto_complaint",
    "gsomia_notice",
    "tariffs",
    "sanctions",
]
SECURITY_MEASURES: tuple[str, ...] = ("gsomia_notice",)


class ScenarioSection(Strict):
    """``[scenario]``: identity, calendar and seed."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
    description: str = ""
    start: Month
    steps: int = Field(ge=1, le=1200)
    seed: int = Field(ge=0, lt=2**63)

    @model_validator(mode="after")
    def _calendar_fits(self) -> ScenarioSection:
        last = month_index(self.start) + self.steps
        if last > month_index(LAST_MONTH):
            raise ValueError(f"start plus steps runs past {LAST_MONTH} (dates have four digits)")
        return self


class RunSection(Strict):
    """``[run]``: replications and whether decisions are recorded.

    Seeds derive from the scenario seed; ``record_decisions`` writes choice policies'
    decisions to decisions.parquet (off by default: it costs speed).
    """

    replications: int = Field(1, ge=1, le=100_000)
    record_decisions: bool = False


class ActorAttributes(Strict):
    """``[actors.X]`` without its policy tables: static attributes and initial state."""

    gdp: float = Field(ge=MIN_GDP)  # trillion USD
    milex: float = Field(ge=0.0)  # bn USD per year
    us_troops_hosted: int = Field(0, ge=0)
    domestic_support: Unit = 0.5
    threat_from_prk: Unit = 0.0
    threat_exposure: Unit = 0.0
    trade_dependence_chn: Unit = 0.0
    abandonment_fear: Unit = 0.0
    entrapment_fear: Unit = 0.0
    win_set_increase: float = Field(0.0, ge=0.0, le=10.0)
    free_riding_elasticity: Unit = 0.0
    coercion_credibility: Unit = 0.0


#: ``[actors.X]``: the attributes plus one optional policy table per family
#: (``[actors.USA.demand]`` ...), the tables derived from the families' descriptors.
ActorSection = create_model(
    "ActorSection",
    __base__=ActorAttributes,
    __doc__=ActorAttributes.__doc__,
    **{name: (PolicyTable | None, None) for name in POLICY_FAMILIES},  # type: ignore[call-overload]
)


class ActorsSection(Strict):
    """``[actors]``: all five actors are required."""

    USA: ActorSection
    ROK: ActorSection
    JPN: ActorSection
    CHN: ActorSection
    PRK: ActorSection


class InstitutionsSection(Strict):
    """``[institutions]``: the initial state of the ROK-Japan intelligence pact."""

    gsomia: Literal["active", "terminated"] = "active"
    gsomia_notice_months: int = Field(3, ge=1, le=24)  # the 90-day rule


class DisputeSection(Strict):
    """``[disputes.ID]``: a dispute between two actors and each one's escalation ladder.

    A ``D`` move of a party takes its next measure; measures come off, most recent first,
    when both parties cooperate in the same month or a mediator prevails (M7, M10). A
    ``strategic`` party weighs the material cost of a measure: its own ``trade_dependence``
    on the other party times the measure's ``measure_cost`` (the share of the affected trade
    it cuts); ``boycott_cost`` is what a boycott cuts of its target's trade
    (docs/ODD.md (7.19)).
    """

    parties: list[ActorCode] = Field(min_length=2, max_length=2)
    ladder: dict[ActorCode, list[Measure]]
    boycott_by: ActorCode | None = None
    boycott_probability: Unit = 0.9
    trade_dependence: dict[ActorCode, Unit] = Field(default_factory=dict)
    measure_cost: dict[Measure, Unit] = Field(default_factory=dict)
    boycott_cost: Unit = 0.0

    @model_validator(mode="after")
    def _coherent(self) -> DisputeSection:
        a, b = self.parties
        if a == b:
            raise ValueError("parties must be two different actors")
        if set(self.ladder) - {a, b}:
            raise ValueError(f"ladder names an actor that is not a party ({a}, {b})")
        if set(self.trade_dependence) - {a, b}:
            raise ValueError(f"trade_dependence names an actor that is not a party ({a}, {b})")
        if self.boycott_by is not None and self.boycott_by not in self.parties:
            raise ValueError(f"boycott_by must be one of the parties ({a}, {b})")
        security = any(m in SECURITY_MEASURES for rungs in self.ladder.values() for m in rungs)
        if security and {a, b} != {"ROK", "JPN"}:
            raise ValueError("gsomia_notice exists only in a ROK-JPN dispute")
        for party, rungs in self.ladder.items():
            if len(set(rungs)) != len(rungs):
                raise ValueError(f"ladder.{party} repeats a measure")
        return self


class RelationsSection(Strict):
    """``[relations.affinity.A] B = x``: directed affinity of A toward B, all 20 pairs."""

    affinity: dict[ActorCode, dict[ActorCode, Signed]]

    @model_validator(mode="after")
    def _all_pairs(self) -> RelationsSection:
        for a in ACTORS:
            for b in ACTORS:
                if a != b and b not in self.affinity.get(a, {}):
                    raise ValueError(f"missing affinity.{a}.{b}: every ordered pair is needed")
            if a in self.affinity.get(a, {}):
                raise ValueError(f"affinity.{a}.{a}: an actor has no affinity toward itself")
        return self


class AgendaItemSection(Strict):
    """``[agenda.ID]``: a US ask of an ally with a deadline."""

    kind: Literal["cost_sharing", "coalition", "deployment"]
    demander: Literal["USA"] = "USA"
    target: AllyCode
    opens: Month
    deadline: Month
    ask: float = Field(0.0, ge=0.0)  # bn USD per year, cost_sharing only
    status_quo: float = Field(0.0, ge=0.0)  # bn USD per year, cost_sharing only
    rivalry_linked: bool = False

    @model_validator(mode="after")
    def _coherent(self) -> AgendaItemSection:
        if month_index(self.deadline) < month_index(self.opens):
            raise ValueError(f"deadline {self.deadline} is before opens {self.opens}")
        if self.kind == "cost_sharing" and not self.ask > self.status_quo > 0.0:
            raise ValueError("a cost_sharing item needs ask > status_quo > 0")
        return self


#: Who may send which shock to whom.
SHOCK_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "troop_threat": ("USA", ALLIES),
    "coercion_warning": ("CHN", ALLIES),
}
#: Who may send which diplomacy-track shock (sim/core/diplomacy.py) to whom ("" no target).
DIPLOMACY_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "summit": (("USA", "ROK"), ("PRK",)),
    "talks_breakdown": (("USA", "ROK", "PRK"), ("PRK", "USA", "ROK")),
    "deadline": (("PRK",), ("USA", "ROK", "")),
    "relief": (("USA", "ROK"), ("PRK",)),
    "border_closure": (("PRK",), ("CHN", "")),
    "defence_plan": (("PRK",), ("",)),
}
ShockKind = Literal[
    "exercise",
    "dispute",
    "coercion_warning",
    "troop_threat",
    "policy_change",
    "summit",
    "talks_breakdown",
    "deadline",
    "relief",
    "border_closure",
    "defence_plan",
]
TalksStatus = Literal["none", "working_level", "summit", "broken_down"]


class ShockSection(Strict):
    """``[[timeline]]``: a scheduled shock in a given month."""

    month: Month
    kind: ShockKind
    actor: ActorCode
    target: ActorCode | None = None
    magnitude: Unit = 0.0
    family: FamilyName | None = None
    policy: PolicyTable | None = None
    due: Month | None = None  # a deadline shock only: the month the deadline falls
    note: str = ""

    @property
    def scale(self) -> float:
        """An exercise's scale: its ``magnitude`` if given, else 1 (full field training)."""
        return self.magnitude if "magnitude" in self.model_fields_set else 1.0

    @model_validator(mode="after")
    def _coherent(self) -> ShockSection:
        if self.kind in DIPLOMACY_ROLES:
            self._diplomacy_roles()
        if (self.due is not None) != (self.kind == "deadline"):
            raise ValueError('a deadline shock needs due = "YYYY-MM", and only it takes one')
        if self.due is not None and month_index(self.due) < month_index(self.month):
            raise ValueError(f"due {self.due} is before the month {self.month} it is set")
        needs_target = self.kind in ("dispute", "coercion_warning", "troop_threat")
        if needs_target and self.target is None:
            raise ValueError(f"a {self.kind} shock needs a target")
        if self.target is not None and self.target == self.actor:
            raise ValueError(f"the actor and target of a {self.kind} shock must differ")
        if self.kind in SHOCK_ROLES:
            actor, targets = SHOCK_ROLES[self.kind]
            if self.actor != actor or self.target not in targets:
                allowed = " or ".join(targets)
                raise ValueError(f"a {self.kind} shock goes from {actor} to {allowed}")
        has_family, has_policy = self.family is not None, self.policy is not None
        if has_family != has_policy or (self.kind == "policy_change") != has_family:
            raise ValueError('family and policy go together, with kind = "policy_change" only')
        return self

    def _diplomacy_roles(self) -> None:
        actors, targets = DIPLOMACY_ROLES[self.kind]
        if self.actor not in actors or (self.target or "") not in targets:
            named = " or ".join(t or "no target" for t in targets)
            raise ValueError(f"a {self.kind} shock goes from {' or '.join(actors)} to {named}")
        if self.kind == "talks_breakdown" and "PRK" not in (self.actor, self.target):
            raise ValueError("a talks_breakdown shock is between PRK and USA or ROK")


class DiplomacySection(Strict):
    """``[diplomacy]``: the US-DPRK diplomacy track as the run starts (sim/core/diplomacy.py).

    ``talks``: the talks' status; ``months_since_change``: months since the last summit or
    breakdown; ``deadline``: a deadline DPRK has set (the month it falls), if any;
    ``relief``: sanctions relief on the table, 0 (none) to 1 (the relief DPRK asks for);
    ``isolation``: how closed DPRK's border is, 0 to 1; ``months_since_launch``: months
    since DPRK's last launch (its test programme's cadence reads it); ``backlog``: launch
    days' worth of developed systems awaiting a test; ``programme_rate``: launch days a
    month of a full test programme (15 a year in 2016 and 2017, dprk_launches_yearly.csv);
    ``development_months``: months from a ``defence_plan`` to its first mature systems
    (2021-01 to the Hwasong-8 test of 2021-09-28, KCNA 2021-09-29). sim/core/programme.py.
    """

    talks: TalksStatus = "none"
    months_since_change: int = Field(0, ge=0, le=1200)
    deadline: Month | None = None
    relief: Unit = 0.0
    isolation: Unit = 0.0
    months_since_launch: int = Field(0, ge=0, le=1200)
    backlog: float = Field(0.0, ge=0.0, le=1000.0)
    development: Unit = 0.0
    programme_rate: float = Field(1.25, ge=0.0, le=31.0)  # 15 / 12, dprk_launches_yearly.csv
    development_months: int = Field(8, ge=0, le=120)  # 2021-01 to 2021-09 (KCNA 2021-09-29)


class MechanismsSection(Strict):
    """``[mechanisms]``: strengths of mechanisms M1 to M10 and the slow dynamics (docs/ODD.md)."""

    burden_adjustment_rate: Unit = 0.02
    # M1's responses of defence effort (assumed; docs/ODD.md, section 7.3): the target rises
    # by r * (threat above its start), r * (abandonment fear above its start) and r * (US
    # cost-sharing demand above the status quo over the ally's 2019 effort).
    effort_threat_response: float = Field(0.5, ge=0.0, le=5.0)  # assumed (Walt 1987)
    effort_abandonment_response: float = Field(0.5, ge=0.0, le=5.0)  # assumed (Snyder 1984)
    effort_pressure_response: float = Field(1.0, ge=0.0, le=5.0)  # assumed
    two_level_friction: float = Field(4.0, ge=0.0, le=100.0)
    demand_affinity_friction: Unit = 0.05
    audience_cost: Unit = 0.3
    abandonment_concession: float = Field(0.3, ge=0.0, le=10.0)
    troop_threat_fear: Unit = 0.15
    entrapment_sensitivity: Unit = 0.1
    rally_strength: Unit = 0.1
    rally_support: Unit = 0.02
    threat_half_life: float = Field(3.0, gt=0.0, le=1200.0)
    affinity_relaxation: Unit = 0.1
    fear_relaxation: Unit = 0.1
    support_relaxation: Unit = 0.1
    agreement_affinity_bonus: Unit = 0.05
    refusal_affinity_cost: Unit = 0.02
    measure_affinity_cost: Unit = 0.1
    measure_saturation: int = Field(4, ge=1, le=20)
    quasi_alliance_strength: Unit = 0.05
    quasi_alliance_neutral: Unit = 0.2
    wedge_strength: Unit = 0.02
    coercion_support_cost: Unit = 0.02
    coercion_entrapment: Unit = 0.05
    coercion_affinity_cost: Unit = 0.02
    coercion_credibility_gain: Unit = 0.5
    coercion_trade_cut: Unit = 0.483  # thaad_chinese_visitors_change (-48.3 %, 2017)
    trade_recovery: Unit = 0.1  # assumed


class CohesionWeights(Strict):
    """Weights of the four cohesion components; they must sum to 1."""

    affinity: Unit = 0.4
    alignment: Unit = 0.3
    burden: Unit = 0.15
    threat: Unit = 0.15

    @model_validator(mode="after")
    def _sum_to_one(self) -> CohesionWeights:
        total = self.affinity + self.alignment + self.burden + self.threat
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"weights must sum to 1, they sum to {total:g}")
        return self


class MetricsSection(Strict):
    """``[metrics]``: cohesion weights and the crisis threshold."""

    crisis_threshold: Unit = 0.4
    weights: CohesionWeights = CohesionWeights()


class ScenarioFile(Strict):
    """A whole scenario file."""

    scenario: ScenarioSection
    run: RunSection = RunSection()
    actors: ActorsSection
    institutions: InstitutionsSection = InstitutionsSection()
    diplomacy: DiplomacySection = DiplomacySection()
    relations: RelationsSection
    agenda: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")], AgendaItemSection] = {}
    disputes: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")], DisputeSection] = {}
    timeline: list[ShockSection] = []
    mechanisms: MechanismsSection = MechanismsSection()
    metrics: MetricsSection = MetricsSection()

    @model_validator(mode="after")
    def _shocks_match_disputes(self) -> ScenarioFile:
        pairs = {frozenset(d.parties) for d in self.disputes.values()}
        for index, shock in enumerate(self.timeline):
            if shock.kind == "dispute" and frozenset((shock.actor, shock.target)) not in pairs:
                parties = f"{shock.actor} and {shock.target}"
                raise ValueError(f"timeline.{index}: no [disputes] table has parties {parties}")
        return self
