"""Synthetic people for the demo event: about 60 attendees from Kota Serang agencies, with the
speakers, moderator, facilitators and committee. Deterministic (a fixed seed), so the demo is the
same on every machine. All names, NIPs and numbers are invented."""

from __future__ import annotations

import random
from datetime import date

# Where both demo events are held and who organises them.
SERANG_EVENT = {
    "organiser": "Pemerintah Kota Serang",
    "organising_unit": "Bappeda",
    "venue": "Aula Bappeda Kota Serang, Jl. Jenderal Sudirman No. 5",
    "city": "Kota Serang",
    "timezone": "Asia/Jakarta",
    "retention_months": 24,
    "privacy_contact": "Sekretariat Gugus Tugas KLA, Bappeda Kota Serang — kla@bappeda.serangkota.go.id",
}
# The head of Bappeda moderates in both events.
BAPPEDA_HEAD = {
    "full_name": "Ir. Tb. Ahmad Fauzi, M.T.",
    "gender": "L",
    "category": "PNS",
    "nip": "19700115 199803 1 004",
    "golongan": "IV/c",
    "position": "Kepala Bappeda",
    "institution": "Bappeda Kota Serang",
    "role": "moderator",
    "phone": "0813-1000-2001",
    "email": "",
}

FIRST_L = [
    "Ahmad",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Irfan",
    "Joko",
    "Rizky",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Agus",
    "Bambang",
    "Dimas",
    "Hasan",
    "Rahmat",
    "Syamsul",
    "Muh.",
]
FIRST_P = [
    "Siti",
    "Dewi",
    "Fitri",
    "Indah",
    "Lestari",
    "Nurul",
    "Putri",
    "Rina",
    "Sri",
    "Wulan",
    "Ayu",
    "Dian",
    "Eka",
    "Lia",
    "Maya",
    "Nadia",
    "Ratna",
    "Yuni",
    "Hj. Euis",
    "Ani",
]
LAST = [
    "Hidayat",
    "Saputra",
    "Rahmawati",
    "Kurniawan",
    "Susanti",
    "Wijaya",
    "Nugraha",
    "Permata",
    "Setiawan",
    "Maulana",
    "Fauziah",
    "Ma'ruf",
    "Suryani",
    "Pratama",
    "Anggraini",
    "Firmansyah",
    "Hasanah",
    "Sulaeman",
    "Jamaludin",
    "Ramadhani",
]
GELAR = ["", "", "S.Sos.", "S.E.", "S.Kom.", "S.Pd.", "S.K.M.", "S.H.", "M.Si.", "S.Pd.I.", "A.Md."]

# (as people type it, how many come) — several spellings of one agency on purpose.
AGENCIES = [
    ("Bappeda Kota Serang", 4),
    ("DP3AKB Kota Serang", 4),
    ("Dinas Kesehatan Kota Serang", 3),
    ("Dinkes", 1),
    ("DINAS KESEHATAN KOTA SERANG", 1),
    ("Disdukcapil Kota Serang", 3),
    ("Diskominfo Kota Serang", 2),
    ("Dinas Sosial Kota Serang", 3),
    ("Kankemenag Kota Serang", 2),
    ("Dinas Pendidikan dan Kebudayaan Kota Serang", 3),
    ("Dinas PUPR Kota Serang", 2),
    ("Dinas Lingkungan Hidup Kota Serang", 2),
    ("Satpol PP Kota Serang", 2),
    ("UPTD PPA Kota Serang", 2),
    ("Polresta Serang Kota", 1),
    ("Dispora Kota Serang", 2),
    ("Dinas Perhubungan Kota Serang", 1),
    ("Bagian Hukum Setda Kota Serang", 1),
    ("Kejari Kota Serang", 1),
    ("Disnaker Kota Serang", 1),
    ("BPBD Kota Serang", 1),
    ("Kesbangpol Kota Serang", 1),
]
POSITIONS = [
    "Kepala Bidang",
    "Kepala Seksi",
    "Analis Kebijakan Ahli Muda",
    "Perencana Ahli Pertama",
    "Pengelola Data",
    "Penyuluh Sosial",
    "Staf",
    "Sekretaris",
    "Kepala Sub Bagian Umum",
]
GOLONGAN = ["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]


def _nip(rng: random.Random, gender: str) -> str:
    birth = date(rng.randint(1970, 1995), rng.randint(1, 12), rng.randint(1, 28))
    appointed = (min(birth.year + rng.randint(22, 30), 2022), rng.randint(1, 12))
    sex = "1" if gender == "L" else "2"
    return f"{birth:%Y%m%d}{appointed[0]:04d}{appointed[1]:02d}{sex}{rng.randint(1, 9):03d}"


def _phone(rng: random.Random) -> str:
    return (
        f"08{rng.choice(['12', '13', '21', '52', '57', '77', '78', '95'])}{rng.randint(10000000, 99999999)}"
    )


def _name(rng: random.Random, gender: str) -> str:
    first = rng.choice(FIRST_L if gender == "L" else FIRST_P)
    name = f"{first} {rng.choice(LAST)}"
    gelar = rng.choice(GELAR)
    return f"{name}, {gelar}" if gelar else name


def demo_people(seed: int = 20261118) -> list[dict]:
    """Attendee data dicts in the shape check_attendee takes, plus 'source' and 'consent'."""
    rng = random.Random(seed)
    people: list[dict] = [
        {
            "full_name": "Drs. Dermawan, M.Si.",
            "gender": "L",
            "category": "PNS",
            "nip": "19680412 199303 1 002",
            "golongan": "IV/c",
            "position": "Asisten Deputi Pemenuhan Hak Sipil, Informasi dan Partisipasi Anak",
            "institution": "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
            "role": "narasumber",
            "phone": "0811-1234-5601",
            "email": "dermawan@kemenpppa.go.id",
        },
        {
            "full_name": "Dr. Hj. Nur Aisyah Lestari, S.Psi., M.Psi.",
            "gender": "P",
            "category": "PNS",
            "nip": "19750823 200212 2 001",
            "golongan": "IV/b",
            "position": "Kepala DP3AKB Provinsi Banten",
            "institution": "DP3AKB Provinsi Banten",
            "role": "narasumber",
            "phone": "0812-8765-4302",
            "email": "",
        },
        dict(BAPPEDA_HEAD),
    ]
    for i, cluster in enumerate(["I", "II", "III", "IV", "V"]):
        gender = "P" if i % 2 else "L"
        people.append(
            {
                "full_name": _name(rng, gender),
                "gender": gender,
                "category": "PNS",
                "nip": _nip(rng, gender),
                "golongan": rng.choice(GOLONGAN[2:]),
                "position": f"Fasilitator Klaster {cluster}",
                "institution": "DP3AKB Kota Serang",
                "role": "fasilitator",
                "phone": _phone(rng),
                "email": "",
            }
        )
    people += committee(rng, ["Ketua Panitia", "Sekretaris Panitia", "Anggota Panitia", "Anggota Panitia"])
    for agency, count in AGENCIES:
        for _ in range(count):
            gender = rng.choice("LP")
            category = rng.choices(["PNS", "PPPK", "non-ASN"], weights=[8, 1, 1])[0]
            person = {
                "full_name": _name(rng, gender),
                "gender": gender,
                "category": category,
                "position": rng.choice(POSITIONS),
                "institution": agency,
                "role": "peserta",
                "phone": _phone(rng),
                "email": "",
                "nip": "",
                "golongan": "",
            }
            if category == "PNS":
                person.update(nip=_nip(rng, gender), golongan=rng.choice(GOLONGAN))
            elif category == "PPPK":
                person.update(
                    nip=f"{rng.randint(10**17, 10**18 - 1)}", golongan=rng.choice(["IX", "X", "VII"])
                )
            people.append(person)
    people += [
        {
            "full_name": "Aisyah Putri Ramadhani",
            "gender": "P",
            "category": "Forum Anak",
            "position": "Ketua Forum Anak",
            "institution": "Forum Anak Kota Serang",
            "role": "peserta",
            "phone": "",
            "email": "",
            "nip": "",
            "golongan": "",
            "guardian": "Hj. Euis Maryani",
        },
        {
            "full_name": "Rafi Alfarizi",
            "gender": "L",
            "category": "Forum Anak",
            "position": "Anggota Forum Anak",
            "institution": "Forum Anak Daerah Kota Serang",
            "role": "peserta",
            "phone": "",
            "email": "",
            "nip": "",
            "golongan": "",
            "guardian": "Suryadi",
        },
        {
            "full_name": "Yuliani Kartika, S.Sos.",
            "gender": "P",
            "category": "lembaga masyarakat",
            "position": "Koordinator",
            "institution": "LPA Kota Serang",
            "role": "peserta",
            "phone": _phone(rng),
            "email": "",
            "nip": "",
            "golongan": "",
        },
        {
            "full_name": "Andi Pratama",
            "gender": "L",
            "category": "media",
            "position": "Wartawan",
            "institution": "Radar Banten",
            "role": "peserta",
            "phone": _phone(rng),
            "email": "",
            "nip": "",
            "golongan": "",
        },
    ]
    # Half the participants registered themselves (consent recorded online); the rest were imported
    # from an agency's list and see the consent notice when they first open their ticket.
    for index, person in enumerate(people):
        person["source"] = "registration" if index % 2 == 0 or person["role"] != "peserta" else "import"
    return people


def committee(rng: random.Random, positions: list[str]) -> list[dict]:
    """The committee (panitia) from Bappeda, one person per position, drawn from ``rng``."""
    members = []
    for position in positions:
        gender = rng.choice("LP")
        members.append(
            {
                "full_name": _name(rng, gender),
                "gender": gender,
                "category": "PNS",
                "nip": _nip(rng, gender),
                "golongan": rng.choice(GOLONGAN),
                "position": position,
                "institution": "Bappeda Kota Serang",
                "role": "panitia",
                "phone": _phone(rng),
                "email": "",
            }
        )
    return members
