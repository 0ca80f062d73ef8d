"""Phase 6 of a step and the end of a run: cohesion, the step's metrics, the run summaries."""

from __future__ import annotations

from typing import Any

from sim.config.schema import MetricsSection
from sim.core.context import Cohesion
from sim.core.metrics import (
    DyadParts,
    burden_satisfaction,
    dyad_cohesion,
    mutual_affinity,
    summarize,
    trilateral_cohesion,
)
from sim.core.recorder import Recorder, StepMetrics
from sim.core.world import World

_new_tuple = tuple.__new__


def measure(world: World, metrics: MetricsSection, measure_saturation: float) -> Cohesion:
    """Cohesion of USA-ROK, USA-JPN, ROK-JPN and trilateral (docs/ODD.md, 7.1)."""
    weights = metrics.weights
    usa_rok = dyad_cohesion(dyad_parts(world, "USA", "ROK", measure_saturation), weights)
    usa_jpn = dyad_cohesion(dyad_parts(world, "USA", "JPN", measure_saturation), weights)
    rok_jpn = dyad_cohesion(dyad_parts(world, "ROK", "JPN", measure_saturation), weights)
    trilateral = trilateral_cohesion((usa_rok, usa_jpn, rok_jpn))
    return _new_tuple(Cohesion, (usa_rok, usa_jpn, rok_jpn, trilateral))  # Cohesion, built in C


def dyad_parts(world: World, a: str, b: str, measure_saturation: float) -> DyadParts:
    """The four cohesion components of one dyad."""
    affinity_of, actors = world.relations.affinity, world.actors
    affinity = mutual_affinity(affinity_of[(a, b)], affinity_of[(b, a)])
    convergence = 1.0 - abs(actors[a].threat_from_prk - actors[b].threat_from_prk)
    if a != "USA":
        return DyadParts(affinity, rok_jpn_alignment(world, measure_saturation), None, convergence)
    scores = [s for item in world.agenda.by_target[b] if (s := item.alignment()) is not None]
    alignment = sum(scores) / len(scores) if scores else 1.0
    burden = burden_satisfaction(world.ledger.share(b), world.ledger.gdp_share[b])
    return DyadParts(affinity, alignment, burden, convergence)


def rok_jpn_alignment(world: World, measure_saturation: float) -> float:
    """Half the GSOMIA's state, half the absence of trade and security measures (M7)."""
    tension = min(1.0, world.disputes.measures_between_allies() / measure_saturation)
    return 0.5 * world.gsomia.score + 0.5 * (1.0 - tension)


def step_metrics(
    world: World,
    cohesion: Cohesion,
    *,
    provocations: int,
    retaliations: int,
    mediating: bool,
    pressure: float = 0.0,
) -> StepMetrics:
    """The metrics of this step, by name (``pressure``: the mediation's strength, or 0)."""
    actors = world.actors
    usa, rok, jpn, chn = actors["USA"], actors["ROK"], actors["JPN"], actors["CHN"]
    aff, disputes, loss = world.relations.affinity, world.disputes, world.episodes.loss
    statuses = world.agenda.statuses()
    metrics: StepMetrics = {
        "cohesion_usa_rok": cohesion.usa_rok,
        "cohesion_usa_jpn": cohesion.usa_jpn,
        "cohesion_rok_jpn": cohesion.rok_jpn,
        "trilateral_cohesion": cohesion.trilateral,
        "threat_usa": usa.threat_from_prk,
        "threat_rok": rok.threat_from_prk,
        "threat_jpn": jpn.threat_from_prk,
        "abandonment_fear_rok": rok.abandonment_fear,
        "abandonment_fear_jpn": jpn.abandonment_fear,
        "entrapment_fear_rok": rok.entrapment_fear,
        "entrapment_fear_jpn": jpn.entrapment_fear,
        "burden_share_rok": world.ledger.share("ROK"),
        "burden_share_jpn": world.ledger.share("JPN"),
        "domestic_support_rok": rok.domestic_support,
        "domestic_support_jpn": jpn.domestic_support,
        "affinity_rok_usa": aff[("ROK", "USA")],
        "affinity_jpn_usa": aff[("JPN", "USA")],
        "affinity_rok_jpn": aff[("ROK", "JPN")],
        "affinity_jpn_rok": aff[("JPN", "ROK")],
        "affinity_rok_chn": aff[("ROK", "CHN")],
        "affinity_jpn_chn": aff[("JPN", "CHN")],
        "coercion_credibility_chn": chn.coercion_credibility,
        "coercion_loss_rok": loss["ROK"],
        "coercion_loss_jpn": loss["JPN"],
        "trade_dependence_chn_rok": rok.trade_dependence_chn,
        "trade_dependence_chn_jpn": jpn.trade_dependence_chn,
        "provocations": provocations,
        "retaliations": retaliations,
        "measures_jpn": disputes.measures_in_force("JPN", "ROK"),
        "measures_rok": disputes.measures_in_force("ROK", "JPN"),
        "gsomia_active": world.gsomia.active,
        "gsomia_notice_pending": world.gsomia.notice_pending,
        "export_controls_active": disputes.export_controls,
        "mediation_active": mediating,
        "mediation_strength": pressure if mediating else 0.0,
        "items_open": world.agenda.live_count(),
        "items_agreed": statuses.count("agreed"),
        "items_refused": statuses.count("refused"),
        "items_lapsed": statuses.count("lapsed"),
    }
    return metrics


def summary(
    world: World, recorder: Recorder, metrics: MetricsSection, peak_threat: float
) -> dict[str, Any]:
    """The run summaries of runs.parquet (docs/OUTPUTS.md)."""
    result: dict[str, Any] = summarize(
        recorder.column("trilateral_cohesion"), metrics.crisis_threshold
    )
    kinds = [e.kind for e in recorder.events]
    result.update(
        sma_agreed_step=world.agenda.first_cost_sharing_step("ROK"),
        hns_agreed_step_jpn=world.agenda.first_cost_sharing_step("JPN"),
        gsomia_terminated=world.gsomia.status == "terminated",
        gsomia_notice_step=recorder.first_step("gsomia_notice"),
        gsomia_suspended="gsomia_suspend" in kinds,
        export_controls_step=recorder.first_step("export_controls"),
        total_provocations=kinds.count("provocation"),
        total_retaliations=sum(recorder.column("retaliations")),
        peak_threat=peak_threat,
        troop_threats=kinds.count("troop_threat"),
        mediations=kinds.count("mediation"),
        coercion_months_rok=sum(1 for v in recorder.column("coercion_loss_rok") if v > 0),
        coercion_months_jpn=sum(1 for v in recorder.column("coercion_loss_jpn") if v > 0),
        final_burden_share_rok=world.ledger.share("ROK"),
        final_burden_share_jpn=world.ledger.share("JPN"),
    )
    return result
