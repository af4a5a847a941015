"""Attendance: the checklist, and sheets imported all or nothing with row numbers and reasons."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from baobab.exceptions import SYSTEM
from learning import services
from learning.models import Event, Registration
from network.models import Person


@pytest.fixture
def event(aston):
    return Event.objects.filter(network=aston, kind="training").order_by("start").first()


def _emails(event, count, *, registered=True):
    people = Person.objects.filter(network=event.network, email__startswith="participant-")
    if registered:
        people = people.filter(registrations__event=event)
    else:
        people = people.exclude(registrations__event=event)
    return list(people.order_by("email").values_list("email", flat=True)[:count])


def test_the_checklist_records_who_came(login, event):
    registrations = list(event.registrations.order_by("pk")[:3])
    client = login("secretariat")
    url = reverse("learning_attendance", args=[event.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"attended": [registrations[0].person_id]})
    states = dict(event.registrations.values_list("person_id", "attended"))
    assert states[registrations[0].person_id] is True
    assert states[registrations[1].person_id] is False


def test_a_csv_sheet_is_imported(login, event):
    known = _emails(event, 2)
    new = _emails(event, 1, registered=False)
    sheet = "email;attended\n" + f"{known[0]};yes\n{known[1]};no\n{new[0].upper()};oui\n"
    upload = io.BytesIO(sheet.encode())
    upload.name = "attendance.csv"
    response = login("secretariat").post(
        reverse("learning_attendance", args=[event.pk]), {"action": "import", "sheet": upload}
    )
    assert response.status_code == 302
    assert Registration.objects.get(event=event, person__email=known[0]).attended is True
    assert Registration.objects.get(event=event, person__email=known[1]).attended is False
    assert Registration.objects.get(event=event, person__email=new[0]).attended is True


def test_an_xlsx_sheet_is_imported(event):
    new = _emails(event, 2, registered=False)
    book = Workbook()
    book.active.append(["Email"])
    for email in new:
        book.active.append([email])
    content = io.BytesIO()
    book.save(content)
    result = services.attendance_import(
        event=event, name="a.xlsx", content=content.getvalue(), actor=SYSTEM
    )
    assert result == {"updated": 0, "created": 2, "attended": 2}
    assert event.registrations.filter(person__email__in=new, attended=True).count() == 2


def test_a_bad_sheet_is_refused_whole_with_rows_and_reasons(login, event):
    known = _emails(event, 1)
    before = list(event.registrations.order_by("pk").values_list("person_id", "attended"))
    sheet = f"email,attended\n{known[0]},no\nnobody@nowhere.example,yes\n,yes\n{known[0]},maybe\n"
    upload = io.BytesIO(sheet.encode())
    upload.name = "attendance.csv"
    response = login("secretariat").post(
        reverse("learning_attendance", args=[event.pk]), {"action": "import", "sheet": upload}
    )
    text = response.content.decode()
    assert "Nothing was imported" in text
    assert "Row 3: nobody in the network has the email nobody@nowhere.example." in text
    assert "Row 4: the email is missing." in text
    assert "Row 5:" in text and "appears twice" in text
    after = list(event.registrations.order_by("pk").values_list("person_id", "attended"))
    assert after == before


def test_a_sheet_without_email_column_or_unreadable_is_refused(event):
    with pytest.raises(services.AttendanceImportError) as error:
        services.attendance_import(event=event, name="a.csv", content=b"name\nAwa\n", actor=SYSTEM)
    assert error.value.rows[0][0] == 1
    with pytest.raises(services.AttendanceImportError):
        services.attendance_import(
            event=event, name="a.xlsx", content=b"not a workbook", actor=SYSTEM
        )
    with pytest.raises(services.AttendanceImportError) as error:
        services.attendance_import(
            event=event,
            name="a.csv",
            content="email,attended\nx@y.z,peut-être\n".encode(),
            actor=SYSTEM,
        )
    assert len(error.value.rows) == 1


def test_a_person_attending_counts_once_per_event(event):
    from django.db import IntegrityError, transaction

    registration = event.registrations.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, person=registration.person)


def test_only_the_secretariat_records_attendance(login, event):
    for persona in ("bamako", "expert"):
        response = login(persona).post(reverse("learning_attendance", args=[event.pk]), {})
        assert response.status_code in (302, 403)
        assert response.get("Location", "") in ("", reverse("wagtailadmin_home"))


def test_a_city_team_registers_its_own_people_only(login, event):
    from network.models import City

    bamako, lagos = City.objects.get(slug="bamako"), City.objects.get(slug="lagos")
    person = Person.objects.filter(city=bamako).first()
    client = login("bamako")
    url = reverse("learning_register", args=[event.pk, bamako.pk])
    assert client.post(url, {"people": [person.pk]}).status_code == 302
    assert list(
        event.registrations.filter(person__city=bamako).values_list("person", flat=True)
    ) == [person.pk]
    assert client.get(reverse("learning_register", args=[event.pk, lagos.pk])).status_code == 404
    lagos_person = Person.objects.filter(city=lagos).first()
    response = client.post(url, {"people": [lagos_person.pk]})
    assert response.status_code == 200  # not a choice of Bamako's form
    assert not event.registrations.filter(
        person=lagos_person, registered_at__date__gte="2026-01-01"
    ).exists()


@pytest.mark.parametrize(
    "header, yes, no",
    [
        ("Nom;Courriel;Présent", "oui", "non"),
        ("NOME;E-mail;Presente", "sim", "não"),
        ("nom;COURRIEL ;présent", "X", "Non"),
    ],
)
def test_a_sheet_headed_in_french_or_portuguese_is_imported(event, header, yes, no):
    known = _emails(event, 2)
    sheet = f"{header}\nAwa;{known[0].upper()};{yes}\nJoão;{known[1]};{no}\n"
    result = services.attendance_import(
        event=event, name="a.csv", content=sheet.encode(), actor=SYSTEM
    )
    assert result["updated"] == 2 and result["attended"] == 1
    assert Registration.objects.get(event=event, person__email=known[0]).attended is True
    assert Registration.objects.get(event=event, person__email=known[1]).attended is False


def test_without_an_email_column_the_refusal_names_the_accepted_headers(event):
    from django.utils import translation

    with pytest.raises(services.AttendanceImportError) as error:
        services.attendance_import(
            event=event, name="a.csv", content=b"who;came\nAwa;yes\n", actor=SYSTEM
        )
    assert "email, e-mail, courriel" in error.value.rows[0][1]
    with translation.override("fr"), pytest.raises(services.AttendanceImportError) as error:
        services.attendance_import(
            event=event, name="a.csv", content=b"qui;venu\nAwa;oui\n", actor=SYSTEM
        )
    assert "colonne de courriel (courriel, e-mail, email)" in error.value.rows[0][1]
    with translation.override("pt"), pytest.raises(services.AttendanceImportError) as error:
        services.attendance_import(event=event, name="a.csv", content=b"quem\nAwa\n", actor=SYSTEM)
    assert "coluna de e-mail" in error.value.rows[0][1]


def test_a_sheet_over_a_limit_is_refused_at_once_and_saves_nothing(login, event, settings):
    settings.BAOBAB_SHEET_MAX_ROWS = 3
    before = list(event.registrations.order_by("pk").values_list("person_id", "attended"))
    emails = _emails(event, 5)
    sheet = "email;attended\n" + "".join(f"{email};no\n" for email in emails)
    upload = io.BytesIO(sheet.encode())
    upload.name = "attendance.csv"
    response = login("secretariat").post(
        reverse("learning_attendance", args=[event.pk]), {"action": "import", "sheet": upload}
    )
    assert "The sheet has more than 3 rows" in response.content.decode()
    after = list(event.registrations.order_by("pk").values_list("person_id", "attended"))
    assert after == before


def test_an_address_that_leads_to_two_people_refuses_the_sheet_and_names_them(event, monkeypatch):
    known = _emails(event, 1)[0]
    person = Person.objects.get(network=event.network, email=known)
    twin = Person(network=event.network, name="Twin of " + person.name, email=known.upper())
    grouped = services._people_by_email([person, twin])
    assert grouped == {known: [person, twin]}

    real = services._people_by_email
    monkeypatch.setattr(services, "_people_by_email", lambda people: real([*people, twin]))
    before = list(event.registrations.order_by("pk").values_list("person_id", "attended"))
    with pytest.raises(services.AttendanceImportError) as error:
        services.attendance_import(
            event=event,
            name="a.csv",
            content=f"email\n{known}\n".encode(),
            actor=SYSTEM,
        )
    [(row, reason)] = error.value.rows
    assert row == 2
    assert person.name in reason and twin.name in reason
    after = list(event.registrations.order_by("pk").values_list("person_id", "attended"))
    assert after == before
