"""Queries compiled once per process, for the few that run on every API request.

Profiling the assessment API (py-spy on a gunicorn worker) showed most of a request's time
going to Django compiling its three small queries to SQL, not to the database: each
compile costs more than the query. A `PreparedQuery` is an ordinary queryset, built once
with placeholder values and compiled once per database; each call runs that SQL with the
real values and turns the rows into values or model instances through the ORM's own
converters, so the results are exactly what the queryset would give.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, int]  # parameter name -> its position among the SQL's parameters
    compiler: SQLCompiler
    converters: dict[int, Any]
    attnames: list[str] | None  # the model fields of the main model's columns, for instances; None for values
    model_columns: slice  # where the main model's columns sit in a row
    populators: list[Any]  # Django's own RelatedPopulators, for the select_related instances


class PreparedQuery:
    """A queryset compiled once, run many times.

    `build(**values)` makes the queryset; it is called once with `placeholders` (values no
    real call passes: each must appear exactly once among the SQL's parameters). The query
    selects model instances (with any `select_related`, filled in as the queryset would:
    the API's token check reads the token, its person, user and organisation in one query)
    or `values_list(...)`.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]], **placeholders: int | str):
        self.build = build
        self.placeholders = placeholders
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    def _plan(self, alias: str) -> _Plan:
        plan = self._plans.get(alias)
        if plan is not None:
            return plan
        queryset = self.build(**self.placeholders)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = {}
        for name, value in self.placeholders.items():
            found = [i for i, param in enumerate(params) if param == value and type(param) is type(value)]
            if len(found) != 1:
                raise ValueError(f"the placeholder for {name} appears {len(found)} times in the SQL")
            slots[name] = found[0]
        columns = [expression for expression, _, _ in compiler.select]
        model_query = issubclass(queryset._iterable_class, ModelIterable)
        model_columns, attnames, populators = slice(0, len(columns)), None, []
        if model_query:  # as ModelIterable reads a row
            klass_info = compiler.klass_info
            fields = klass_info["select_fields"]
            model_columns = slice(fields[0], fields[-1] + 1)
            attnames = [column.target.attname for column in columns[model_columns]]
            # Django 5.2's signature; the type stubs already describe a later one.
            populators = get_related_populators(klass_info, compiler.select, alias)  # type: ignore[call-arg]
        plan = _Plan(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters(columns),
            attnames=attnames,
            model_columns=model_columns,
            populators=populators,
        )
        with self._lock:
            self._plans[alias] = plan
        return plan

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values: int | str) -> list[tuple[Any, ...]]:
        """The rows for these values, each a tuple in the order of the selected columns."""
        plan = self._plan(using)
        params = list(plan.params)
        for name, position in plan.slots.items():
            params[position] = values[name]
        with connections[using].cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = [tuple(row) for row in plan.compiler.apply_converters(rows, plan.converters)]
        return rows

    def all(self, using: str = DEFAULT_DB_ALIAS, **values: int | str) -> list[Any]:
        """Every row's model instance (or values tuple)."""
        rows = self.rows(using, **values)
        plan = self._plans[using]
        if plan.attnames is None:
            return rows
        return [_instance(plan, using, row) for row in rows]

    def first(self, using: str = DEFAULT_DB_ALIAS, **values: int | str) -> Any:
        """The first row's model instance (or values tuple), or None."""
        rows = self.rows(using, **values)
        if not rows:
            return None
        plan = self._plans[using]
        if plan.attnames is None:
            return rows[0]
        return _instance(plan, using, rows[0])


def _instance(plan: _Plan, using: str, row: tuple[Any, ...]) -> Model:
    model: type[Model] = plan.compiler.query.model  # type: ignore[assignment]
    obj = model.from_db(using, plan.attnames or [], row[plan.model_columns])
    for populator in plan.populators:
        populator.populate(row, obj)
    return obj
