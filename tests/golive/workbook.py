"""A complete masterplan workbook built with openpyxl: the narrative and the national programme's six dimensions
(governance, branding, economy, living, society, environment), none of them the demo's codes."""

import openpyxl

START = 2027
YEARS = list(range(START, START + 5))
DIMENSIONS = [
    ("governance", "Tata Kelola Cerdas", "Smart Governance", "#1D4ED8"),
    ("branding", "Branding Cerdas", "Smart Branding", "#BE185D"),
    ("economy", "Ekonomi Cerdas", "Smart Economy", "#A16207"),
    ("living", "Lingkungan Hidup Cerdas", "Smart Living", "#0F766E"),
    ("society", "Masyarakat Cerdas", "Smart Society", "#7C3AED"),
    ("environment", "Lingkungan Cerdas", "Smart Environment", "#15803D"),
]
KINDS = ["existing", "problem", "uniqueness", "potential"]


def sheets(title="Masterplan Smart City Kabupaten Contoh 2027–2031", vision="Kabupaten cerdas yang melayani."):
    data = {
        "masterplan": (
            ["title", "start_year", "end_year", "vision", "mission", "description"],
            [
                [
                    title,
                    START,
                    START + 4,
                    vision,
                    "1. Melayani warga.\n2. Membangun ekonomi digital.",
                    "Rencana induk lima tahun.",
                ]
            ],
        ),
        "years": (["year", "theme", "focus"], [[y, f"Tema {y}", f"Fokus {y}"] for y in YEARS]),
        "opds": (
            ["code", "abbreviation", "name", "email"],
            [
                ["DISKOMINFO", "Diskominfo", "Dinas Komunikasi dan Informatika", "kominfo@contoh.go.id"],
                ["BAPPEDA", "Bappeda", "Badan Perencanaan Pembangunan Daerah", "bappeda@contoh.go.id"],
            ],
        ),
        "dimensions": (
            ["code", "name", "name_en", "order", "colour"],
            [[c, n, en, i, col] for i, (c, n, en, col) in enumerate(DIMENSIONS, start=1)],
        ),
        "sub_dimensions": (
            ["dimension", "code", "name", "order"],
            [[c, f"{c}-1", f"Elemen {n}", 1] for c, n, _en, _col in DIMENSIONS],
        ),
        "findings": (
            ["dimension", "kind", "text", "order", "source"],
            [
                [c, kind, f"{kind} {c}", order, "RPJMD"]
                for c, *_ in DIMENSIONS
                for order, kind in enumerate(KINDS, start=1)
            ],
        ),
        "indicators": (
            [
                "code",
                "name",
                "dimension",
                "opd",
                "unit",
                "direction",
                "baseline",
                "baseline_year",
                *[f"target_{y}" for y in YEARS],
            ],
            [
                [
                    f"{c[:3].upper()}-K1",
                    f"Indikator {c}",
                    c,
                    "BAPPEDA",
                    "%",
                    "up",
                    10,
                    START - 1,
                    *[10 + 5 * i for i in range(1, 6)],
                ]
                for c, *_ in DIMENSIONS
            ],
        ),
        "initiatives": (
            [
                "code",
                "title",
                "description",
                "dimension",
                "opd",
                "supporting_opds",
                "horizon",
                "start_year",
                "end_year",
                "status",
                "progress",
                "sub_dimension",
                "indicators",
                *[f"budget_{y}" for y in YEARS],
            ],
            [
                [
                    f"{c[:3].upper()}-{n}",
                    f"Inisiatif {c} {n}",
                    "Uraian.",
                    c,
                    "DISKOMINFO",
                    "BAPPEDA",
                    "medium",
                    START,
                    START + 2,
                    "in_progress" if n == 1 else "planned",
                    20 if n == 1 else 0,
                    f"{c}-1",
                    f"{c[:3].upper()}-K1",
                    100_000_000,
                    200_000_000,
                    300_000_000,
                    None,
                    None,
                ]
                for c, *_ in DIMENSIONS
                for n in (1, 2)
            ],
        ),
        "milestones": (
            ["initiative", "title", "due_date"],
            [[f"{c[:3].upper()}-1", "Peluncuran", f"{START}-11-30"] for c, *_ in DIMENSIONS],
        ),
    }
    return data


def write(path, data=None):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in (data or sheets()).items():
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path
