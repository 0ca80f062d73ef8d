"""Why did it choose that? Which options each actor chose, and which terms decided them.

Reads ``decisions.parquet`` (docs/OUTPUTS.md: one row per term of every option of every
recorded decision; written when ``[run] record_decisions``) through DuckDB, so a large sweep
is aggregated without loading it. Generic over decisions: every (actor, decision name) in
the file is reported, so a new decision shows up with no change here.

**Margin and contributions.** For one decision as made, the *margin* is the chosen option's
utility minus that of the best alternative (the available option, utility above ``-inf``,
with the highest utility; ties: the first by name). A term's *contribution* is its value in
the chosen option minus its value in that alternative, a term an option lacks counting 0
and a knocked-out term counting 0 (it did not enter the utility). Contributions therefore
sum to the margin: a positive one pushed towards the chosen option. Averages are over every
time the option was chosen (all runs and months), a term absent in a decision counting 0.
A decision with no available alternative (a constraint left one option) has no margin: it
is counted as *forced* and left out of the averages. With a logit rule an option with a
negative margin can be chosen (by the draw): its terms then say what held it back.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis.figures import plt, save, sns
from analysis.html import Section, Table
from analysis.load import RunDirectory, sql_list, table_files

TITLE = "Why did it choose that?"
#: The mechanism ids of decisions.parquet, in legend order (docs/OUTPUTS.md).
MECHANISMS: tuple[str, ...] = ("base", *(f"M{i}" for i in range(1, 11)))
TEXT_NAME = "why_chosen.txt"
TOP_TERMS = 6  # terms per chosen option in the text summary
HOW_TO_RECORD = (
    "This run directory has no decisions.parquet: the runs did not record their decisions. "
    "Run again with --set run.record_decisions=true (or record_decisions = true in the "
    "scenario's [run] table; for a sweep, run.record_decisions = true in [fixed]), e.g. "
    "python -m sim run configs/baseline_2019.toml --set run.record_decisions=true, then "
    'python -m analysis report RUN_DIR. Only choice policies (e.g. policy = "strategic") '
    "record decisions."
)
KEYS = "run_id, step, actor, decision, subject"
OPTIONS_SQL = f"""
CREATE OR REPLACE TEMP VIEW decision_options AS
SELECT {KEYS}, option, any_value(utility) AS utility, any_value(probability) AS probability,
       bool_or(chosen) AS chosen
FROM decisions GROUP BY {KEYS}, option
"""
PAIRS_SQL = f"""
CREATE OR REPLACE TEMP VIEW decision_pairs AS
WITH rivals AS (
    SELECT {KEYS}, option AS rival, utility AS rival_utility,
           row_number() OVER (PARTITION BY {KEYS} ORDER BY utility DESC, option) AS rank
    FROM decision_options WHERE NOT chosen AND isfinite(utility)
)
SELECT c.run_id, c.step, c.actor, c.decision, c.subject, c.option AS chosen_option,
       r.rival, c.utility - r.rival_utility AS margin
FROM decision_options c
LEFT JOIN rivals r
  ON r.rank = 1 AND r.run_id = c.run_id AND r.step = c.step AND r.actor = c.actor
 AND r.decision = c.decision AND r.subject = c.subject
WHERE c.chosen
"""
CHOICES_SQL = """
WITH made AS (
    SELECT actor, decision, count(*) AS decisions, count(DISTINCT subject) AS subjects
    FROM decision_pairs GROUP BY actor, decision
), chosen AS (
    SELECT actor, decision, chosen_option AS option, count(*) AS chosen,
           count(rival) AS with_alternative, avg(margin) AS mean_margin
    FROM decision_pairs GROUP BY actor, decision, chosen_option
), alternatives AS (
    SELECT actor, decision, chosen_option AS option, rival AS usual_alternative,
           row_number() OVER (PARTITION BY actor, decision, chosen_option
                              ORDER BY count(*) DESC, rival) AS rank
    FROM decision_pairs WHERE rival IS NOT NULL
    GROUP BY actor, decision, chosen_option, rival
), offered AS (
    SELECT actor, decision, option, avg(probability) AS mean_probability
    FROM decision_options GROUP BY actor, decision, option
)
SELECT o.actor, o.decision, o.option, m.decisions, coalesce(c.chosen, 0) AS chosen,
       coalesce(c.chosen, 0) / m.decisions AS share, o.mean_probability,
       coalesce(c.chosen, 0) - coalesce(c.with_alternative, 0) AS forced,
       c.mean_margin, a.usual_alternative
FROM offered o JOIN made m USING (actor, decision)
LEFT JOIN chosen c USING (actor, decision, option)
LEFT JOIN alternatives a ON a.rank = 1 AND a.actor = o.actor AND a.decision = o.decision
 AND a.option = o.option
ORDER BY o.actor, o.decision, chosen DESC, o.option
"""
TERMS_SQL = f"""
WITH contributions AS (
    SELECT p.actor, p.decision, p.chosen_option, d.term, d.mechanism,
           sum(CASE WHEN d.knocked THEN 0.0
                    WHEN d.option = p.chosen_option THEN d.value
                    ELSE -d.value END) AS contribution
    FROM decision_pairs p
    JOIN decisions d USING ({KEYS})
    WHERE p.rival IS NOT NULL AND d.term <> ''
      AND (d.option = p.chosen_option OR d.option = p.rival)
    GROUP BY p.run_id, p.step, p.actor, p.decision, p.subject, p.chosen_option, d.term,
             d.mechanism
), counted AS (
    SELECT actor, decision, chosen_option, count(*) AS times
    FROM decision_pairs WHERE rival IS NOT NULL GROUP BY actor, decision, chosen_option
)
SELECT c.actor, c.decision, c.chosen_option AS option, n.times, c.term, c.mechanism,
       sum(c.contribution) / n.times AS mean_contribution,
       count(*) FILTER (WHERE c.contribution > 0) / n.times AS share_for,
       count(*) FILTER (WHERE c.contribution < 0) / n.times AS share_against
FROM contributions c JOIN counted n USING (actor, decision, chosen_option)
GROUP BY c.actor, c.decision, c.chosen_option, n.times, c.term, c.mechanism
ORDER BY c.actor, c.decision, c.chosen_option, abs(mean_contribution) DESC, c.term
"""


def has_decisions(path: Path) -> bool:
    """Whether a run directory holds decisions (compacted, or chunks of a live sweep)."""
    return bool(table_files(path, "decisions"))


def open_decisions(rd: RunDirectory) -> bool:
    """Create the ``decisions`` view and the derived views; False if there is none."""
    files = table_files(rd.path, "decisions")
    if not files:
        return False
    rd.con.execute(
        f"CREATE OR REPLACE VIEW decisions AS SELECT * FROM read_parquet({sql_list(files)})"
    )
    rd.con.execute(OPTIONS_SQL)
    rd.con.execute(PAIRS_SQL)
    return True


def choice_table(rd: RunDirectory) -> pd.DataFrame:
    """Per actor, decision and option: how often it was chosen, its mean probability, margin.

    Columns: actor, decision, option, decisions (made by the actor), chosen (times), share,
    mean_probability (the logit's mean probability of the option), forced (chosen with no
    available alternative), mean_margin (over the best alternative), usual_alternative.
    """
    return rd.query(CHOICES_SQL)


def term_table(rd: RunDirectory) -> pd.DataFrame:
    """Per chosen option, each term's mean contribution to the margin over the alternative.

    Columns: actor, decision, option, times (chosen with an alternative), term, mechanism,
    mean_contribution, share_for and share_against (shares of those times the term pushed
    for or against the chosen option). Sorted by the size of the mean contribution.
    """
    return rd.query(TERMS_SQL)


def summary_text(choices: pd.DataFrame, terms: pd.DataFrame, top: int = TOP_TERMS) -> str:
    """The text summary: per decision the options' shares; per chosen option, its terms."""
    lines = [
        TITLE,
        "",
        "Margin: the chosen option's utility minus the best available alternative's. A term's",
        "contribution: its value in the chosen option minus its value in that alternative",
        "(0 if absent or knocked out); contributions sum to the margin. Means over every time",
        "the option was chosen, over runs and months.",
    ]
    for (actor, decision), options in choices.groupby(["actor", "decision"], sort=False):
        made = int(options["decisions"].iloc[0])
        shares = ", ".join(f"{row.option} {100 * row.share:.1f} %" for row in options.itertuples())
        lines += ["", f"{actor} {decision} ({made} decisions): {shares}"]
        for row in options[options["chosen"] > 0].itertuples():
            times = int(row.chosen)
            head = f"  {row.option}: chosen {times} time{'s' if times != 1 else ''}"
            if row.forced:
                head += f" ({int(row.forced)} with no alternative)"
            if pd.notna(row.mean_margin):
                head += f"; mean margin {row.mean_margin:+.3f} over {row.usual_alternative}"
                head += " (usually)"
            lines.append(head)
            mine = terms[
                (terms["actor"] == actor)
                & (terms["decision"] == decision)
                & (terms["option"] == row.option)
                & ((terms["share_for"] > 0) | (terms["share_against"] > 0))  # moved it once
            ]
            for t in mine.head(top).itertuples():
                lines.append(
                    f"    {t.mechanism:<4} {t.term:<24} {t.mean_contribution:+.3f}"
                    f"  (for in {100 * t.share_for:.0f} %, against in"
                    f" {100 * t.share_against:.0f} %)"
                )
            if len(mine) > top:
                lines.append(f"    ... {len(mine) - top} more in tables/why_chosen_terms.csv")
    return "\n".join(lines) + "\n"


def why_chosen_figure(choices: pd.DataFrame, terms: pd.DataFrame, path: Path) -> Path:
    """Per decision, per chosen option: its mechanisms' mean contributions to the margin.

    Diverging stacked bars (pushing for the option to the right, against it to the left),
    one colour per mechanism, a black dot at the mean margin; one panel per decision.
    """
    sns.set_theme(style="whitegrid", context="notebook")
    palette = sns.color_palette("tab10", 10)
    palette[7] = (0.12, 0.12, 0.4)  # tab10's grey is base's colour: navy for M8
    colours = {"base": (0.7, 0.7, 0.7), **dict(zip(MECHANISMS[1:], palette, strict=True))}
    by_mechanism = terms.groupby(["actor", "decision", "option", "mechanism"], sort=False)[
        "mean_contribution"
    ].sum()
    panels = list(choices.groupby(["actor", "decision"], sort=False))
    columns = min(2, len(panels))
    rows = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(7.5 * columns, 2.6 * rows), squeeze=False)
    used: set[str] = set()
    for ax, ((actor, decision), options) in zip(axes.flat, panels, strict=False):
        chosen = options[options["mean_margin"].notna()].reset_index(drop=True)
        for y, row in chosen.iterrows():
            right = left = 0.0
            parts = by_mechanism.get((actor, decision, row["option"]))
            for mechanism, value in parts.items() if parts is not None else []:
                start = right if value >= 0 else left
                ax.barh(y, value, left=start, color=colours.get(mechanism, "grey"), height=0.6)
                right, left = (right + value, left) if value >= 0 else (right, left + value)
                used.add(mechanism)
            ax.plot(row["mean_margin"], y, "ko", ms=5)
        ax.axvline(0.0, color="black", lw=0.8)
        labels = [
            f"{o} ({100 * sh:.0f} %)"
            for o, sh in zip(chosen["option"], chosen["share"], strict=True)
        ]
        ax.set_yticks(range(len(chosen)), labels)
        ax.invert_yaxis()
        ax.set_title(f"{actor} {decision}")
        ax.set_xlabel("mean contribution to the margin over the best alternative")
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[m]) for m in MECHANISMS if m in used]
    names = [m for m in MECHANISMS if m in used]
    figure.legend(handles, names, loc="lower center", ncol=len(names), frameon=False,
                  bbox_to_anchor=(0.5, -0.02))  # fmt: skip
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return save(figure, path)


def decisions_section(rd: RunDirectory, out: Path) -> Section:
    """The report's section; also writes ``why_chosen.txt`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    if not open_decisions(rd):
        (out / TEXT_NAME).write_text(f"{TITLE}\n\n{HOW_TO_RECORD}\n", encoding="utf-8")
        return Section(TITLE, [HOW_TO_RECORD])
    choices, terms = choice_table(rd), term_table(rd)
    text = summary_text(choices, terms)
    (out / TEXT_NAME).write_text(text, encoding="utf-8")
    paragraphs = [
        "From decisions.parquet (docs/OUTPUTS.md). For each decision, how often each option "
        "was chosen and, for a chosen option, which terms decided it: a term's contribution "
        "is its value in the chosen option minus its value in the best available alternative "
        "(0 when absent or knocked out), so contributions sum to the utility margin. Means "
        "are over every time the option was chosen, over runs and months; <i>forced</i> "
        f"counts choices with no available alternative. The text summary is {TEXT_NAME}.",
    ]
    figures = []
    if choices["mean_margin"].notna().any():
        figures.append(why_chosen_figure(choices, terms, out / "figures" / "why_chosen.png"))
        paragraphs.append(
            "The figure: per decision and chosen option (its share of the decisions in "
            "brackets), the mean contribution of each mechanism's terms, pushing for the "
            "option to the right and against it to the left; the dot is the mean margin."
        )
    else:
        paragraphs.append("No decision with an alternative was recorded.")
    return Section(
        TITLE,
        paragraphs,
        figures,
        tables=[
            Table("Options chosen", choices, "why_chosen_options.csv"),
            Table("Terms that decided the chosen option", terms, "why_chosen_terms.csv"),
        ],
    )
