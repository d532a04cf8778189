"""Background tasks: work too long for a web request, run by `ladders worker`.

Tasks are django-tasks tasks (`@task`), queued in the database (`django_tasks_db`), so
SQLite needs nothing else and several workers can share one PostgreSQL database. Each
task takes ids, not objects, and records its progress and outcome on a row the page reads.
"""

from __future__ import annotations

from django_tasks import task


@task()
def people_import_task(import_id: int) -> int:
    """Import the people of one stored CSV file (`ladders.leveling.imports.people_import_run`)."""
    from ladders.leveling.imports import people_import_run

    people_import_run(import_id=import_id)
    return import_id


@task()
def export_task(export_id: int) -> int:
    """Build one queued CSV export (`ladders.leveling.exports.export_run`)."""
    from ladders.leveling.exports import export_run

    export_run(export_id=export_id)
    return export_id


@task()
def facts_rebuild_task(rebuild_id: int) -> int:
    """Rewrite an organisation's facts records (`ladders.leveling.facts_rebuilds.facts_rebuild_run`)."""
    from ladders.leveling.facts_rebuilds import facts_rebuild_run

    facts_rebuild_run(rebuild_id=rebuild_id)
    return rebuild_id
