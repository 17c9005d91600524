"""Reads made on nearly every request, their SQL written by the ORM once per connection.

Django writes a query's SQL afresh each time it runs. For the few rows a page
reads at a time, writing it cost more than the database's own work: the plan's
read of eight weeks of sessions spent 0.4 ms building its query and 0.14 ms
running it. A `Prepared` read is an ordinary queryset whose changing values are
`Param`s. Its first run on a database connection has the ORM write its SQL and
find the converters of the columns it reads; every later run adapts the values
as the ORM would, executes the same SQL, and converts the rows as the ORM
would. Only the values change between runs, so the SQL written once is the SQL
the ORM would have written each time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Field, Model, QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.db.models.sql.compiler import SQLCompiler


class Param(Expression):
    """A value given at each run, adapted for the database as `field` adapts its own values."""

    def __init__(self, name: str, field: Field[Any, Any]) -> None:
        super().__init__(output_field=field)
        self.name = name

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        # The parameter itself stands in the compiled parameters, to be swapped
        # for the run's value: the SQL has a placeholder wherever it goes.
        return "%s", [self]

    def adapt(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        return self.output_field.get_db_prep_value(value, connection, prepared=False)


Converter = tuple[int, tuple[Callable[..., Any], ...], Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    converters: tuple[Converter, ...]
    names: frozenset[str]
    # For a queryset of model objects: the model, where its columns are in a
    # row and the attribute each fills, and where each annotation is.
    model: type[Model] | None = None
    columns: slice = field(default_factory=lambda: slice(None))
    attnames: tuple[str, ...] = ()
    annotations: tuple[tuple[str, int], ...] = ()
    flat: bool = False
    nothing: bool = False


class Prepared:
    """A read given as `build`, a function returning its queryset: rows, or model objects, with fresh values each run.

    The queryset may be `values_list()` (rows are tuples, or values with
    flat=True) or model objects of one model, with any annotations as their
    attributes (no select_related); any other shape is refused when it is first run.
    """

    def __init__(self, build: Callable[[], QuerySet[Any, Any]]) -> None:
        # Built at first use, not at import: models are not ready when modules load.
        self.build = build
        self._compiled: WeakKeyDictionary[BaseDatabaseWrapper, _Compiled] = WeakKeyDictionary()
        self._using: str | None = None

    def all(self, **values: Any) -> list[Any]:
        """Every row (a tuple, a flat value, or a model object, as the queryset gives)."""
        connection = connections[self._alias()]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = _compile(self.build(), connection)
        if compiled.nothing:
            return []
        if values.keys() != compiled.names:
            raise TypeError(f"this read takes the values {sorted(compiled.names)}, not {sorted(values)}")
        params = [each.adapt(values[each.name], connection) if isinstance(each, Param) else each
                  for each in compiled.params]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: Sequence[Any] = cursor.fetchall()
        if compiled.converters:
            rows = [_converted(row, compiled.converters, connection) for row in rows]
        if compiled.model is not None:
            return [_instance(compiled, connection.alias, row) for row in rows]
        if compiled.flat:
            return [row[0] for row in rows]
        return list(rows)

    def first(self, **values: Any) -> Any:
        """The first row or object, or None when there is none."""
        found = self.all(**values)
        return found[0] if found else None

    def _alias(self) -> str:
        if self._using is None:
            self._using = self.build().db
        return self._using


def _instance(compiled: _Compiled, alias: str, row: tuple[Any, ...]) -> Model:
    assert compiled.model is not None
    instance = compiled.model.from_db(alias, compiled.attnames, row[compiled.columns])
    for name, position in compiled.annotations:
        setattr(instance, name, row[position])
    return instance


def _converted(row: tuple[Any, ...], converters: tuple[Converter, ...], connection: BaseDatabaseWrapper) -> Any:
    row_list = list(row)
    for position, functions, expression in converters:
        value = row_list[position]
        for function in functions:
            value = function(value, expression, connection)
        row_list[position] = value
    return tuple(row_list)


def _compile(queryset: QuerySet[Any, Any], connection: BaseDatabaseWrapper) -> _Compiled:
    compiler = queryset.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        # A filter nothing can match (such as id__in=[]): the ORM answers
        # nothing without asking the database, and so does this read.
        return _Compiled("", (), (), frozenset(), nothing=True)
    columns = compiler.select[: compiler.col_count]
    # The converters the ORM itself applies, in the order it applies them (SQLCompiler.results_iter).
    found = compiler.get_converters([column[0] for column in columns])
    converters = tuple((position, tuple(functions), expression) for position, (functions, expression) in found.items())
    names = frozenset(each.name for each in params if isinstance(each, Param))
    iterable = queryset._iterable_class
    if iterable is ModelIterable:
        # As Django's ModelIterable makes them: the model's columns, then its annotations.
        info = compiler.klass_info
        if info is None or info.get("related_klass_infos"):
            raise ValueError("a prepared read of model objects reads one model's own columns only")
        own = info["select_fields"]
        return _Compiled(
            sql, tuple(params), converters, names, model=queryset.model, columns=slice(own[0], own[-1] + 1),
            attnames=tuple(columns[position][0].target.attname for position in own),
            annotations=tuple(compiler.annotation_col_map.items()),
        )
    if iterable not in (ValuesListIterable, FlatValuesListIterable):
        raise ValueError("a prepared read gives rows (values_list) or model objects")
    return _Compiled(sql, tuple(params), converters, names, flat=iterable is FlatValuesListIterable)
