"""The recorded choices of one run as an Arrow table of decisions.parquet, built fast.

:meth:`sim.core.recorder.Recorder.decision_columns` builds the same rows one Python tuple
at a time (:meth:`sim.core.choice.Choice.rows`); for a run of a few thousand rows that
and the conversion to Arrow cost more than the run itself. Here Python touches each
*decision* once, not each row: the strings of a decision's rows (option, term, mechanism)
come from a template per :class:`~sim.core.choice.DecisionSpec`, and the per-decision and
per-option values reach their rows by vectorised ``take``. The result equals
``pa.table(recorder.decision_columns(run_id), schema=DECISIONS_SCHEMA)`` exactly
(``tests/test_decisions_output.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from sim.core.choice import DECISION_COLUMNS, DECISION_TYPES, Choice, DecisionSpec

DECISIONS_SCHEMA = pa.schema(
    [(name, pa.type_for_alias(DECISION_TYPES[name])) for name in DECISION_COLUMNS]
)


class Template:
    """The rows of one decision spec: per row its option index, strings and value slot."""

    __slots__ = ("option_index", "options", "terms", "mechanisms", "slots", "dense")

    def __init__(self, spec: DecisionSpec) -> None:
        index: list[int] = []
        self.option_index: list[int] = index
        self.options: list[str] = []
        self.terms: list[str] = []
        self.mechanisms: list[str] = []
        slots: list[int] = []
        position = 0
        for i, (option, terms) in enumerate(zip(spec.options, spec.terms, strict=True)):
            if not terms:  # an option without terms: one row, value 0
                index.append(i)
                self.options.append(option)
                self.terms.append("")
                self.mechanisms.append("")
                slots.append(-1)
            for term, mechanism in terms:
                index.append(i)
                self.options.append(option)
                self.terms.append(term)
                self.mechanisms.append(mechanism)
                slots.append(position)
                position += 1
        self.slots = slots
        self.dense = position == len(index)  # every row is a term: values as given


def decisions_arrow(run_id: str, choices: Sequence[tuple[int, Choice]]) -> pa.Table:
    """The rows of ``choices`` (``(step, choice)`` in order) as a decisions.parquet table."""
    if not choices:
        return DECISIONS_SCHEMA.empty_table()
    templates: dict[int, tuple[int, Template]] = {}  # id(spec) -> (first template row, rows)
    strings: dict[str, list[str]] = {"option": [], "term": [], "mechanism": []}
    per_decision: dict[str, list] = {
        name: [] for name in ("step", "actor", "decision", "subject", "precision", "draw")
    }
    template_rows: list[int] = []
    decision_of_row: list[int] = []
    option_rows: list[int] = []
    chosen: list[bool] = []
    values: list[float] = []
    knocked: list[bool] = []
    any_knocked = False
    utilities: list[float] = []
    probabilities: list[float] = []
    for number, (step, choice) in enumerate(choices):
        spec = choice.spec
        found = templates.get(id(spec))
        if found is None:
            template = Template(spec)
            found = templates[id(spec)] = (len(strings["option"]), template)
            strings["option"] += template.options
            strings["term"] += template.terms
            strings["mechanism"] += template.mechanisms
        first, template = found
        rows = len(template.slots)
        template_rows += range(first, first + rows)
        decision_of_row += [number] * rows
        base, picked = len(utilities), choice.chosen
        option_rows += [base + i for i in template.option_index]
        chosen += [i == picked for i in template.option_index]
        for name, value in (("step", step), ("actor", choice.actor), ("decision", spec.name),
                            ("subject", choice.subject), ("precision", choice.precision),
                            ("draw", choice.draw)):  # fmt: skip
            per_decision[name].append(value)
        given = choice.values
        values += given if template.dense else [given[s] if s >= 0 else 0.0 for s in template.slots]
        if choice.knockout:
            any_knocked = True
            knocked += [m in choice.knockout for m in template.mechanisms]
        else:
            knocked += [False] * rows
        utilities += choice.utilities
        probabilities += choice.probabilities
    by_row = pa.array(decision_of_row, pa.int64())
    by_template = pa.array(template_rows, pa.int64())
    by_option = pa.array(option_rows, pa.int64())
    count = len(decision_of_row)
    columns = {
        "run_id": pa.repeat(pa.scalar(run_id, pa.string()), count),
        "step": pa.array(per_decision["step"], pa.int64()).take(by_row),
        "actor": pa.array(per_decision["actor"], pa.string()).take(by_row),
        "decision": pa.array(per_decision["decision"], pa.string()).take(by_row),
        "subject": pa.array(per_decision["subject"], pa.string()).take(by_row),
        "option": pa.array(strings["option"], pa.string()).take(by_template),
        "term": pa.array(strings["term"], pa.string()).take(by_template),
        "mechanism": pa.array(strings["mechanism"], pa.string()).take(by_template),
        "value": pa.array(values, pa.float64()),
        "knocked": pa.array(knocked, pa.bool_())
        if any_knocked
        else pa.repeat(pa.scalar(False), count),
        "utility": pa.array(utilities, pa.float64()).take(by_option),
        "probability": pa.array(probabilities, pa.float64()).take(by_option),
        "chosen": pa.array(chosen, pa.bool_()),
        "precision": pa.array(per_decision["precision"], pa.float64()).take(by_row),
        "draw": pa.array(per_decision["draw"], pa.float64()).take(by_row),
    }
    return pa.table(columns, schema=DECISIONS_SCHEMA)
