"""Fill the benchmark's database: rounds, events, registrations and applications in bulk.

Run by bench/run.py (python -m bench.fill, DJANGO_SETTINGS_MODULE=bench.settings) after
`migrate`; not a management command, as nothing of it belongs to the portal.

The rows are what the services would have stored: the normal forms and duplicate keys
come from the portal's own helpers (digiscouts.normalise, applications.duplicates), the
reference numbers are unique per round, the reserve list is numbered, no event holds
more confirmed persons than its capacity and a waiting list exists only where the event
is booked up. One round ("the current round", CURRENT_SLUG) is open: the public pages
are measured on it; its dates follow today on every run (bench.prepare). The others
are past rounds.

A marker table (bench_fill) records what was filled; a second run with the same volume
does nothing (--refill: bench/run.py drops and recreates the database first).
"""

import argparse
import json
import os
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications import duplicates  # noqa: E402
from applications.choices import ApplicationStatus, HeardAbout  # noqa: E402
from applications.models import (  # noqa: E402
    PRIVACY_NOTICE_VERSION,
    Application,
    ApplicationStatusChange,
)
from digiscouts.normalise import normalise_company_name, normalise_email  # noqa: E402
from events.choices import EventKind, RegistrationStatus  # noqa: E402
from events.models import (  # noqa: E402
    KREIS_RECKLINGHAUSEN_MUNICIPALITIES,
    Event,
    Phase,
    Registration,
    Round,
)

# Raise when the shape of the fill changes: a database filled before is filled again.
FILL_VERSION = 1
MARKER_TABLE = "bench_fill"
CURRENT_SLUG = "bench-aktuell"
# Share of the applications and registrations that belong to the current round.
CURRENT_APPLICATION_SHARE = 0.2
CURRENT_REGISTRATION_SHARE = 0.1
# The current round's info event takes the load's registrations: an online event that
# never fills up, so every registration POST is confirmed (bench.prepare keeps it so).
CURRENT_INFO_CAPACITY = 100_000
WORKSHOP_CAPACITY = 30
# Tables filled only while the portal has them (added by later issues).
OPTIONAL_MODELS = ("events.Milestone", "applications.Participation")

S = ApplicationStatus
MUNICIPALITIES = KREIS_RECKLINGHAUSEN_MUNICIPALITIES
POSTCODES = {
    "Castrop-Rauxel": "44575",
    "Datteln": "45711",
    "Dorsten": "46282",
    "Gladbeck": "45964",
    "Haltern am See": "45721",
    "Herten": "45699",
    "Marl": "45768",
    "Oer-Erkenschwick": "45739",
    "Recklinghausen": "45657",
    "Waltrop": "45731",
}
FAMILY_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
]
FIRST_NAMES = ["Anna", "Jürgen", "Katrin", "Mehmet", "Sabine", "Thomas", "Elif", "Lukas"]
SECTORS = [
    ("Metallbau", "Metallbauer/in, Industriekaufleute"),
    ("Elektrotechnik", "Elektroniker/in, Kaufleute für Büromanagement"),
    ("Logistik", "Fachkraft für Lagerlogistik, Kaufleute für Spedition"),
    ("Bäckerei", "Bäcker/in, Fachverkäufer/in im Lebensmittelhandwerk"),
    ("Sanitär und Heizung", "Anlagenmechaniker/in SHK"),
    ("Steuerberatung", "Steuerfachangestellte"),
    ("Pflege", "Pflegefachfrau/-mann, Kaufleute im Gesundheitswesen"),
    ("Einzelhandel", "Kaufleute im Einzelhandel, Verkäufer/in"),
]
LEGAL_FORMS = ["GmbH", "GmbH & Co. KG", "e.K.", "AG", "OHG", "GbR"]
STREETS = ["Hauptstraße", "Kirchstraße", "Bahnhofstr.", "Industrieweg", "Am Markt", "Ringstraße"]
MOTIVATION = (
    "Unsere Auszubildenden wachsen mit Smartphone und Tablet auf und sehen jeden Tag, "
    "wo bei uns noch Papier, doppelte Listen und lange Wege den Betrieb aufhalten. "
    "Mit Digiscouts sollen sie ein eigenes Projekt verantworten, das die Geschäftsführung "
    "mitträgt, und lernen, eine Idee vom ersten Entwurf bis zur Umsetzung zu führen."
)
FIRST_IDEAS = (
    "Digitale Auftragsmappe auf dem Tablet statt Laufzetteln; Lagerbestand per Barcode; "
    "Terminvereinbarung für Kunden online."
)


def current_schedule(today):
    """The current round's dates around ``today``: applications open, info event ahead."""
    start = today + timedelta(days=45)
    return {
        "round": {
            "application_start": today - timedelta(days=14),
            "application_end": today + timedelta(days=30),
            "start_date": start,
            "end_date": start + timedelta(days=182),
        },
        "info_day": today + timedelta(days=7),
    }


def _events(round_, info_day, *, current):
    """The round's events: (kind, title, day, clock, minutes, location, capacity)."""
    start, end = round_.start_date, round_.end_date
    return [
        (EventKind.INFO, "Infoveranstaltung Digiscouts", info_day, time(10), 60, "Online", None),
        (
            EventKind.KICKOFF,
            "Offizieller Projektstart (Kick-off)",
            start,
            time(10),
            180,
            "Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1, 45657 Recklinghausen",
            None,
        ),
        (
            EventKind.WORKSHOP,
            "Workshop: Ideen finden",
            start + timedelta(days=21),
            time(9),
            240,
            "Kreishaus Recklinghausen, Raum 1.12",
            WORKSHOP_CAPACITY if not current else None,
        ),
        (
            EventKind.WORKSHOP,
            "Workshop: Pitch vor der Geschäftsführung",
            start + timedelta(days=56),
            time(9),
            240,
            "Kreishaus Recklinghausen, Raum 1.12",
            WORKSHOP_CAPACITY if not current else None,
        ),
        (
            EventKind.CLOSING,
            "Abschlussveranstaltung: Die Digiscouts stellen ihre Ideen vor",
            end,
            time(14),
            180,
            "Kreishaus Recklinghausen, Kurt-Schumacher-Allee 1, 45657 Recklinghausen",
            None,
        ),
    ]


def phases(round_):
    start = round_.start_date
    return [
        ("Analysephase", start + timedelta(days=1), start + timedelta(days=28)),
        (
            "Projektvorschlag und Pitch vor der Geschäftsführung",
            start + timedelta(days=29),
            start + timedelta(days=49),
        ),
        ("Umsetzung", start + timedelta(days=50), round_.end_date - timedelta(days=1)),
    ]


def aware(day, clock):
    return timezone.make_aware(datetime.combine(day, clock))


def optional_models():
    """The optional tables the portal has now (see OPTIONAL_MODELS)."""
    present = []
    for label in OPTIONAL_MODELS:
        try:
            apps.get_model(label)
        except LookupError:
            continue
        present.append(label)
    return present


def wanted_spec(*, rounds, applications, registrations, schema):
    return {
        "version": FILL_VERSION,
        "schema": schema,
        "rounds": rounds,
        "applications": applications,
        "registrations": registrations,
        "optional": optional_models(),
    }


def marker_read():
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id integer PRIMARY KEY, spec text)"
        )
        cursor.execute(f"SELECT spec FROM {MARKER_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def marker_write(spec):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (id, spec) VALUES (1, %s)", [json.dumps(spec)])


def _split(total, parts):
    """``total`` in ``parts`` nearly equal whole numbers."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


class Filler:
    def __init__(self, *, rounds, applications, registrations, seed=2021):
        self.rounds_wanted = rounds
        self.applications_wanted = applications
        self.registrations_wanted = registrations
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.serial = 0

    def next_serial(self):
        self.serial += 1
        return self.serial

    # --- rounds, events, phases ---------------------------------------------------------

    def make_rounds(self):
        past = []
        count = self.rounds_wanted - 1
        for i in range(count):
            # Two rounds a year, the latest ended about a year ago.
            age = count - i
            year = self.today.year - 1 - age // 2
            start = date(year, 5 if age % 2 == 0 else 10, 15)
            past.append(
                Round(
                    partner_region="Kreis Recklinghausen",
                    year=year,
                    title=f"Digiscouts {year} im Kreis Recklinghausen ({i + 1})",
                    slug=f"runde-{year}-{i + 1}",
                    application_start=start - timedelta(days=50),
                    application_end=start - timedelta(days=20),
                    start_date=start,
                    end_date=start + timedelta(days=182),
                    contact_name="Dr. Julia aus der Wiesche",
                    contact_unit="Fachdienst Wirtschaft, Kreis Recklinghausen",
                    contact_phone="02361 / 53-2129",
                    contact_email="j.ausderwiesche@kreis-re.de",
                    is_published=True,
                )
            )
        schedule = current_schedule(self.today)
        start_year = schedule["round"]["start_date"].year
        current = Round(
            partner_region="Kreis Recklinghausen",
            year=start_year,
            title=f"Digiscouts {start_year} im Kreis Recklinghausen",
            slug=CURRENT_SLUG,
            contact_name="Dr. Julia aus der Wiesche",
            contact_unit="Fachdienst Wirtschaft, Kreis Recklinghausen",
            contact_phone="02361 / 53-2129",
            contact_email="j.ausderwiesche@kreis-re.de",
            is_published=True,
            **schedule["round"],
        )
        self.past_rounds = Round.objects.bulk_create(past)
        self.current = Round.objects.bulk_create([current])[0]
        self.rounds = [*self.past_rounds, self.current]

    def make_events(self):
        events = []
        for round_ in self.rounds:
            current = round_ is self.current
            info_day = (
                current_schedule(self.today)["info_day"]
                if current
                else round_.application_start + timedelta(days=5)
            )
            for kind, title, day, clock, minutes, location, capacity in _events(
                round_, info_day, current=current
            ):
                starts_at = aware(day, clock)
                if kind == EventKind.INFO:
                    capacity = CURRENT_INFO_CAPACITY if current else 1  # set after the fill
                opens = starts_at - timedelta(days=31) if capacity else None
                if current and opens and opens > self.now:
                    opens = self.now - timedelta(days=7)
                events.append(
                    Event(
                        round=round_,
                        kind=kind,
                        title=title,
                        starts_at=starts_at,
                        duration_minutes=minutes,
                        location=location,
                        capacity=capacity,
                        registration_opens_at=opens,
                    )
                )
        self.events = Event.objects.bulk_create(events)
        Phase.objects.bulk_create(
            Phase(round=round_, title=title, start_date=start, end_date=end)
            for round_ in self.rounds
            for title, start, end in phases(round_)
        )

    def make_milestones(self):
        from events.models import Milestone, default_milestones

        Milestone.objects.bulk_create(
            Milestone(round=round_, position=position, title=str(title), due_date=due)
            for round_ in self.rounds
            for position, (title, due) in enumerate(default_milestones(round_), start=1)
        )

    # --- registrations ------------------------------------------------------------------

    def _persons(self):
        draw = self.random.random()
        return 1 if draw < 0.8 else 2 if draw < 0.95 else 3

    def make_registrations(self):
        registrable = [event for event in self.events if event.capacity is not None]
        current_info = next(
            e for e in registrable if e.round_id == self.current.pk and e.kind == EventKind.INFO
        )
        past = [event for event in registrable if event is not current_info]
        total = self.registrations_wanted
        on_current = round(total * CURRENT_REGISTRATION_SHARE)
        # Past info events take most; workshops hold at most their capacity.
        infos = [e for e in past if e.kind == EventKind.INFO]
        workshops = [e for e in past if e.kind == EventKind.WORKSHOP]
        on_workshops = min((total - on_current) // 5, len(workshops) * WORKSHOP_CAPACITY)
        plan = [(current_info, on_current)]
        plan += list(zip(workshops, _split(on_workshops, len(workshops)), strict=True))
        plan += list(zip(infos, _split(total - on_current - on_workshops, len(infos)), strict=True))
        rows = []
        capacities = {}
        for event, count in plan:
            current = event is current_info
            confirmed_persons = 0
            for _index in range(count):
                n = self.next_serial()
                persons = 1 if event.kind == EventKind.WORKSHOP else self._persons()
                draw = self.random.random()
                if draw < 0.1:
                    status = RegistrationStatus.CANCELLED
                elif draw < 0.15 and not current:
                    status = RegistrationStatus.WAITLISTED
                else:
                    status = RegistrationStatus.CONFIRMED
                if (
                    event.kind == EventKind.WORKSHOP
                    and status == RegistrationStatus.CONFIRMED
                    and confirmed_persons + persons > WORKSHOP_CAPACITY
                ):
                    status = RegistrationStatus.WAITLISTED
                if status == RegistrationStatus.CONFIRMED:
                    confirmed_persons += persons
                municipality = MUNICIPALITIES[n % len(MUNICIPALITIES)]
                family = FAMILY_NAMES[n % len(FAMILY_NAMES)]
                email = f"{family.lower()}.{n}@firma-{n}.example.org".replace("ü", "ue")
                email = email.replace("ä", "ae")
                rows.append(
                    Registration(
                        event=event,
                        company=f"{family} {SECTORS[n % len(SECTORS)][0]} {n} GmbH",
                        first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                        last_name=family,
                        function="Ausbildungsleitung",
                        email=email,
                        email_key=normalise_email(email),
                        phone=f"02361 {100000 + n}",
                        municipality=municipality,
                        persons=persons,
                        remark="" if n % 7 else "Wir kommen mit zwei Auszubildenden.",
                        consent_at=min(event.starts_at, self.now) - timedelta(days=3),
                        status=status,
                        attended=(
                            None
                            if current or status != RegistrationStatus.CONFIRMED
                            else self.random.random() < 0.85
                        ),
                        cancelled_at=(
                            event.starts_at - timedelta(days=2)
                            if status == RegistrationStatus.CANCELLED and not current
                            else (self.now if status == RegistrationStatus.CANCELLED else None)
                        ),
                    )
                )
            if current:
                capacities[event.pk] = CURRENT_INFO_CAPACITY
            elif event.kind == EventKind.INFO:
                # Exactly full: the waiting list of a past info event is consistent.
                capacities[event.pk] = max(confirmed_persons, 1)
        self.registrations = Registration.objects.bulk_create(rows, batch_size=2000)
        for pk, capacity in capacities.items():
            Event.objects.filter(pk=pk).update(capacity=capacity)
        self.info_registrations = {}
        for registration in self.registrations:
            event = registration.event
            if event.kind == EventKind.INFO and registration.status != "cancelled":
                self.info_registrations.setdefault(event.round_id, []).append(registration)

    # --- applications -------------------------------------------------------------------

    def _statuses(self, count, *, current):
        """The statuses of a round's applications, in the order of their numbers."""
        if current:
            selected = min(5, count // 10)
            reserve = min(3, count // 10)
            shortlisted = count // 10
            withdrawn = count // 30
            rest = S.SUBMITTED
        else:
            selected = min(7, count // 4)
            reserve = min(3, max(count - selected, 0) // 4)
            shortlisted = 0
            withdrawn = count // 20
            rest = S.REJECTED
        statuses = (
            [S.SELECTED] * selected
            + [S.RESERVE] * reserve
            + [S.SHORTLISTED] * shortlisted
            + [S.WITHDRAWN] * withdrawn
        )
        statuses += [rest] * (count - len(statuses))
        self.random.shuffle(statuses)
        return statuses[:count]

    def _application(self, round_, number, status, reserve_position, *, current):
        n = self.next_serial()
        family = FAMILY_NAMES[n % len(FAMILY_NAMES)]
        sector, occupations = SECTORS[n % len(SECTORS)]
        municipality = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        company_name = f"{family} {sector} {n} {LEGAL_FORMS[n % len(LEGAL_FORMS)]}"
        contact_email = f"kontakt.{n}@firma-{n}.example.org"
        info_registration = None
        waiting = self.info_registrations.get(round_.pk)
        if waiting and self.random.random() < 0.6:
            info_registration = waiting.pop()
            contact_email = info_registration.email
        street = f"{STREETS[n % len(STREETS)]} {1 + n % 997}"
        postcode = POSTCODES[municipality]
        if number > 1 and number % 40 == 0:
            # A likely duplicate of the previous application: the same address.
            street, postcode, municipality = self.last_address
        self.last_address = (street, postcode, municipality)
        if current:
            submitted_at = self.now - timedelta(days=self.random.randint(0, 13), minutes=n % 600)
        else:
            submitted_at = aware(round_.application_start, time(9)) + timedelta(
                days=self.random.randint(0, 29), minutes=n % 600
            )
        fields = {
            "company_name": company_name,
            "legal_form": LEGAL_FORMS[n % len(LEGAL_FORMS)],
            "street": street,
            "postcode": postcode,
            "municipality": municipality,
            "website": f"https://www.firma-{n}.example.org" if n % 3 else "",
            "sector": sector,
            "employees": 5 + (n * 37) % 480,
            "apprentices": 2 + n % 4,
            "training_occupations": occupations,
            "contact_first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
            "contact_last_name": family,
            "contact_function": "Geschäftsführung" if n % 2 else "Ausbildungsleitung",
            "contact_email": contact_email,
            "contact_phone": f"02361 {200000 + n}",
            "trainer_name": f"{FIRST_NAMES[(n + 3) % len(FIRST_NAMES)]} {family}",
            "trainer_email": f"ausbildung.{n}@firma-{n}.example.org",
            "management_support": True,
            "team_time": True,
            "motivation": MOTIVATION,
            "first_ideas": FIRST_IDEAS if n % 4 else "",
            "heard_about": HeardAbout.values[n % len(HeardAbout.values)],
        }
        decided = status in S.decisions()
        return Application(
            round=round_,
            number=number,
            reference=f"DS-{round_.year}-{number:03d}",
            status=status,
            reserve_position=reserve_position,
            normalised_company_name=normalise_company_name(company_name),
            contact_email_key=normalise_email(contact_email),
            info_registration=info_registration,
            consent_at=submitted_at,
            consent_version=PRIVACY_NOTICE_VERSION,
            submitted_at=submitted_at,
            decision_sent_at=submitted_at + timedelta(days=30) if decided else None,
            decision_sent_status=status if decided else "",
            **duplicates.duplicate_keys(fields),
            **fields,
        )

    def make_applications(self):
        total = self.applications_wanted
        on_current = round(total * CURRENT_APPLICATION_SHARE)
        counts = [*_split(total - on_current, len(self.past_rounds)), on_current]
        rows = []
        for round_, count in zip(self.rounds, counts, strict=True):
            current = round_ is self.current
            reserve = 0
            for number, status in enumerate(self._statuses(count, current=current), start=1):
                position = None
                if status == S.RESERVE:
                    reserve += 1
                    position = reserve
                rows.append(self._application(round_, number, status, position, current=current))
        self.applications = Application.objects.bulk_create(rows, batch_size=2000)

    def make_history(self):
        changes = []
        for application in self.applications:
            changes.append(
                ApplicationStatusChange(
                    application=application,
                    from_status="",
                    to_status=S.SUBMITTED,
                    at=application.submitted_at,
                )
            )
            if application.status != S.SUBMITTED:
                changes.append(
                    ApplicationStatusChange(
                        application=application,
                        from_status=S.SUBMITTED,
                        to_status=application.status,
                        at=application.submitted_at + timedelta(days=20),
                        note="Entscheidung in der Auswahlsitzung",
                    )
                )
        ApplicationStatusChange.objects.bulk_create(changes, batch_size=5000)

    def make_duplicate_links(self):
        by_round_address = {}
        for application in self.applications:
            key = (application.round_id, application.address_key)
            by_round_address.setdefault(key, []).append(application.pk)
        through = Application.likely_duplicates.through
        links = [
            through(from_application_id=a, to_application_id=b)
            for pks in by_round_address.values()
            if len(pks) > 1
            for a in pks
            for b in pks
            if a != b
        ]
        through.objects.bulk_create(links, batch_size=5000)

    def make_participations(self):
        Participation = apps.get_model("applications", "Participation")
        Participation.objects.bulk_create(
            Participation(
                application=application,
                round_id=application.round_id,
                team_size=application.apprentices,
                trainer_name=application.trainer_name,
                trainer_email=application.trainer_email,
                coach_name="Coach RKW",
                started_at=application.decision_sent_at,
            )
            for application in self.applications
            if application.status == S.SELECTED
        )

    def optional(self, label, make):
        """Fill an optional table if the portal has it; its shape may still change."""
        if label not in optional_models():
            return
        try:
            with transaction.atomic():
                make()
        except Exception as exc:  # a changed model: the benchmark still runs without it
            print(f"fill: {label} left empty ({type(exc).__name__}: {exc})", file=sys.stderr)

    def run(self):
        with transaction.atomic():
            self.make_rounds()
            self.make_events()
            self.optional("events.Milestone", self.make_milestones)
            self.make_registrations()
            self.make_applications()
            self.make_history()
            self.make_duplicate_links()
            self.optional("applications.Participation", self.make_participations)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would keep them


def counts():
    return {
        "rounds": Round.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "applications": Application.objects.count(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--schema", default="", help="digest of the migrations (bench/run.py)")
    args = parser.parse_args(argv)
    if args.rounds < 2:
        parser.error("--rounds must be at least 2 (past rounds and the current one)")
    spec = wanted_spec(
        rounds=args.rounds,
        applications=args.applications,
        registrations=args.registrations,
        schema=args.schema,
    )
    marker = marker_read()
    if marker == spec:
        print(f"fill: already filled ({json.dumps(spec)}), skipped", flush=True)
        return 0
    if marker is not None or Round.objects.exists():
        print(
            "fill: the database holds other data than this fill "
            f"(marker {marker!r}); run bench/run.py with --refill",
            file=sys.stderr,
        )
        return 3
    started = timezone.now()
    Filler(
        rounds=args.rounds, applications=args.applications, registrations=args.registrations
    ).run()
    marker_write(spec)
    seconds = (timezone.now() - started).total_seconds()
    print(f"fill: {json.dumps(counts())} in {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
