"""Phase 6 of a step and the end of a run: cohesion, the metric row, the run summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.core.metrics import (
    DyadParts,
    burden_satisfaction,
    dyad_cohesion,
    mutual_affinity,
    summarize,
    trilateral_cohesion,
)

if TYPE_CHECKING:
    from sim.core.model import AllianceModel

GSOMIA_SCORE = {"active": 1.0, "notice": 0.5, "terminated": 0.0}


def measure(model: AllianceModel) -> tuple[float, float, float, float]:
    """Cohesion of USA-ROK, USA-JPN, ROK-JPN and trilateral (docs/ODD.md, 7.1)."""
    weights = model.spec.metrics.weights
    dyads = [
        dyad_cohesion(dyad_parts(model, a, b), weights)
        for a, b in (("USA", "ROK"), ("USA", "JPN"), ("ROK", "JPN"))
    ]
    return (dyads[0], dyads[1], dyads[2], trilateral_cohesion(dyads))


def dyad_parts(model: AllianceModel, a: str, b: str) -> DyadParts:
    """The four cohesion components of one dyad."""
    affinity = mutual_affinity(model.affinity[(a, b)], model.affinity[(b, a)])
    convergence = 1.0 - abs(model.actors[a].threat_from_prk - model.actors[b].threat_from_prk)
    if a != "USA":
        return DyadParts(affinity, rok_jpn_alignment(model), None, convergence)
    scores = [s for item in model.items_of[b] if (s := item.alignment()) is not None]
    alignment = sum(scores) / len(scores) if scores else 1.0
    burden = burden_satisfaction(model.burden_share(b), model.gdp_shares[b])
    return DyadParts(affinity, alignment, burden, convergence)


def rok_jpn_alignment(model: AllianceModel) -> float:
    """Half the GSOMIA's state, half the absence of trade and security measures (M7)."""
    measures = sum(sum(map(len, d.in_force.values())) for d in model.disputes if d.between_allies)
    tension = min(1.0, measures / model.mech.measure_saturation)
    return 0.5 * GSOMIA_SCORE[model.gsomia] + 0.5 * (1.0 - tension)


def metric_values(model: AllianceModel) -> tuple[Any, ...]:
    """Metrics of this step in :data:`sim.core.recorder.STEP_COLUMNS` order."""
    usa, rok, jpn, chn = (model.actors[c] for c in ("USA", "ROK", "JPN", "CHN"))
    statuses = [item.status for item in model.items]
    aff = model.affinity
    return (
        *model.cohesion,
        usa.threat_from_prk, rok.threat_from_prk, jpn.threat_from_prk,
        rok.abandonment_fear, jpn.abandonment_fear,
        rok.entrapment_fear, jpn.entrapment_fear,
        model.burden_share("ROK"), model.burden_share("JPN"),
        rok.domestic_support, jpn.domestic_support,
        aff[("ROK", "USA")], aff[("JPN", "USA")], aff[("ROK", "JPN")], aff[("JPN", "ROK")],
        aff[("ROK", "CHN")], aff[("JPN", "CHN")],
        chn.coercion_credibility,
        model.coercion_loss["ROK"], model.coercion_loss["JPN"],
        model.provocations,
        model.retaliations,
        model.measures_in_force("JPN", "ROK"), model.measures_in_force("ROK", "JPN"),
        model.gsomia == "active", model.gsomia == "notice",
        model.export_controls,
        model.mediating,
        sum(1 for item in model.items if item.live),
        statuses.count("agreed"), statuses.count("refused"), statuses.count("lapsed"),
    )  # fmt: skip


def first_step(events: list[tuple[Any, ...]], kind: str) -> int | None:
    """The step of the first event of ``kind``, or None."""
    return next((e[0] for e in events if e[3] == kind), None)


def summary(model: AllianceModel) -> dict[str, Any]:
    """The run summaries of runs.parquet (docs/OUTPUTS.md)."""
    rows, events = model.recorder.rows, model.recorder.events
    result: dict[str, Any] = summarize(
        [row[5] for row in rows], model.spec.metrics.crisis_threshold
    )
    cost_sharing: dict[str, int | None] = {}
    for item in model.items:  # the first cost-sharing item of each ally, in file order
        if item.is_cost_sharing:
            cost_sharing.setdefault(item.target, item.agreed_step)
    kinds = [e[3] for e in events]
    result.update(
        sma_agreed_step=cost_sharing.get("ROK"),
        hns_agreed_step_jpn=cost_sharing.get("JPN"),
        gsomia_terminated=model.gsomia == "terminated",
        gsomia_notice_step=first_step(events, "gsomia_notice"),
        gsomia_suspended="gsomia_suspend" in kinds,
        export_controls_step=first_step(events, "export_controls"),
        total_provocations=kinds.count("provocation"),
        total_retaliations=sum(model.recorder.column("retaliations")),
        peak_threat=model.peak_threat,
        troop_threats=kinds.count("troop_threat"),
        mediations=kinds.count("mediation"),
        coercion_months_rok=sum(1 for v in model.recorder.column("coercion_loss_rok") if v > 0),
        coercion_months_jpn=sum(1 for v in model.recorder.column("coercion_loss_jpn") if v > 0),
        final_burden_share_rok=model.burden_share("ROK"),
        final_burden_share_jpn=model.burden_share("JPN"),
    )
    return result
