"""The mechanism tests M1-M10 as declarative specs (mechanism_support.Spec).

Each spec is one claim of MODEL.md's mechanism table: a controlled pair of scenarios (same
40 seeds), the outcome, and the direction of ``treated - control`` that theory states.
tests/test_mechanisms*.py assert them on the model; tests/test_knockouts.py asserts that
each fails with its mechanism knocked out (sim/knockouts.py), or marks where it cannot.
"""

from __future__ import annotations

import numpy as np
from mechanism_support import Arm, Spec, column, event_count, mean_of, without_agenda

from sim.core.mechanisms import gdp_share

GDP = {"USA": 21.4, "ROK": 1.65, "JPN": 5.08}
BASE = Arm()


def final(name: str):
    return lambda model: float(column(model, name)[-1])


def summary_of(key: str):
    return lambda model: float(model.summary()[key] or 0)


def deal_by_deadline(model) -> float:
    item = next(i for i in model.world.agenda if i.item_id == "sma_rok")
    return float(item.agreed_step is not None and item.agreed_step <= item.deadline_step)


def mean_offer(model) -> float:
    offers = [
        e.magnitude for e in model.recorder.events if e.kind == "offer" and e.item == "sma_rok"
    ]
    return float(np.mean(offers))


def not_rivalry(table: dict) -> None:
    for item in table["agenda"].values():
        item["rivalry_linked"] = False


def push_per_launch(model) -> float:
    pushes = sum(e.magnitude for e in model.recorder.events if e.kind == "wedge")
    return pushes / max(1, model.summary()["total_provocations"])


def final_measures(model) -> float:
    return float(column(model, "measures_jpn")[-1] + column(model, "measures_rok")[-1])


# -- arms -------------------------------------------------------------------------------------
FREE = Arm(edit=without_agenda)
FAIR = Arm(
    ("actors.ROK.free_riding_elasticity=0.0", "actors.JPN.free_riding_elasticity=0.0"),
    without_agenda,
)
FRICTIONLESS = "mechanisms.two_level_friction=0.0"
DEAL = ("actors.ROK.response.policy=concede", "actors.USA.demand.policy=fixed",
        "agenda.sma_rok.ask=1.5")  # fmt: skip
# The baseline's strategic US threatens troop cuts when the lever is worth it (M3).
THREATENING = ("actors.USA.demand.lever=3.0",)
BARGAIN = ("actors.ROK.response.policy=bargaining", *THREATENING)
NO_COERCION = ("actors.CHN.coercion.policy=none",)
RULE_BASED_US = ('actors.USA.demand={policy="transactional"}',
                 'timeline.6.policy={policy="cooperative", acceptance_ratio=0.95,'
                 ' concession=0.5}')  # fmt: skip
NO_CREDIBILITY = ("actors.CHN.coercion_credibility=0.0",)  # no warning: China warns by choice
STEADY = ("actors.USA.mediation.policy=none", "disputes.history.boycott_probability=1.0")
QUIET = Arm((*STEADY, "actors.PRK.provocation.policy=none"))
ACTIVE = (*STEADY, "actors.PRK.provocation.policy=poisson", "actors.PRK.provocation.rate=2.0")
# M6's arms keep the strategic dispute parties' abandonment term (M3) out, so that fears
# reach ROK-Japan ties through M6 alone (its drift and the parties' quasi-alliance term).
CALM_US = (
    "actors.USA.demand.lever=0.0",
    "actors.USA.demand.threat_cost=50.0",
    "timeline.6.policy.threat_cost=50.0",
)  # no troop-cut threats from the strategic US, also after 2021-02
CALM = (
    *CALM_US,
    "actors.ROK.retaliation.abandonment=0.0",
    "actors.JPN.retaliation.abandonment=0.0",
)
SHAKY = Arm((*CALM, "actors.ROK.abandonment_fear=0.5", "actors.JPN.abandonment_fear=0.5"))
LOPSIDED = Arm((*CALM, "actors.ROK.abandonment_fear=0.5", "actors.JPN.abandonment_fear=0.05"))
FIRM = Arm((*CALM, "actors.ROK.abandonment_fear=0.02", "actors.JPN.abandonment_fear=0.02"))
NO_DISPUTE = ("actors.JPN.retaliation.policy=none", "actors.ROK.retaliation.policy=none")
TFT = ("actors.JPN.retaliation.policy=tit_for_tat", "actors.ROK.retaliation.policy=tit_for_tat")
FORGIVING = ("actors.JPN.retaliation.policy=generous_tit_for_tat",
             "actors.JPN.retaliation.forgiveness=0.5",
             "actors.ROK.retaliation.policy=generous_tit_for_tat",
             "actors.ROK.retaliation.forgiveness=0.5",
             "actors.ROK.retaliation.linkage=true")  # fmt: skip
ALONE = "actors.USA.mediation.policy=none"  # no mediator to break the spiral for them
CARELESS = "actors.ROK.threat_from_prk=0.1"  # a Seoul that sees little security cost
# The strategic US with no stake in pressing and a prohibitive cost: it never presses but
# makes its monthly draw, so that the arms it is compared with share their draws.
IDLE_US = (
    "actors.USA.mediation.dispute=0.0",
    "actors.USA.mediation.gsomia=0.0",
    "actors.USA.mediation.intelligence=0.0",
    "actors.USA.mediation.pressing_cost=50.0",
)
WEDGE = ("actors.PRK.provocation.policy=wedge",)
POISSON = Arm(("actors.PRK.provocation.policy=poisson", "actors.PRK.provocation.rate=1.0"))
ACCEPTS = ("actors.ROK.response.policy=concede",)  # Seoul accepts the missiles in 2019-08
HEDGE = ("actors.ROK.response.policy=hedge",)  # the rule-based propensity (M3, M4)
COERCED = Arm((*ACCEPTS, "actors.CHN.coercion.policy=thaad"))
SPARED = Arm((*ACCEPTS, "actors.CHN.coercion.policy=none"))
THREATS = (Arm(THREATENING), Arm(CALM_US))
# The ROK-Japan dispute of 2019 under the rule-based pair the baseline had before the
# strategic parties (tit for tat with linkage against grim): the fixed chain.
RULE_BASED_DISPUTE = ("actors.ROK.retaliation.policy=tit_for_tat",
                      "actors.ROK.retaliation.linkage=true",
                      "actors.JPN.retaliation.policy=grim")  # fmt: skip
# The rule-based bypass of 2019's model: mediation at the deadline lifts measures.
RULE_BASED_MEDIATION = (
    *RULE_BASED_US,
    *RULE_BASED_DISPUTE,
    'actors.USA.mediation={policy="at_deadline", strength=0.64, window=2}',
)
# Pinned to the rule-based dispute, and without Chinese credibility, so that a rivalry link
# deters Seoul through entrapment fear (M4), not through a strategic ally's fear of coercion
# (M9).
RIVALRY = (Arm((*NO_COERCION, *NO_CREDIBILITY, *RULE_BASED_DISPUTE)),
           Arm((*NO_COERCION, *NO_CREDIBILITY, *RULE_BASED_DISPUTE), not_rivalry))  # fmt: skip
CREDIBLE = (
    Arm((*NO_COERCION, "actors.CHN.coercion_credibility=0.9")),
    Arm((*NO_COERCION, "actors.CHN.coercion_credibility=0.0")),
)


#: The ROK's 2019 burden share (milex_rok over milex_rok plus milex_usa).
START_SHARE = 43.9 / (43.9 + 732.0)
#: No other road to a different ROK affinity to the US than M2's: no troop-cut threats, no
#: affinity lost to a refusal or gained from an agreement.
US_BONDS_OFF = (*CALM_US, "mechanisms.refusal_affinity_cost=0.0",
                "mechanisms.agreement_affinity_bonus=0.0")  # fmt: skip


def without_sma_rok(table: dict) -> None:
    """Edit: the US makes no cost-sharing ask of Seoul (its other asks stand)."""
    del table["agenda"]["sma_rok"]


def effort(ally: str):
    """Measure: the ally's voluntary defence effort at the end of the run (bn USD)."""
    return lambda model: float(model.world.ledger.voluntary_effort[ally])


def _burden(ally: str) -> Spec:
    name = f"burden_share_{ally.lower()}"
    return Spec("M1", f"free_riding_lowers_{ally}_burden", FREE, FAIR, name, final(name), -1)


def _fear(mechanism: str, claim: str, ally: str, arms: tuple[Arm, Arm], direction: int) -> Spec:
    kind = "abandonment" if mechanism == "M3" else "entrapment"
    name = f"{kind}_fear_{ally}"
    return Spec(mechanism, f"{claim}_{ally}", *arms, name, mean_of(name), direction)


def _coercion(name: str, direction: int) -> Spec:
    return Spec("M9", f"coercion_moves_{name}", COERCED, SPARED, name, mean_of(name), direction)


M1_TO_M5 = [
    _burden("ROK"),
    _burden("JPN"),
    Spec("M1", "without_pressure_closes_little_of_the_gap", Arm(QUIET.overrides, without_agenda),
         None, "burden_share_rok", final("burden_share_rok"), -1, reference=START_SHARE
         + (gdp_share(GDP["ROK"], GDP["USA"]) - START_SHARE) / 3),
    Spec("M1", "us_pressure_raises_defence_effort",
         Arm(("actors.ROK.response.policy=concede", FRICTIONLESS)),
         Arm(("actors.ROK.response.policy=concede", FRICTIONLESS), without_sma_rok), "effort_rok",
         effort("ROK"), 1),
    Spec("M1", "shared_threat_raises_defence_effort", Arm(ACTIVE), QUIET, "effort_rok",
         effort("ROK"), 1),
    Spec("M1", "shared_threat_raises_defence_effort_jpn", Arm(ACTIVE), QUIET, "effort_jpn",
         effort("JPN"), 1),
    Spec("M1", "abandonment_fear_raises_defence_effort",
         Arm(("timeline.5.magnitude=0.6",), without_agenda), FREE, "effort_rok", effort("ROK"), 1),
    Spec("M2", "bigger_gap_lowers_affinity_to_us", Arm(("agenda.sma_rok.ask=5.0", *US_BONDS_OFF)),
         Arm(("agenda.sma_rok.ask=1.1", *US_BONDS_OFF)), "affinity_rok_usa",
         mean_of("affinity_rok_usa"), -1),
    Spec("M2", "opposition_lowers_affinity_to_us", Arm(("actors.ROK.domestic_support=0.2",)),
         Arm(("actors.ROK.domestic_support=0.8",)), "affinity_rok_usa",
         mean_of("affinity_rok_usa"), -1),
    Spec("M2", "friction_lowers_deal_by_deadline", Arm(DEAL), Arm((*DEAL, FRICTIONLESS)),
         "deal_by_deadline", deal_by_deadline, -1),
    Spec("M2", "steeper_offer_lowers_deal_by_deadline", Arm((*DEAL, "agenda.sma_rok.ask=3.0")),
         Arm(DEAL), "deal_by_deadline", deal_by_deadline, -1),
    _fear("M3", "threats_raise_fear", "rok", THREATS, 1),
    _fear("M3", "threats_raise_fear", "jpn", THREATS, 1),
    Spec("M3", "fear_raises_offers", Arm(BARGAIN), Arm((*BARGAIN, *CALM_US)), "mean_offer",
         mean_offer, 1),
    Spec("M3", "concession_raises_offers", Arm(BARGAIN),
         Arm((*BARGAIN, "mechanisms.abandonment_concession=0.0")), "mean_offer", mean_offer, 1),
    Spec("M3", "fear_raises_acceptance", Arm((*HEDGE, "actors.ROK.abandonment_fear=0.9")),
         Arm((*HEDGE, "actors.ROK.abandonment_fear=0.0")), "missiles_accepted",
         event_count("deployment_accept", "missiles_rok"), 1),
    _fear("M4", "rivalry_raises_fear", "rok", RIVALRY, 1),
    _fear("M4", "rivalry_raises_fear", "jpn", RIVALRY, 1),
    Spec("M4", "rivalry_lowers_acceptance", *RIVALRY, "missiles_accepted",
         event_count("deployment_accept", "missiles_rok"), -1),
    _fear("M4", "credible_coercion_raises_fear", "rok", CREDIBLE, 1),
    Spec("M5", "shared_threat_raises_cohesion", Arm(ACTIVE), QUIET, "trilateral_cohesion",
         mean_of("trilateral_cohesion"), 1),
    Spec("M5", "rally_raises_cohesion", Arm(ACTIVE),
         Arm((*ACTIVE, "mechanisms.rally_strength=0.0")), "trilateral_cohesion",
         mean_of("trilateral_cohesion"), 1),
]  # fmt: skip

M6_TO_M10 = [
    Spec("M6", "shared_fear_draws_together", SHAKY, LOPSIDED, "affinity_rok_jpn",
         mean_of("affinity_rok_jpn"), 1),
    # On affinity, not cohesion: with strategic allies (issue 10) the fears also move the
    # allies' answers to US asks, which moves ROK-JPN cohesion by noise of either sign.
    Spec("M6", "firm_us_lets_friction_grow", FIRM, SHAKY, "affinity_rok_jpn",
         mean_of("affinity_rok_jpn"), -1),
    Spec("M6", "strength_draws_together", SHAKY,
         Arm((*SHAKY.overrides, "mechanisms.quasi_alliance_strength=0")), "affinity_rok_jpn",
         mean_of("affinity_rok_jpn"), 1),
    Spec("M7", "retaliation_escalates", BASE, Arm(NO_DISPUTE), "total_retaliations",
         summary_of("total_retaliations"), 1),
    Spec("M7", "linkage_sends_the_notice", BASE, Arm(("actors.ROK.retaliation.linkage=false",)),
         "gsomia_notices", event_count("gsomia_notice"), 1),
    Spec("M7", "forgiveness_ends_spirals", Arm((*TFT, ALONE)), Arm((*FORGIVING, ALONE)),
         "final_measures", final_measures, 1),
    Spec("M8", "wedge_drives_weakest_dyad_apart", Arm(WEDGE), POISSON, "affinity_rok_jpn",
         mean_of("affinity_rok_jpn"), -1),
    Spec("M8", "wedge_bites_harder_with_friction", Arm(WEDGE), Arm((*NO_DISPUTE, *WEDGE)),
         "push_per_launch", push_per_launch, 1),
    Spec("M8", "wedge_provokes_more_when_divided", Arm(WEDGE),
         Arm((*WEDGE, *NO_DISPUTE, "actors.USA.demand.policy=cooperative")),
         "total_provocations", summary_of("total_provocations"), 1),
    Spec("M8", "inducement_pulls_rok_to_china", Arm(("actors.CHN.coercion.policy=inducement",)),
         Arm(("actors.CHN.coercion.policy=none",)), "affinity_rok_chn",
         mean_of("affinity_rok_chn"), 1),
    _coercion("domestic_support_rok", -1),
    _coercion("entrapment_fear_rok", 1),
    _coercion("affinity_rok_chn", -1),
    # A Seoul that feels little DPRK threat links and would often let the notice run: there
    # US pressure (the baseline's strategic mediator) is what saves the pact (2019-11).
    Spec("M10", "mediation_saves_gsomia", Arm((CARELESS,)), Arm((CARELESS, *IDLE_US)),
         "gsomia_terminated", summary_of("gsomia_terminated"), -1),
    # The rule-based bypass against the rule-based US ask: a mediation succeeds in proportion
    # to US affinity with both allies. (A strategic US settles sooner with an ally whose tie
    # is weak, and a strategic Korea weighs the tie in its own choice; its M10 spec is in
    # STRATEGIC_DISPUTES.)
    Spec("M10", "mediation_needs_us_affinity", Arm(RULE_BASED_MEDIATION),
         Arm((*RULE_BASED_MEDIATION, "relations.affinity.USA.ROK=0.1",
              "relations.affinity.ROK.USA=0.1")),
         "gsomia_terminated", summary_of("gsomia_terminated"), -1),
    Spec("M10", "early_mediation_de_escalates", Arm(("actors.USA.mediation.policy=early",)), BASE,
         "measures_jpn", mean_of("measures_jpn"), -1),
]  # fmt: skip


# -- the strategic policies of China (M8, M9) and of the US mediator (M10) ------------------
STRATEGIC_CHN = "actors.CHN.coercion.policy=strategic"
STRATEGIC_USA = "actors.USA.mediation.policy=strategic"
WEAK_US_ROK = ("relations.affinity.USA.ROK=0.0", "relations.affinity.ROK.USA=0.0")


def events_on(kind: str, target: str):
    """Measure: how many events of a kind a run recorded against ``target``."""
    return lambda model: float(
        sum(1 for e in model.recorder.events if e.kind == kind and e.target == target)
    )


def total_of(name: str):
    """Measure: a metric column summed over the run."""
    return lambda model: float(column(model, name).sum())


CHINA_AND_MEDIATOR = [
    Spec("M9", "strategic_china_punishes_an_accepted_deployment",
         Arm((STRATEGIC_CHN, *ACCEPTS)), Arm((STRATEGIC_CHN, "actors.ROK.response.policy=resist")),
         "coercion_episodes_rok", events_on("coercion", "ROK"), 1),
    Spec("M8", "strategic_china_courts_a_weak_us_dyad", Arm((STRATEGIC_CHN, *WEAK_US_ROK)),
         Arm((STRATEGIC_CHN,)), "inducements_rok", events_on("inducement", "ROK"), 1),
    _coercion("trade_dependence_chn_rok", -1),
    Spec("M10", "strategic_us_presses_a_pending_gsomia_notice", Arm((STRATEGIC_USA,)),
         Arm((STRATEGIC_USA, "actors.ROK.retaliation.linkage=false")), "mediation_pressure",
         total_of("mediation_strength"), 1),
]  # fmt: skip


# -- the strategic answers to US asks (M1-M5, M9) and the strategic US ask (M3) ------------
STRATEGIC_ROK = 'actors.ROK.response={policy="strategic", precedent=1.0}'
STRATEGIC_ASKS = (STRATEGIC_ROK, "agenda.hormuz_rok.rivalry_linked=false")
STRATEGIC_US = 'actors.USA.demand={policy="strategic"}'
# Seoul may take the missiles: no Chinese credibility or coercion, a frightened ally.
NO_CHINA = (*NO_COERCION, *NO_CREDIBILITY)
TEMPTED = (*STRATEGIC_ASKS, *NO_CHINA, "actors.ROK.abandonment_fear=0.9")
# Talks the US does not move in, over an ask near Seoul's win-set, so offers vary.
FIXED_TALKS = (*STRATEGIC_ASKS, "actors.USA.demand.policy=fixed", "agenda.sma_rok.ask=2.0")
MISSILES_ROK = event_count("deployment_accept", "missiles_rok")


def _tempted(
    mechanism: str,
    claim: str,
    key: str,
    treated: float,
    control: float,
    sign: int,
    base: tuple[str, ...] = TEMPTED,
) -> Spec:
    """Seoul's acceptance of the missiles, with one setting changed."""
    arms = Arm((*base, f"{key}={treated}")), Arm((*base, f"{key}={control}"))
    return Spec(mechanism, claim, *arms, "missiles_accepted", MISSILES_ROK, sign)


def _offer(mechanism: str, claim: str, key: str, treated: float, control: float, sign: int) -> Spec:
    """Seoul's mean offer in talks the US does not move in, with one setting changed."""
    arms = Arm((*FIXED_TALKS, f"{key}={treated}")), Arm((*FIXED_TALKS, f"{key}={control}"))
    return Spec(mechanism, claim, *arms, "mean_offer", mean_offer, sign)


ASKS = [
    _tempted("M9", "strategic_ally_credible_coercion_deters_deployment",
             "actors.CHN.coercion_credibility", 0.9, 0.0, -1,
             (*TEMPTED, "mechanisms.entrapment_sensitivity=0.0")),  # credibility acts via M9 only
    _tempted("M4", "strategic_ally_entrapment_fear_deters_deployment",
             "actors.ROK.entrapment_fear", 0.9, 0.1, -1),
    _tempted("M3", "strategic_ally_abandonment_fear_raises_acceptance",
             "actors.ROK.abandonment_fear", 0.9, 0.0, 1, (*STRATEGIC_ASKS, *NO_CHINA)),
    _tempted("M5", "strategic_ally_threat_raises_acceptance", "actors.ROK.threat_from_prk", 0.9,
             0.0, 1, (*TEMPTED, "actors.ROK.entrapment_fear=0.9")),  # a close call
    _tempted("M2", "strategic_ally_domestic_support_raises_acceptance",
             "actors.ROK.domestic_support", 0.8, 0.2, 1),
    _offer("M3", "strategic_ally_abandonment_fear_raises_offer", "actors.ROK.abandonment_fear",
           0.9, 0.0, 1),
    _offer("M2", "strategic_ally_domestic_support_raises_offer", "actors.ROK.domestic_support",
           0.8, 0.2, 1),
    _offer("M1", "strategic_ally_burden_lowers_offer", "actors.ROK.response.burden", 2.0, 0.5, -1),
    Spec("M3", "strategic_us_troop_cut_lever_raises_fear",
         Arm((*STRATEGIC_ASKS, STRATEGIC_US, "actors.USA.demand.lever=3.0")),
         Arm((*STRATEGIC_ASKS, STRATEGIC_US, "actors.USA.demand.lever=0.0")),
         "abandonment_fear_rok", mean_of("abandonment_fear_rok"), 1),
]  # fmt: skip


# -- the strategic dispute parties (M5, M7, M10) ---------------------------------------------
STRATEGIC_DISPUTE = ("actors.ROK.retaliation.policy=strategic",
                     "actors.ROK.retaliation.linkage=true",
                     "actors.JPN.retaliation.policy=strategic")  # fmt: skip
NO_RECIPROCITY = ("actors.ROK.retaliation.reciprocity=0.0",
                  "actors.JPN.retaliation.reciprocity=0.0")  # fmt: skip


#: A notice that puts a third of GSOMIA's intelligence value at risk (the prior centre of
#: ``exposure``; the baseline's 2019-12 posterior median is 0.23, at which the threat's
#: deterrence is too small to show over 40 seeds: -0.05 [-0.12, +0.02], docs/VALIDATION.md
#: 2c). The spec tests the mechanism under that stated condition.
EXPOSED = "actors.ROK.retaliation.exposure=0.35"

STRATEGIC_DISPUTES = [
    Spec("M7", "strategic_reciprocity_answers_escalation", Arm(STRATEGIC_DISPUTE),
         Arm((*STRATEGIC_DISPUTE, *NO_RECIPROCITY)), "total_retaliations",
         summary_of("total_retaliations"), 1),
    Spec("M5", "threat_deters_a_costly_gsomia_notice",
         Arm((*STRATEGIC_DISPUTE, EXPOSED, "actors.ROK.threat_from_prk=0.9")),
         Arm((*STRATEGIC_DISPUTE, EXPOSED, "actors.ROK.threat_from_prk=0.1")), "gsomia_notices",
         event_count("gsomia_notice"), -1),
    Spec("M10", "us_pressure_has_a_strategic_korea_suspend", Arm((*STRATEGIC_DISPUTE, CARELESS)),
         Arm((*STRATEGIC_DISPUTE, CARELESS, *IDLE_US)), "gsomia_terminated",
         summary_of("gsomia_terminated"), -1),
]  # fmt: skip


# -- DPRK's strategic provocation on the diplomacy track (M5, M8) ---------------------------
STRATEGIC_PRK = "actors.PRK.provocation.policy=strategic"
TALKS_2019 = {"talks": "summit", "months_since_change": 1, "months_since_launch": 2}


def launches_between(first: str, last: str):
    """Measure: launch days from month ``first`` to ``last`` (both ``YYYY-MM``, inclusive)."""
    return lambda model: float(
        sum(row.metrics["provocations"] for row in model.recorder.rows
            if first <= row.date <= last)
    )  # fmt: skip


def dprk(diplomacy: dict | None = None, *shocks: dict):
    """Edit: a given diplomacy track, no diplomacy shocks of the baseline, these ``shocks``."""
    kinds = ("summit", "talks_breakdown", "deadline", "relief", "border_closure")

    def edit(table: dict) -> None:
        table["diplomacy"] = dict(TALKS_2019 if diplomacy is None else diplomacy)
        kept = [s for s in table.get("timeline", []) if s["kind"] not in kinds]
        table["timeline"] = [*kept, *shocks]

    return edit


def shock(month: str, kind: str, actor: str = "USA", target: str = "PRK", **more) -> dict:
    return {"month": month, "kind": kind, "actor": actor, "target": target, **more}


BROKEN = {"talks": "broken_down", "months_since_change": 3, "months_since_launch": 2}
NO_TALKS = {"talks": "none", "months_since_launch": 2}
SUMMIT = Arm((STRATEGIC_PRK,), dprk(BROKEN, shock("2021-12", "summit")))
NO_SUMMIT = Arm((STRATEGIC_PRK,), dprk(BROKEN))
FULL = Arm((STRATEGIC_PRK,), dprk(BROKEN, shock("2021-04", "exercise", target="ROK",
                                                magnitude=1.0)))  # fmt: skip
SUSPENDED = Arm((STRATEGIC_PRK,), dprk(BROKEN, shock("2021-04", "exercise", target="ROK",
                                                     magnitude=0.0)))  # fmt: skip
TALKING = Arm((STRATEGIC_PRK,), dprk())
BREAKDOWN = Arm((STRATEGIC_PRK,), dprk(None, shock("2020-06", "talks_breakdown")))
NO_DEADLINE = Arm((STRATEGIC_PRK,), dprk(NO_TALKS))
MISSED = Arm((STRATEGIC_PRK,), dprk({**NO_TALKS, "deadline": "2020-05"}))
RIFT = ("relations.affinity.ROK.JPN=-0.8", "relations.affinity.JPN.ROK=-0.8")
AMITY = ("relations.affinity.ROK.JPN=0.8", "relations.affinity.JPN.ROK=0.8")
# A US answering DPRK launches tit for tat (engagement ``reciprocal``), with relief on the
# table when it offers talks, against the same US offering talks alone (Sigal 1998).
RECIPROCAL_US = (STRATEGIC_PRK, "actors.USA.engagement.policy=reciprocal")
RELIEF_US = Arm((*RECIPROCAL_US, "actors.USA.engagement.relief=0.5"))
TALKS_ONLY_US = Arm(RECIPROCAL_US)


#: The stance events of the engagement family (sim/core/diplomacy.py, STANCE_EVENTS).
STANCE_OF_EVENT = {"talks_offer": "talks", "relief_offer": "relief", "freeze_demand": "freeze"}


def standing_stances(model) -> list[dict[str, str]]:
    """The US's and ROK's standing stances at the end of each month, from the stance events.

    An event is recorded when an actor takes a new stance, which stands until its next one
    (docs/OUTPUTS.md); ``""`` before the first.
    """
    taken: dict[str, list[tuple[str, str]]] = {}
    for e in model.recorder.events:
        if e.kind in STANCE_OF_EVENT:
            taken.setdefault(e.date, []).append((e.actor, STANCE_OF_EVENT[e.kind]))
    now, months = {"USA": "", "ROK": ""}, []
    for row in model.recorder.rows:
        now.update(taken.get(row.date, ()))
        months.append(dict(now))
    return months


def months_rok_matches_us(model) -> float:
    """Measure: months ROK's standing stance is the US's (M3: a fearful ally conforms)."""
    return float(sum(1 for s in standing_stances(model) if s["ROK"] and s["ROK"] == s["USA"]))


def months_rok_concedes(model) -> float:
    """Measure: months ROK's standing stance is a concession, talks or relief (M2)."""
    return float(sum(1 for s in standing_stances(model) if s["ROK"] in ("talks", "relief")))


def without_plan(table: dict) -> None:
    """Edit: no defence plan (the 8th Party Congress's, 2021-01) in the timeline."""
    table["timeline"] = [s for s in table["timeline"] if s["kind"] != "defence_plan"]


# No programme under way at the start, so that the plan's systems (maturing from 2021-09)
# are the backlog; run to 2022-12 to see the year after the plan.
PROGRAMME = (STRATEGIC_PRK, "diplomacy.development=0.0", "scenario.steps=42")
PLAN = Arm(PROGRAMME)
NO_PLAN = Arm(PROGRAMME, without_plan)

DPRK = [
    Spec("M5", "summit_lowers_launches_after_it", SUMMIT, NO_SUMMIT, "launches_2021_12_2022_05",
         launches_between("2021-12", "2022-05"), -1),
    Spec("M5", "full_exercise_draws_more_launches_than_suspended", FULL, SUSPENDED,
         "launches_2021_04", launches_between("2021-04", "2021-04"), 1),
    Spec("M5", "breakdown_raises_launches", BREAKDOWN, TALKING, "launches_2020_06_2020_11",
         launches_between("2020-06", "2020-11"), 1),
    Spec("M5", "missed_deadline_raises_launches", MISSED, NO_DEADLINE, "launches_2020_06_2020_08",
         launches_between("2020-06", "2020-08"), 1),
    Spec("M8", "weak_dyad_draws_the_wedge", Arm((STRATEGIC_PRK, *RIFT), dprk(BROKEN)),
         Arm((STRATEGIC_PRK, *AMITY), dprk(BROKEN)), "total_provocations",
         summary_of("total_provocations"), 1),
    Spec("M5", "us_relief_offers_lower_launches", RELIEF_US, TALKS_ONLY_US,
         "total_provocations", summary_of("total_provocations"), -1),
    Spec("M5", "defence_plan_raises_launches_the_next_year", PLAN, NO_PLAN,
         "launches_2022", launches_between("2022-01", "2022-12"), 1),
]  # fmt: skip

# -- the US's and ROK's strategic engagement terms (agents/policies/engagement_strategic.py) --
# ROK on ``strategic`` engagement with its default weights (docs/ODD.md 7.24).
# M3 (Snyder 1984): a US answering DPRK tit for tat (``reciprocal``: a freeze demand after a
# launch month, talks after three quiet ones) holds a stance nearly every month; an ROK that
# fears abandonment (0.5, the top of the baseline's runs) stands where the US stands more
# months than one that fears little (0.1, below the polled 0.18). Fear reaches the run only
# through M3 here: its M1 (effort) and M6 (quasi-alliance drift and the dispute parties'
# term) channels are off in both arms, so that the knocked-out pair is identical run for
# run. M2 (Putnam 1988): with the baseline's US taking no stance, an ROK government with
# little support at home (0.2, assumed; the baseline's 0.41 is polled) stands on talks or
# relief fewer months than one with much (0.8, assumed); support reaches the run only
# through M2.
STRATEGIC_ROK = (STRATEGIC_PRK, "actors.ROK.engagement.policy=strategic")
FOLLOWED_US = (
    *STRATEGIC_ROK,
    "actors.USA.engagement.policy=reciprocal",
    "mechanisms.effort_abandonment_response=0.0",
    "mechanisms.quasi_alliance_strength=0.0",
    "actors.ROK.retaliation.quasi_alliance=0.0",
    "actors.JPN.retaliation.quasi_alliance=0.0",
)
ENGAGEMENT = [
    Spec("M3", "fearful_rok_stands_with_the_us", Arm((*FOLLOWED_US,
         "actors.ROK.abandonment_fear=0.5")), Arm((*FOLLOWED_US,
         "actors.ROK.abandonment_fear=0.1")), "months_rok_matches_us", months_rok_matches_us, 1),
    Spec("M2", "weak_rok_government_concedes_less", Arm((*STRATEGIC_ROK,
         "actors.ROK.domestic_support=0.2")), Arm((*STRATEGIC_ROK,
         "actors.ROK.domestic_support=0.8")), "months_rok_concedes", months_rok_concedes, -1),
]  # fmt: skip

SPECS = [
    *M1_TO_M5, *M6_TO_M10, *CHINA_AND_MEDIATOR, *STRATEGIC_DISPUTES, *DPRK, *ASKS, *ENGAGEMENT,
]  # fmt: skip
