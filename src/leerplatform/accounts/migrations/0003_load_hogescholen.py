"""Load the real list of Dutch hogescholen (names only) into Institution."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "hogescholen.txt"


def names() -> list[str]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load(apps, schema_editor):
    Institution = apps.get_model("accounts", "Institution")
    for name in names():
        Institution.objects.get_or_create(name=name, defaults={"is_hbo": True})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
