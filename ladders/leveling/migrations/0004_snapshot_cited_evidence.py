"""Snapshots keep the evidence they cite; existing ones are filled from the rows still there.

A snapshot made before this migration only knew evidence ids. The best record left of what
those items said is the current evidence row, so that is copied; an item deleted since has
no row and stays out (the snapshot page names it by its id). The code is kept here, not
imported, so the migration means the same thing whatever the application code becomes.
"""

from django.db import migrations, models


def _cited(result):
    ids = {}
    for gate in (result or {}).get("gates") or []:
        for check in gate.get("checks") or []:
            ids.update(dict.fromkeys(check.get("evidence") or []))
    for pitfall in (result or {}).get("pitfalls") or []:
        ids.update(dict.fromkeys(pitfall.get("evidence") or []))
    return list(ids)


def backfill_cited_evidence(apps, schema_editor):
    Snapshot = apps.get_model("leveling", "AssessmentSnapshot")
    Evidence = apps.get_model("leveling", "Evidence")
    for snapshot in Snapshot.objects.filter(evidence={}).iterator(chunk_size=500):
        cited = _cited(snapshot.result)
        if not cited:
            continue
        rows = {
            item.slug: {
                "title": item.title,
                "kind": item.kind,
                "date": item.date.isoformat(),
                "outcome": item.outcome,
                "scope": item.scope,
            }
            for item in Evidence.objects.filter(person_id=snapshot.person_id, slug__in=cited)
        }
        snapshot.evidence = {slug: rows[slug] for slug in cited if slug in rows}
        snapshot.save(update_fields=["evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("leveling", "0003_live_assessment"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentsnapshot",
            name="evidence",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Each evidence id the result cites, as it was when frozen (title, kind, date, "
                "outcome, scope); pages show this, never the live record, so later edits rewrite nothing.",
            ),
        ),
        migrations.RunPython(backfill_cited_evidence, migrations.RunPython.noop),
    ]
