"""Reflections and maturity self-assessments: own city only, clear errors, the secretariat's
views of who has not reflected and of every city's maturity."""

from bs4 import BeautifulSoup
from django.urls import reverse

from learning.models import MaturityAssessment, Quarter, Reflection
from network.models import City


def _quarter(aston, name="2022 Q2"):
    return Quarter.objects.get(network=aston, name=name)


REFLECTION = {
    "tried": "A participatory budget workshop.",
    "worked": "Residents came.",
    "did_not_work": "The room was too small.",
    "next_steps": "Hold it in the market.",
    "lesson": "",
}


def test_a_city_reflects_on_a_quarter(login, aston):
    quarter = _quarter(aston, "2022 Q3")
    bamako = City.objects.get(slug="bamako")
    client = login("bamako")
    url = reverse("learning_reflect", args=[quarter.pk, bamako.pk])
    response = client.post(
        url, {**REFLECTION, "lesson": "Go where people are.", "share_lesson": "on"}
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get(city=bamako, quarter=quarter)
    assert reflection.share_lesson and reflection.lesson == "Go where people are."
    assert reflection.author.user.username == "bamako"


def test_a_lesson_worth_sharing_must_be_written(login, aston):
    quarter = _quarter(aston, "2022 Q3")
    bamako = City.objects.get(slug="bamako")
    response = login("bamako").post(
        reverse("learning_reflect", args=[quarter.pk, bamako.pk]),
        {**REFLECTION, "share_lesson": "on"},
    )
    assert "Write the lesson you want to share." in response.content.decode()
    assert not Reflection.objects.filter(city=bamako, quarter=quarter).exists()


def test_missing_answers_are_refused(login, aston):
    quarter = _quarter(aston, "2022 Q3")
    bamako = City.objects.get(slug="bamako")
    response = login("bamako").post(reverse("learning_reflect", args=[quarter.pk, bamako.pk]), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_city_cannot_reflect_for_another(login, aston):
    lagos = City.objects.get(slug="lagos")
    quarter = _quarter(aston, "2022 Q3")
    response = login("bamako").post(
        reverse("learning_reflect", args=[quarter.pk, lagos.pk]), REFLECTION
    )
    assert response.status_code == 404
    assert not Reflection.objects.filter(city=lagos, quarter=quarter).exists()


def test_the_secretariat_sees_who_has_not_reflected(login, aston):
    quarter = _quarter(aston)
    response = login("secretariat").get(reverse("learning_reflections", args=[quarter.pk]))
    html = BeautifulSoup(response.content, "html.parser")
    missing = {li.text for li in html.select("[data-missing] li")}
    expected = set(
        City.objects.filter(memberships__network=aston)
        .exclude(reflections__quarter=quarter)
        .values_list("name", flat=True)
    )
    assert missing == expected and len(missing) == 4


def test_a_city_assesses_its_maturity(login):
    bamako = City.objects.get(slug="bamako")
    client = login("bamako")
    url = reverse("learning_maturity_edit", args=[bamako.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"data": "3", "financing": "2"})
    assert response.status_code == 302
    latest = MaturityAssessment.objects.filter(city=bamako, domain="data").latest("assessed_on")
    assert latest.level == 3


def test_a_level_out_of_range_is_refused(login):
    bamako = City.objects.get(slug="bamako")
    before = MaturityAssessment.objects.count()
    response = login("bamako").post(
        reverse("learning_maturity_edit", args=[bamako.pk]), {"data": "7"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert MaturityAssessment.objects.count() == before


def test_a_city_cannot_assess_another(login):
    lagos = City.objects.get(slug="lagos")
    response = login("bamako").post(
        reverse("learning_maturity_edit", args=[lagos.pk]), {"data": "1"}
    )
    assert response.status_code == 404


def test_the_secretariat_sees_every_city_side_by_side(login):
    response = login("secretariat").get(reverse("learning_maturity"))
    html = BeautifulSoup(response.content, "html.parser")
    rows = html.select("tbody tr")
    assert len(rows) == 11
    kigali = next(row for row in rows if row.th.text == "Kigali")
    assert [td.text for td in kigali.select("td")] == ["4", "4", "3", "3", "4", "3"]
