from django.db import migrations

# The pyramid of seeds 000 and 001: grunntilbud for all, satsingskommuner, and
# samarbeidsavtale at the top. Data, not code: add or rename levels in the admin.
TIERS = [
    ("grunntilbud", "Grunntilbud", 0, "Tilbudet alle kommunene i regionen får."),
    ("satsingskommune", "Satsingskommune", 1,
     "Prioritert ved fordeling av virkemidler, kompetansehevende tiltak og mer rådgivning."),
    ("samarbeidsavtale", "Samarbeidsavtale", 2,
     "Forpliktende, langsiktig samarbeid i et boligsosialt utviklingsprogram."),
]


def add_tiers(apps, schema_editor):
    Tier = apps.get_model("selection", "Tier")
    for code, name, level, description in TIERS:
        Tier.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("selection", "0001_initial")]

    operations = [migrations.RunPython(add_tiers, migrations.RunPython.noop)]
