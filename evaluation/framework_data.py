"""The default framework: five components with the weights public reports give (Baseline 10, Output 20, Outcome 30,
Impact 30, Quick Win 10), a starter set of items written from public descriptions of the national programme's
evaluation, the six national dimensions, and a default mapping for the demo masterplan's dimension codes.

Everything here is a starting point that administrators edit; services.install_default_framework() only adds what is
missing and never overwrites an edit."""

NATIONAL_DIMENSIONS = [
    ("governance", "Tata Kelola Cerdas (Smart Governance)", "Smart Governance"),
    ("branding", "Pencitraan Daerah Cerdas (Smart Branding)", "Smart Branding"),
    ("economy", "Ekonomi Cerdas (Smart Economy)", "Smart Economy"),
    ("living", "Kehidupan Cerdas (Smart Living)", "Smart Living"),
    ("society", "Masyarakat Cerdas (Smart Society)", "Smart Society"),
    ("environment", "Lingkungan Cerdas (Smart Environment)", "Smart Environment"),
]

# The demo masterplan's dimension codes (roadmap/demo/dimensions.json). A code the installation does not have is
# skipped; a dimension without a mapping shows as "unmapped" on the scorecard.
DEFAULT_MAPPING = {
    "economy": ["economy"],
    "living": ["living"],
    "mobility": ["living"],
    "environment": ["environment"],
    "government": ["governance", "branding"],
    "people": ["society"],
}

GENERIC_LEVELS = [
    "Belum ada inisiatif, kebijakan, atau dokumen terkait.",
    "Inisiatif masih berupa rencana atau baru dilaksanakan sebagian OPD secara parsial.",
    "Inisiatif telah berjalan dan didukung dokumen resmi, tetapi belum terintegrasi antar-OPD.",
    "Inisiatif berjalan terintegrasi lintas OPD serta dipantau dan dievaluasi secara berkala.",
    "Inisiatif terintegrasi penuh, berkelanjutan, berdampak terukur, dan menjadi rujukan daerah lain.",
]

SAKIP_LEVELS = [
    "{what} ≤50% (Sangat Kurang).",
    "{what} 51–65% (Kurang).",
    "{what} 66–75% (Cukup).",
    "{what} 76–90% (Baik).",
    "{what} lebih dari 90% (Sangat Baik).",
]


def _sakip(what: str) -> list[str]:
    return [text.format(what=what) for text in SAKIP_LEVELS]


COMPONENTS = [
    {
        "code": "baseline",
        "name": "Baseline",
        "name_en": "Baseline",
        "weight": "10",
        "order": 1,
        "description": "Peningkatan sejak putaran evaluasi sebelumnya.",
        "items": [
            {
                "code": "BAS-01",
                "question": "Bagaimana perubahan indeks smart city daerah dibandingkan periode evaluasi sebelumnya?",
                "rule": "baseline_change",
                "national": None,
                "levels": [
                    "Indeks turun lebih dari 0,25 poin.",
                    "Indeks turun hingga 0,25 poin.",
                    "Indeks tetap atau naik kurang dari 0,25 poin.",
                    "Indeks naik 0,25 hingga kurang dari 0,50 poin.",
                    "Indeks naik 0,50 poin atau lebih.",
                ],
            },
            {
                "code": "BAS-02",
                "question": "Sejauh mana rekomendasi hasil evaluasi tahun sebelumnya telah ditindaklanjuti?",
                "national": "governance",
                "levels": [
                    "Rekomendasi belum ditindaklanjuti.",
                    "Tindak lanjut baru direncanakan.",
                    "Sebagian rekomendasi telah ditindaklanjuti.",
                    "Sebagian besar rekomendasi telah ditindaklanjuti dengan bukti dukung.",
                    "Seluruh rekomendasi telah ditindaklanjuti dan dievaluasi hasilnya.",
                ],
            },
        ],
    },
    {
        "code": "output",
        "name": "Output",
        "name_en": "Output",
        "weight": "20",
        "order": 2,
        "description": "Kebijakan, kelembagaan, dan anggaran pendukung smart city.",
        "items": [
            {
                "code": "OUT-01",
                "question": "Apakah regulasi pendukung smart city (Perbup masterplan, kebijakan SPBE, "
                "SK Dewan dan Tim Smart City) telah ditetapkan dan terdokumentasi?",
                "rule": "output_documents",
                "national": "governance",
                "levels": [
                    "Belum ada dokumen regulasi atau penetapan yang diunggah.",
                    "Terdapat 1 dokumen.",
                    "Terdapat 2 dokumen.",
                    "Terdapat 3–4 dokumen.",
                    "Terdapat 5 dokumen atau lebih.",
                ],
            },
            {
                "code": "OUT-02",
                "question": "Apakah kelembagaan smart city (Dewan Smart City, Tim Pelaksana, Tim "
                "Teknis) telah dibentuk dan menjalankan tugasnya?",
                "national": "governance",
                "levels": GENERIC_LEVELS,
            },
            {
                "code": "OUT-03",
                "question": "Apakah setiap dimensi masterplan memperoleh alokasi anggaran (pagu) pada tahun evaluasi?",
                "rule": "output_budget",
                "national": None,
                "levels": [
                    "Kurang dari 20% dimensi memiliki pagu.",
                    "20% hingga kurang dari 40% dimensi memiliki pagu.",
                    "40% hingga kurang dari 60% dimensi memiliki pagu.",
                    "60% hingga kurang dari 100% dimensi memiliki pagu.",
                    "Seluruh dimensi memiliki pagu.",
                ],
            },
            {
                "code": "OUT-04",
                "question": "Bagaimana kesiapan infrastruktur TIK pendukung (jaringan intra "
                "pemerintah, pusat data, ruang kendali)?",
                "national": "governance",
                "levels": GENERIC_LEVELS,
            },
        ],
    },
    {
        "code": "outcome",
        "name": "Outcome",
        "name_en": "Outcome",
        "weight": "30",
        "order": 3,
        "description": "Sejauh mana masterplan dilaksanakan.",
        "items": [
            {
                "code": "OCM-01",
                "question": "Berapa persen inisiatif masterplan yang berjalan sesuai jadwal atau telah selesai?",
                "rule": "outcome_on_track",
                "national": None,
                "levels": [
                    "Kurang dari 20% inisiatif sesuai jadwal atau selesai.",
                    "20% hingga kurang dari 40%.",
                    "40% hingga kurang dari 60%.",
                    "60% hingga kurang dari 80%.",
                    "80% atau lebih.",
                ],
            },
            {
                "code": "OCM-02",
                "question": "Berapa realisasi anggaran inisiatif smart city pada tahun evaluasi?",
                "rule": "outcome_budget",
                "national": None,
                "levels": _sakip("Realisasi anggaran"),
            },
            {
                "code": "OCM-03",
                "question": "Bagaimana capaian indikator kinerja (KPI) masterplan terhadap target tahun evaluasi?",
                "rule": "outcome_kpi",
                "national": None,
                "levels": [
                    "Rata-rata capaian KPI pada kategori Sangat Kurang.",
                    "Rata-rata pada kategori Kurang.",
                    "Rata-rata pada kategori Cukup.",
                    "Rata-rata pada kategori Baik.",
                    "Rata-rata pada kategori Sangat Baik.",
                ],
            },
            {
                "code": "OCM-04",
                "question": "Apakah pelaksanaan masterplan dipantau dan dilaporkan secara berkala setiap triwulan?",
                "national": "governance",
                "levels": GENERIC_LEVELS,
            },
        ],
    },
    {
        "code": "impact",
        "name": "Impact",
        "name_en": "Impact",
        "weight": "30",
        "order": 4,
        "description": "Manfaat bagi masyarakat.",
        "items": [
            {
                "code": "IMP-01",
                "question": "Seberapa besar manfaat layanan publik digital bagi masyarakat "
                "(kecepatan, kemudahan, keterbukaan)?",
                "national": "governance",
                "levels": GENERIC_LEVELS,
            },
            {
                "code": "IMP-02",
                "question": "Bagaimana dampak inisiatif terhadap citra dan daya tarik daerah "
                "(pariwisata, promosi, investasi)?",
                "national": "branding",
                "levels": GENERIC_LEVELS,
            },
            {
                "code": "IMP-03",
                "question": "Bagaimana dampak inisiatif terhadap perekonomian daerah (UMKM, transaksi "
                "nontunai, lapangan kerja)?",
                "national": "economy",
                "levels": GENERIC_LEVELS,
            },
            {
                "code": "IMP-04",
                "question": "Bagaimana dampak inisiatif terhadap kualitas hidup warga (kesehatan, "
                "keamanan, transportasi)?",
                "national": "living",
                "levels": GENERIC_LEVELS,
            },
            {
                "code": "IMP-05",
                "question": "Bagaimana partisipasi dan literasi digital masyarakat dalam layanan smart city?",
                "national": "society",
                "levels": GENERIC_LEVELS,
            },
            {
                "code": "IMP-06",
                "question": "Bagaimana dampak inisiatif terhadap pengelolaan lingkungan hidup "
                "(sampah, air, energi, kebencanaan)?",
                "national": "environment",
                "levels": GENERIC_LEVELS,
            },
        ],
    },
    {
        "code": "quick-win",
        "name": "Quick Win",
        "name_en": "Quick Win",
        "weight": "10",
        "order": 5,
        "description": "Inovasi quick win yang manfaatnya segera dirasakan.",
        "items": [
            {
                "code": "QW-01",
                "question": "Berapa persen inisiatif quick win yang telah selesai dilaksanakan?",
                "rule": "quick_win",
                "national": None,
                "levels": _sakip("Inisiatif quick win yang selesai"),
            },
            {
                "code": "QW-02",
                "question": "Apakah inovasi quick win dirasakan langsung oleh masyarakat dan dapat direplikasi?",
                "national": "society",
                "levels": GENERIC_LEVELS,
            },
        ],
    },
]
