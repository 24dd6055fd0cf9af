"""Helpers for the few queries written out in SQL, where the ORM took longer to build a query
than the database took to answer it (issue 18)."""

from django.db import connection


def columns_of(model, alias: str) -> str:
    """Every column of `model`'s rows, as a written-out SELECT names them from the table as
    `alias`, in the model's order: what it takes to make whole instances of the rows
    (`Model.objects.raw`, or `Model.from_db` with `as_the_orm_reads`)."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def as_the_orm_reads(rows, fields) -> list[list]:
    """`rows` of a written-out query whose columns are `fields` (model fields, in order), each
    value made what the ORM gives for its field (JSON decoded; on SQLite, dates, moments and
    true or false from their stored forms): Django's own converters, as `Model.objects.raw`
    applies them."""
    query = fields[0].model._default_manager.none().query
    compiler = query.get_compiler(connection=connection)
    columns = [field.get_col(field.model._meta.db_table) for field in fields]
    converters = compiler.get_converters(columns)
    if not converters:
        return [list(row) for row in rows]
    return list(compiler.apply_converters(rows, converters))


def update_sql(model, fields) -> str:
    """A written-out UPDATE of these `fields` of one `model` row, by id: the values are
    `values_to_save` for the fields, then the id."""
    columns = ", ".join(f'"{field.column}" = %s' for field in fields)
    return f'UPDATE "{model._meta.db_table}" SET {columns} WHERE "id" = %s'  # noqa: S608  # nosec B608


def values_to_save(instance, fields) -> list:
    """`instance`'s values of `fields`, prepared as the ORM's save prepares them (`pre_save`
    stamps an auto_now moment on the instance)."""
    return [field.get_db_prep_save(field.pre_save(instance, False), connection) for field in fields]
