"""The one choice model: a logit (quantal response) choice among named options.

A decision is a choice among named options. Each option's utility is a sum of named terms,
each term one mechanism's contribution (``M1`` .. ``M10``, or ``base`` for what belongs to
no mechanism: a status-quo bias, a constraint). A quantal-response rule (McKelvey and
Palfrey 1995; Signorino 1999 for strategic choice in international relations) with
precision ``λ`` (the "rationality" parameter) turns utilities into probabilities::

    P(i) = exp(λ U_i) / Σ_j exp(λ U_j)

``λ = 0`` chooses uniformly; ``λ → ∞`` chooses the best option (ties: uniformly among the
best). An option whose utility is ``-inf`` is unavailable (probability 0 at every ``λ``); at
least one option must be available. A knockout (a set of mechanism ids) drops the terms of
those mechanisms when utilities are summed; their values are still recorded, flagged.

**Randomness.** Every decision draws exactly ONE uniform from the run's numpy Generator, also
with a single option or ``λ = ∞``, so that the order of draws in a run never depends on the
utilities. The chosen option is the first whose cumulative probability exceeds the draw.

**Speed.** The structure of a decision (options, term names and mechanisms) is a
:class:`DecisionSpec`, built once; a call passes only the term values, flat, in the
spec's ``layout`` order. The hot path is plain Python over a few floats (faster than numpy
for two to four options) and allocates only the small list of utilities and the record;
its sums and the pick are code generated once per decision and knockout with the loops
unrolled (:mod:`sim.core.choice_code`), bit for bit the generic :func:`pick`.

**Record.** :class:`Choice` holds what a recorder needs to write ``decisions.parquet``,
one row per term of every option of a decision (:meth:`Choice.rows`), in
:data:`DECISION_COLUMNS` order:

========== ======= =========================================================================
column     type    meaning
========== ======= =========================================================================
run_id     string  the run
step       int64   the step (month) of the decision
actor      string  who decides (USA, ROK, JPN, CHN, PRK)
decision   string  the decision's name (e.g. ``dispute``, ``gsomia_notice``)
subject    string  what it is about: an agenda item or dispute id ("" for a monthly one)
option     string  one option of the decision
term       string  one term of that option's utility ("" for an option without terms)
mechanism  string  the term's mechanism id, ``M1`` .. ``M10`` or ``base`` ("" as above)
value      float64 the term's value (recorded even when knocked out)
knocked    bool    the term's mechanism is knocked out: it did not enter the utility
utility    float64 the option's utility (sum of its terms not knocked out)
probability float64 the option's choice probability
chosen     bool    this option was chosen
precision  float64 the logit precision λ of the decision
draw       float64 the uniform drawn for the decision (the same on every row of it)
========== ======= =========================================================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import numpy as np

from sim.core.choice_code import Chooser, compile_chooser

MECHANISMS: tuple[str, ...] = ("base", *(f"M{i}" for i in range(1, 11)))
DECISION_COLUMNS: tuple[str, ...] = (
    "run_id", "step", "actor", "decision", "subject", "option", "term", "mechanism", "value",
    "knocked", "utility", "probability", "chosen", "precision", "draw",
)  # fmt: skip
#: Arrow type aliases of the columns (``pyarrow.type_for_alias``), for the recorder.
DECISION_TYPES: dict[str, str] = dict(
    zip(DECISION_COLUMNS, ("string", "int64", "string", "string", "string", "string", "string",
                           "string",
                           "float64", "bool", "float64", "float64", "bool", "float64",
                           "float64"), strict=True)
)  # fmt: skip
NO_KNOCKOUT: frozenset[str] = frozenset()
_INF = math.inf


class DecisionSpec:
    """The structure of one decision: its options and the named terms of each utility.

    ``options`` maps each option's name to its terms, ``(term name, mechanism id)`` pairs,
    in order; the flat ``layout`` (option by option, term by term) is the order of the
    values passed to :meth:`choose`.
    """

    __slots__ = ("name", "options", "terms", "layout", "_spans", "_active", "_choosers", "_size")

    def __init__(self, name: str, options: Mapping[str, Sequence[tuple[str, str]]]) -> None:
        if not options:
            raise ValueError(f"decision {name!r}: no options")
        self.name = name
        self.options: tuple[str, ...] = tuple(options)
        self.terms: tuple[tuple[tuple[str, str], ...], ...] = tuple(
            tuple((str(t), str(m)) for t, m in options[o]) for o in self.options
        )
        for option, terms in zip(self.options, self.terms, strict=True):
            for term, mechanism in terms:
                if mechanism not in MECHANISMS:
                    raise ValueError(
                        f"decision {name!r}, option {option!r}, term {term!r}: "
                        f"mechanism {mechanism!r} is not one of {', '.join(MECHANISMS)}"
                    )
        self.layout: tuple[tuple[str, str, str], ...] = tuple(
            (o, t, m) for o, terms in zip(self.options, self.terms, strict=True) for t, m in terms
        )
        spans, start = [], 0
        for terms in self.terms:
            spans.append(range(start, start + len(terms)))
            start += len(terms)
        self._spans: tuple[range, ...] = tuple(spans)
        self._active: dict[frozenset[str], tuple[itemgetter, ...]] = {}
        self._choosers: dict[frozenset[str], Chooser] = {}
        self._size = len(self.layout)

    def active(self, knockout: frozenset[str]) -> tuple[itemgetter, ...]:
        """Per option, a getter of the values of its terms that are not knocked out.

        Each getter returns a tuple (a slice where the terms are contiguous), cached per
        knockout set.
        """
        found = self._active.get(knockout)
        if found is None:
            found = tuple(
                _getter([i for i in span if self.layout[i][2] not in knockout])
                for span in self._spans
            )
            self._active[knockout] = found
        return found

    def chooser(self, knockout: frozenset[str]) -> Chooser:
        """The generated hot path of :meth:`choose` for ``knockout`` (cached per knockout).

        ``chooser(values, precision, draw)`` returns the utilities (each the sum of its
        option's terms not knocked out) and the chosen index, exactly as summing
        :meth:`active`'s getters and :func:`pick` would (:mod:`sim.core.choice_code`).
        """
        found = self._choosers.get(knockout)
        if found is None:
            layout = self.layout
            groups = [[i for i in span if layout[i][2] not in knockout] for span in self._spans]
            found = self._choosers[knockout] = compile_chooser(groups, pick)
        return found

    def choose(
        self,
        rng: np.random.Generator,
        values: Sequence[float],
        actor: str,
        precision: float,
        knockout: frozenset[str] = NO_KNOCKOUT,
    ) -> Choice:
        """Draw one uniform and choose an option by the logit rule over the utilities."""
        draw = rng.random()  # first, always: one draw per decision whatever the utilities
        if len(values) != self._size:
            raise ValueError(f"decision {self.name!r}: {len(values)} values for {self._size} terms")
        chooser = self._choosers.get(knockout) or self.chooser(knockout)
        utilities, chosen = chooser(values, precision, draw)
        return Choice(self, actor, tuple(values), utilities, precision, knockout, draw, chosen)


def _getter(positions: list[int]) -> itemgetter:
    """A getter returning the values at ``positions`` as a tuple (a slice if contiguous)."""
    if not positions or positions == list(range(positions[0], positions[-1] + 1)):
        start = positions[0] if positions else 0
        return itemgetter(slice(start, start + len(positions)))
    return itemgetter(*positions)


def weights(utilities: Sequence[float], precision: float) -> list[float]:
    """Unnormalised logit weights ``exp(λ (U_i - max U))``; 0 for unavailable options.

    ``λ = 0``: weight 1 for every available option; ``λ = ∞``: weight 1 for every best
    option, 0 for the others.
    """
    top = max(utilities)
    if not top > -_INF:  # also NaN
        raise ValueError(f"no available option, or a NaN utility: {tuple(utilities)}")
    if precision > 0.0 and precision != _INF:
        exp = math.exp
        return [exp(precision * (u - top)) for u in utilities]  # exp(-inf) = 0: unavailable
    if precision == 0.0:
        return [1.0 if u > -_INF else 0.0 for u in utilities]
    if precision == _INF:
        return [1.0 if u == top else 0.0 for u in utilities]
    raise ValueError(f"precision must be >= 0, got {precision}")


def pick(utilities: Sequence[float], precision: float, draw: float) -> int:
    """The option chosen by the uniform ``draw``: first whose cumulative share exceeds it."""
    if len(utilities) == 2 and 0.0 < precision < _INF:  # the common case, in closed form
        gap = precision * (utilities[1] - utilities[0])
        if gap != gap:
            weights(utilities, precision)  # raises: no available option, or NaN
            raise ValueError(f"utilities must not be NaN: {tuple(utilities)}")
        if gap >= 0.0:
            odds = math.exp(-gap)
            return 0 if draw < odds / (1.0 + odds) else 1
        return 0 if draw < 1.0 / (1.0 + math.exp(gap)) else 1
    top = max(utilities)
    if 0.0 < precision < _INF and top > -_INF:  # weights(), inlined: the hot case
        exp = math.exp
        w = [exp(precision * (u - top)) for u in utilities]
    else:
        w = weights(utilities, precision)
    threshold = draw * sum(w)
    if threshold != threshold:
        raise ValueError(f"utilities must not be NaN: {tuple(utilities)}")
    last = 0
    for index, weight in enumerate(w):
        if weight > 0.0:
            last = index
            threshold -= weight
            if threshold < 0.0:
                return index
    return last  # rounding: the draw fell on the total


def probabilities(utilities: Sequence[float], precision: float) -> tuple[float, ...]:
    """The logit choice probabilities of the options."""
    w = weights(utilities, precision)
    total = sum(w)
    return tuple(x / total for x in w)


class Choice:
    """One decision as made: what a recorder turns into rows of ``decisions.parquet``."""

    __slots__ = (
        "spec", "actor", "subject", "values", "utilities", "precision", "knockout", "draw",
        "chosen", "option",
    )  # fmt: skip

    def __init__(
        self,
        spec: DecisionSpec,
        actor: str,
        values: tuple[float, ...],
        utilities: list[float],
        precision: float,
        knockout: frozenset[str],
        draw: float,
        chosen: int,
    ) -> None:
        self.spec = spec
        self.actor = actor
        self.values = values
        self.utilities = utilities
        self.precision = precision
        self.knockout = knockout
        self.draw = draw
        self.chosen = chosen
        #: The chosen option's name (an attribute, not a property: policies read it often).
        self.option: str = spec.options[chosen]
        self.subject = ""  # set by whoever records it: the agenda item or dispute id

    @property
    def decision(self) -> str:
        """The decision's name."""
        return self.spec.name

    @property
    def options(self) -> tuple[str, ...]:
        """The option names, in order."""
        return self.spec.options

    @property
    def probabilities(self) -> tuple[float, ...]:
        """The choice probability of each option (computed when asked)."""
        return probabilities(self.utilities, self.precision)

    def term_values(self, option: str) -> dict[str, float]:
        """The values of an option's terms by name (knocked-out terms included)."""
        return {
            t: v for (o, t, _), v in zip(self.spec.layout, self.values, strict=True) if o == option
        }

    def rows(self, run_id: str, step: int) -> list[tuple[Any, ...]]:
        """Rows of ``decisions.parquet`` (:data:`DECISION_COLUMNS` order), one per term."""
        head = (run_id, step, self.actor, self.spec.name, self.subject)
        probs, rows, position = self.probabilities, [], 0
        for index, (option, terms) in enumerate(
            zip(self.spec.options, self.spec.terms, strict=True)
        ):
            tail = (
                self.utilities[index],
                probs[index],
                index == self.chosen,
                self.precision,
                self.draw,
            )
            if not terms:
                rows.append((*head, option, "", "", 0.0, False, *tail))
            for term, mechanism in terms:
                value = float(self.values[position])
                knocked = mechanism in self.knockout
                rows.append((*head, option, term, mechanism, value, knocked, *tail))
                position += 1
        return rows

    def __repr__(self) -> str:
        utilities = ", ".join(
            f"{o}={u:.3g}" for o, u in zip(self.options, self.utilities, strict=True)
        )
        return f"Choice({self.actor} {self.spec.name}: {self.option}; {utilities})"
