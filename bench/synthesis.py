"""`make bench`: the region's synthesis as PDF/A, against a one-page floor.

A fresh SQLite database gets the demo (`load_demo`), then region sør's programme gets 17
municipalities taking part in the second half of 2015 and a synthesis of them written
the way seed 003 is: an introduction, a section per municipality (some 900 characters
and two indicator sentences each), the closing section, the money table and four
indicator tables of 17 rows, each drawn as a bar chart (Vega-Lite → SVG). The step
measured is what the background task does (boso.reports.documents_synthesis.synthesis_pdf:
reading, charts, typesetting); the floor is render_pdf of the same template with no
municipalities, no tables and no charts: one page. Each figure is the median of three
renderings in a process of its own, so peak memory is the step's own. The goal is under
10 s. Writes its figures under "synthesis_pdf" in bench/results.json, keeping the rest.

  python bench/synthesis.py [--municipalities 17] [--out bench/results.json]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import development_env, machine, run_script  # noqa: E402

REPETITIONS = 3
GOAL_SECONDS = 10.0
# Region sør's municipalities on the 2015 structure (the seed's eleven and six more).
CODES = [
    *("0602", "0605", "0625", "0702", "0704", "0706", "0709", "0805", "0806"),
    *("0906", "1001", "1002", "0904", "0701", "0722", "0604", "0807"),
]
INDICATORS = (
    ("Husstander på venteliste til kommunal bolig", "husstander"),
    ("Bostedsløse", "personer"),
    ("Husstander som har kjøpt bolig med startlån", "husstander"),
    ("Utkastelser", "saker"),
)
PARAGRAPH = (
    "Kommunen har i perioden arbeidet videre med delprosjektene i programplanen. "
    "Leie til eie-prosjektet har ført til at flere husstander har kjøpt den kommunale "
    "boligen de tidligere har leid, og metoden er nå en del av ordinær drift. "
    "Tverrfaglig samarbeid mellom NAV, helse og velferd og eiendomsenheten er styrket. "
    "Ny boligsosial handlingsplan er vedtatt i kommunestyret, og rutinene for tildeling "
    "av kommunale boliger er revidert. Arbeidet med kartlegging av boligmassen fortsetter, "
    "og prosjektet «Housing First» har nå flere aktive deltakere enn ved oppstart."
)


# In the worker process (Django set up) ----------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _figures(names: list[str]) -> dict[str, Any]:
    """The tables as synthesis_draft stores them, for every municipality."""
    rows: list[dict[str, Any]] = [
        {
            "municipality": name,
            "granted": str(Decimal(750_000 + 25_000 * n)),
            "spent": {"wages": str(Decimal(400_000 + 1_000 * n)), "other": "100000"},
            "spent_total": str(Decimal(500_000 + 1_000 * n)),
            "reported": True,
        }
        for n, name in enumerate(names)
    ]
    totals = {
        key: str(sum((Decimal(r["spent"][key]) for r in rows), Decimal(0)))
        for key in ("wages", "other")
    }
    totals["granted"] = str(sum((Decimal(r["granted"]) for r in rows), Decimal(0)))
    totals["spent_total"] = str(sum((Decimal(r["spent_total"]) for r in rows), Decimal(0)))
    indicators = [
        {
            "name": name,
            "unit": unit,
            "rows": [
                {
                    "municipality": m,
                    "baseline": str(40 + n),
                    "baseline_period": "2010",
                    "actual": str(20 + (n * 7) % 35),
                    "period": "2015H2",
                    "change": str(round(Decimal(20 + (n * 7) % 35 - 40 - n) / (40 + n), 4)),
                }
                for n, m in enumerate(names)
            ],
        }
        for name, unit in INDICATORS
    ]
    return {"money": {"rows": rows, "totals": totals}, "indicators": indicators}


def prepare(count: int) -> int:
    """Region sør's programme with `count` municipalities and their synthesis; its id."""
    from django.db import transaction

    from boso.demo.programme_story import SOR, TIER
    from boso.municipalities.selectors import municipality_get
    from boso.programmes.models import Participation, Programme
    from boso.reports import synthesis
    from boso.reports.models import Synthesis
    from boso.selection.models import Tier

    starts_on, ends_on = datetime.date(2015, 7, 1), datetime.date(2015, 12, 31)
    with transaction.atomic():
        programme = Programme.objects.get(region__slug=SOR.region, name=SOR.name)
        tier = Tier.objects.get(code=TIER)
        for code in CODES[:count]:
            municipality = municipality_get(code, day=datetime.date(2015, 1, 1))
            Participation.objects.get_or_create(
                programme=programme,
                municipality=municipality,
                defaults={"tier": tier, "starts_on": datetime.date(2012, 1, 1), "ends_on": ends_on},
            )
        made = synthesis.synthesis_draft(
            programme=programme, title="Benk: 2. halvår 2015", starts_on=starts_on, ends_on=ends_on
        )
        texts = {
            p.pk: f"{PARAGRAPH}\n\n{PARAGRAPH[:400]}\n\n"
            "Husstander på venteliste: fra 35 (2010) til 12 (2015H2), −66 %. "
            "Bostedsløse: fra 20 (2010) til 9 (2015H2), −55 %."
            for p in made.paragraphs.all()
        }
        made = synthesis.synthesis_save(
            synthesis=made,
            expected_revision=made.revision,
            introduction=PARAGRAPH,
            closing=f"{PARAGRAPH}\n\n{PARAGRAPH}",
            paragraphs=texts,
        )
        names = [p.participation.municipality.name for p in made.paragraphs.all()]
        # The tables as the draft would have them had every municipality reported.
        Synthesis.objects.filter(pk=made.pk).update(figures=_figures(names))
    return int(made.pk)


def _pages(pdf: bytes) -> int:
    """pdfinfo's count (the page objects are compressed, so not countable in the bytes)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(  # noqa: S603 (a fixed tool on our own file)
            ["pdfinfo", file.name],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else 0


def measure(step: str, synthesis_id: int) -> dict[str, float]:
    from boso.documents.renderers import render_pdf
    from boso.reports.documents_synthesis import TEMPLATE, synthesis_context, synthesis_pdf
    from boso.reports.models import Synthesis

    found = Synthesis.objects.select_related("programme__region").get(pk=synthesis_id)

    def floor() -> bytes:
        context = synthesis_context(found)
        context |= {"municipalities": [], "closing": [], "indicators": [], "introduction": []}
        context["money"] = {"headers": [], "rows": [], "totals": context["money"]["totals"]}
        return render_pdf(TEMPLATE, context)

    make = floor if step == "floor" else (lambda: synthesis_pdf(found))
    make()  # warm: WeasyPrint's fonts and Vega's engine load once per process
    times, size = [], 0
    for _ in range(REPETITIONS):
        start = time.perf_counter()
        size = len(make())
        times.append(time.perf_counter() - start)
    pages = _pages(make())
    return {
        "seconds": statistics.median(times),
        "bytes": size,
        "pages": pages,
        "peak_rss_mb": _peak_mb(),
    }


def worker(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boso.settings")
    import django

    django.setup()
    if argv[0] == "prepare":
        print(json.dumps({"synthesis": prepare(int(argv[1]))}))
    else:
        print(json.dumps(measure(argv[0], int(argv[1]))))


# The harness ------------------------------------------------------------------------------


def _database() -> Path:
    path = ROOT / "var" / "bench" / f"synthesis-{os.getpid()}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _drop(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(count: int) -> dict[str, Any]:
    path = _database()
    _drop(path)
    env = development_env(f"sqlite:///{path}")
    me = ["-m", "bench.synthesis", "worker"]
    try:
        run_script(["manage.py", "migrate", "--no-input", "-v0"], env)
        run_script(["manage.py", "load_demo"], env)
        synthesis_id = json.loads(run_script([*me, "prepare", str(count)], env))["synthesis"]
        floor = json.loads(run_script([*me, "floor", str(synthesis_id)], env))
        pdf = json.loads(run_script([*me, "pdf", str(synthesis_id)], env))
    finally:
        _drop(path)
    return {
        "municipalities": count,
        "indicator_charts": len(INDICATORS),
        "repetitions": REPETITIONS,
        "floor": floor,
        "pdf": pdf,
        "ratio_to_floor": pdf["seconds"] / floor["seconds"] if floor["seconds"] else 0.0,
        "goal_seconds": GOAL_SECONDS,
    }


def table(r: dict[str, Any]) -> str:
    floor, pdf = r["floor"], r["pdf"]
    return "\n".join(
        [
            f"synthesis PDF/A, {r['municipalities']} municipalities, "
            f"{r['indicator_charts']} charts (goal < {GOAL_SECONDS:.0f} s)",
            "| step | seconds (median of 3) | ratio to floor | pages | peak MB |",
            "|---|---:|---:|---:|---:|",
            f"| floor (one page, render_pdf) | {floor['seconds']:.2f} | 1 | {floor['pages']} | "
            f"{floor['peak_rss_mb']:.0f} |",
            f"| synthesis_pdf | {pdf['seconds']:.2f} | {r['ratio_to_floor']:.1f} | "
            f"{pdf['pages']} | {pdf['peak_rss_mb']:.0f} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=17, choices=range(1, 18))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    result = run(args.municipalities)
    report = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    report["synthesis_pdf"] = {
        **result,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2:])
    else:
        main()
