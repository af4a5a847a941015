"""The network's people, each through their own screens and language, one after the other on
the same demo: the secretariat (in French) invites Matola's new coordinator and runs a quarter;
the coordinator (in Portuguese) joins, reports and drafts Matola's story; the expert approves
it; Bamako's coordinator (in English) keeps its own records and cannot reach another city's;
a reader on a small phone finds the story and its PDF."""

import re

import pytest

from baobab.tests.journeys import (
    PHONE,
    add_row,
    attendance_sheet,
    db_rows,
    db_value,
    fill_date,
    footer_action,
    menu,
    message,
    no_horizontal_scroll,
    pick,
    session,
    sign_in,
)

pytestmark = pytest.mark.browser

COORDINATOR = {
    "name": "Celeste Mabunda",
    "email": "celeste.mabunda@matola.example",
    "password": "matola-terra-2026",
}
KICKOFF = "Lancement 2022 Q3 : données ouvertes"
STAGE = "Feuille de route"
NEXT_QUARTER = "2022 Q4"
PILOT = "Registo de mercados por SMS"
INDICATOR = "Vendedores registados"
STORY = "Matola: cadastrar os mercados com os vendedores"
EVIDENCE = "420 vendedores registados contra 400 previstos, em dois mercados."


# --- Secretariat, in French --------------------------------------------------------------------


def invite_coordinator(person):
    page = person.page
    menu(person, "Réseau", "Invitations")
    page.get_by_role("link", name=re.compile("Ajouter")).first.click()
    page.locator("#id_name").fill(COORDINATOR["name"])
    page.locator("#id_email").fill(COORDINATOR["email"])
    pick(page, "id_role", "Coordinateur ou coordinatrice de ville")
    pick(page, "id_city", "Matola")
    pick(page, "id_network", "ASToN")
    person.shot("invitation")
    page.get_by_role("button", name="Enregistrer").click()
    message(page, f"Invitation envoyée à {COORDINATOR['email']}")


def open_next_quarter(person):
    page = person.page
    menu(person, "Parcours d’apprentissage", "Trimestres")
    page.get_by_role("link", name=re.compile("Ajouter")).first.click()
    pick(page, "id_network", "ASToN")
    page.locator("#id_name").fill(NEXT_QUARTER)
    fill_date(page, "id_start", "2022-10-01")
    fill_date(page, "id_end", "2022-12-31")
    fill_date(page, "id_needs_deadline", "2022-09-15")
    person.shot("next-quarter")
    page.get_by_role("button", name="Enregistrer").first.click()
    message(page, re.compile(NEXT_QUARTER))


def choose_topic(person, topic):
    page = person.page
    menu(person, "Espace apprentissage")
    page.get_by_role("row", name=re.compile("2022 Q3")).get_by_role(
        "link", name="Classement"
    ).click()
    page.get_by_role("heading", name="Classement des besoins pour 2022 Q3").wait_for()
    pick(page, "id_topic", topic)
    page.locator("#id_reason").fill("Les villes veulent ouvrir leurs données aux start-up.")
    person.shot("topic")
    page.get_by_role("button", name="Choisir ce sujet").click()
    message(page, f"{topic} est le sujet de 2022 Q3.")


def create_kickoff(person, topic):
    page = person.page
    menu(person, "Parcours d’apprentissage", "Événements")
    page.get_by_role("link", name=re.compile("Ajouter")).first.click()
    pick(page, "id_network", "ASToN")
    page.locator("#id_title").fill(KICKOFF)
    pick(page, "id_kind", "Lancement")
    page.locator("#id_description").fill("Ouverture du trimestre consacré aux données ouvertes.")
    fill_date(page, "id_start", "2022-07-08 09:00")
    fill_date(page, "id_end", "2022-07-08 11:00")
    pick(page, "id_timezone", "Maputo", typed="Africa/Maputo")
    page.locator("#id_place").fill("Matola, salle du conseil municipal")
    pick(page, "id_languages", ["Français", "Portugais"], typed="fr, pt")
    pick(page, "id_topic", topic)
    pick(page, "id_quarter", "2022 Q3")
    pick(page, "id_host_city", "Matola")
    person.shot("kickoff")
    page.get_by_role("button", name="Enregistrer").first.click()
    message(page, re.compile(KICKOFF))


def import_attendance(person, tmp_path):
    page = person.page
    people = db_rows(
        person.server,
        "SELECT p.name, p.email FROM network_person p JOIN network_city c ON c.id = p.city_id"
        " WHERE c.slug = %s AND p.email LIKE %s ORDER BY p.email",
        ("matola", "participant-%"),
    )[:3]
    sheet = tmp_path / "présence-lancement.xlsx"
    sheet.write_bytes(
        attendance_sheet(
            [(*people[0], "oui"), (*people[1], "Oui"), (*people[2], "non")],
            header=["Nom", "Courriel", "Présent"],
        )
    )
    menu(person, "Espace apprentissage")
    page.get_by_role("row", name=re.compile(re.escape(KICKOFF))).get_by_role(
        "link", name="Présence"
    ).click()
    page.locator("input[type=file]").set_input_files(sheet)
    page.get_by_role("button", name="Importer").click()
    message(page, "Feuille importée : 2 personnes présentes.")
    person.shot("attendance")
    rows = db_rows(
        person.server,
        "SELECT p.email, r.attended FROM learning_registration r"
        " JOIN learning_event e ON e.id = r.event_id JOIN network_person p ON p.id = r.person_id"
        " WHERE e.title = %s ORDER BY p.email",
        (KICKOFF,),
    )
    assert [(email, bool(came)) for email, came in rows] == [
        (people[0][1], True),
        (people[1][1], True),
        (people[2][1], False),
    ]


def pair_critical_friends(person):
    page = person.page
    menu(person, "Espace apprentissage")
    page.get_by_role("link", name="Amis critiques").click()
    page.locator("#id_propose-stage_name").fill(STAGE)
    page.get_by_role("button", name="Proposer").click()
    message(page, "Proposition prête")
    stage = page.locator("section, div").filter(
        has=page.get_by_role("heading", name=re.compile(STAGE))
    )
    person.shot("pairs-proposed")
    stage.last.get_by_role("button", name="Confirmer ces amis critiques").click()
    message(page, "Amis critiques confirmés.")
    person.shot("pairs-confirmed")
    confirmed = db_rows(
        person.server,
        "SELECT confirmed FROM learning_criticalfriendpairing WHERE stage_name = %s",
        (STAGE,),
    )
    assert len(confirmed) == 5 and all(c for (c,) in confirmed)


def reflection_to_draft(person):
    page = person.page
    menu(person, "À capitaliser")
    row = page.locator('tr[data-candidate^="reflection-"]').filter(has_text="Kampala – 2022 Q1")
    row.get_by_role("button", name="En faire un brouillon").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    title = page.locator("#id_title").input_value()
    assert "Kampala" in title
    person.shot("draft")
    live = db_value(person.server, "SELECT live FROM wagtailcore_page WHERE title = %s", (title,))
    assert live is not None and not live


def test_secretariat_runs_the_quarter_in_french(demo_server, browser, tmp_path):
    with session(browser, demo_server, locale="fr-FR", name="secretariat") as person:
        sign_in(person, "secretariat")
        assert person.page.locator("html").get_attribute("lang") == "fr"
        invite_coordinator(person)
        open_next_quarter(person)
        choose_topic(person, "Open data")
        create_kickoff(person, "Open data")
        import_attendance(person, tmp_path)
        pair_critical_friends(person)
        reflection_to_draft(person)


# --- Matola's new coordinator, in Portuguese ----------------------------------------------------


def accept_invitation(person):
    page = person.page
    page.goto(person.server.last_link(r"http://\S+/invitations/\S+/"))
    page.get_by_role("link", name="Português").click()
    assert COORDINATOR["name"] in page.locator("main").inner_text()
    page.get_by_label("Palavra-passe", exact=True).fill(COORDINATOR["password"])
    page.get_by_label("Repita a palavra-passe").fill(COORDINATOR["password"])
    person.shot("invitation")
    page.get_by_role("button", name="Criar a minha conta").click()
    page.wait_for_url(f"{person.base}/admin/workspace/")
    assert "Matola: próximos passos" in page.locator("main").inner_text()
    person.shot("my-city")


def my_city(person):
    menu(person, "A minha cidade")
    person.page.get_by_text("Matola: próximos passos").wait_for()


def complete_onboarding_step(person, step, notes):
    """Open a step of the checklist from My city, note what happened, and be back on My city."""
    page = person.page
    menu(person, person.labels["my_city"])
    page.get_by_role("link", name=step).click()
    pick(page, "id_status", person.labels["done"])
    page.locator("#id_notes").fill(notes)
    page.get_by_role("button", name=person.labels["save"]).click()
    page.wait_for_url(f"{person.base}/admin/workspace/")
    message(page, person.labels["updated"])
    saved = db_rows(
        person.server, "SELECT status FROM onboarding_citystep WHERE notes = %s", (notes,)
    )
    assert saved == [("done",)]


def rank_needs(person, needs, labels):
    page = person.page
    menu(person, labels["hub"])
    page.get_by_role("row", name=re.compile(NEXT_QUARTER)).get_by_role(
        "link", name=labels["link"]
    ).click()
    for rank, (topic, why) in enumerate(needs, start=1):
        page.get_by_label(f"{labels['rank']} {rank}", exact=True).select_option(label=topic)
        page.get_by_label(f"{labels['why']} {rank})").fill(why)
    person.shot("needs")
    page.get_by_role("button", name=labels["save"]).click()
    message(page, labels["saved"])


def write_reflection(person):
    page = person.page
    menu(person, "Espaço de aprendizagem")
    page.get_by_role("row", name=re.compile("2022 Q3")).get_by_role(
        "link", name="A nossa reflexão"
    ).click()
    page.locator("#id_tried").fill("Registámos os vendedores de dois mercados por SMS.")
    page.locator("#id_worked").fill("Os vendedores responderam em menos de uma semana.")
    page.locator("#id_did_not_work").fill("Os telefones partilhados confundiram os registos.")
    page.locator("#id_next_steps").fill("Alargar ao mercado grossista.")
    page.locator("#id_lesson").fill("Os próprios vendedores são os melhores recenseadores.")
    page.locator("#id_share_lesson").check()
    person.shot("reflection")
    page.get_by_role("button", name=re.compile("Guardar|Submeter|Enviar")).first.click()
    message(page, "A sua reflexão foi guardada.")


def add_indicator(page, index, indicator):
    """Add an indicator row with the inline panel's own button, then fill it in."""
    assert add_row(page, "indicators", re.compile("Adicionar indicador")) == index
    page.locator(f"#id_indicators-{index}-name").fill(indicator["name"])
    page.locator(f"#id_indicators-{index}-unit").fill(indicator["unit"])
    page.locator(f"#id_indicators-{index}-baseline").fill(indicator["baseline"])
    page.locator(f"#id_indicators-{index}-target").fill(indicator["target"])


def create_pilot(person):
    page = person.page
    my_city(person)
    page.get_by_role("link", name="Adicionar um piloto").click()
    page.locator("#id_title").fill(PILOT)
    page.locator("#id_title").blur()
    if not page.locator("#id_slug").input_value():
        page.locator("#id_slug").fill("matola-mercados-sms")
    pick(page, "id_theme", "Cobrança de impostos")
    pick(page, "id_status", "Em curso")
    page.locator("#id_problem").fill("Metade dos vendedores não paga a taxa de mercado.")
    page.locator("#id_hypothesis").fill("Um registo por SMS torna a taxa simples de pagar.")
    fill_date(page, "id_start", "2022-04-01")
    fill_date(page, "id_end", "2022-09-30")
    page.locator("#id_budget_amount").fill("1500000")
    pick(page, "id_currency", "metical", typed="MZN")
    pick(page, "id_funding_source", "Subvenção da rede")
    page.locator("#id_people_reached").fill("420")
    add_indicator(
        page, 0, {"name": INDICATOR, "unit": "vendedores", "baseline": "0", "target": "400"}
    )
    person.shot("pilot")
    page.get_by_role("button", name="Guardar").first.click()
    message(page, PILOT)
    rows = db_rows(
        person.server,
        "SELECT p.currency, p.budget_amount, i.name, i.target FROM experiments_pilot p"
        " JOIN experiments_indicator i ON i.pilot_id = p.id WHERE p.title = %s",
        (PILOT,),
    )
    assert [(c, float(b), n, float(t)) for c, b, n, t in rows] == [
        ("MZN", 1_500_000.0, INDICATOR, 400.0)
    ]


def record_value_and_decision(person):
    page = person.page
    my_city(person)
    page.get_by_role("link", name=PILOT).click()
    page.get_by_role("button", name="Registar este valor").wait_for()
    pick(page, "id_value-indicator", INDICATOR)
    fill_date(page, "id_value-period_start", "2022-07-01")
    page.locator("#id_value-actual").fill("420")
    page.get_by_role("button", name="Registar este valor").click()
    message(page, "Valor de indicador registado.")
    pick(page, "id_decision-kind", "Ampliar")
    fill_date(page, "id_decision-decided_on", "2022-10-03")
    page.locator("#id_decision-decided_by").fill("Conselho municipal da Matola")
    page.locator("#id_decision-evidence").fill(EVIDENCE)
    person.shot("pilot-record")
    page.get_by_role("button", name="Registar a decisão").click()
    message(page, "Decisão registada.")
    kinds = db_rows(
        person.server,
        "SELECT d.kind FROM experiments_decision d JOIN experiments_pilot p ON p.id = d.pilot_id"
        " WHERE p.title = %s",
        (PILOT,),
    )
    assert kinds == [("scale_up",)]


def draft_city_story(person):
    page = person.page
    my_city(person)
    page.get_by_role("link", name=re.compile("história da nossa cidade", re.IGNORECASE)).click()
    page.wait_for_url("**/admin/pages/**")
    page.locator("#id_title").fill(STORY)
    summary = page.locator("#id_summary")
    if summary.count():
        summary.fill("Como Matola registou os vendedores de dois mercados por SMS.")
    person.shot("story")
    footer_action(page, re.compile("Knowledge review"))
    message(page, re.compile(re.escape(STORY)))
    person.shot("story-submitted")
    state = db_value(
        person.server,
        "SELECT s.status FROM wagtailcore_workflowstate s JOIN wagtailcore_page p"
        " ON s.object_id = CAST(p.id AS VARCHAR(255)) WHERE p.draft_title = %s",
        (STORY,),
    )
    assert state == "in_progress"


def test_matola_coordinator_joins_and_reports_in_portuguese(demo_server, browser):
    with session(browser, demo_server, locale="pt-PT", name="matola") as person:
        accept_invitation(person)
        person.labels = {
            "my_city": "A minha cidade",
            "done": "Feito",
            "save": "Guardar",
            "updated": "atualizado",
        }
        complete_onboarding_step(
            person, "Visita do secretariado à cidade", "Visita feita com o presidente do município."
        )
        my_city(person)
        rank_needs(
            person,
            [
                ("Open data", "Os vendedores pedem os dados dos mercados."),
                ("Evaluating an experiment", "Precisamos de julgar o piloto."),
            ],
            {
                "hub": "Espaço de aprendizagem",
                "link": "Classificar as nossas necessidades",
                "rank": "Posição",
                "why": "Porquê (posição",
                "save": "Guardar a nossa classificação",
                "saved": "A sua classificação para 2022 Q4 foi guardada.",
            },
        )
        write_reflection(person)
        create_pilot(person)
        record_value_and_decision(person)
        draft_city_story(person)


# --- Expert --------------------------------------------------------------------------------------


def test_expert_approves_the_story_and_it_is_public(demo_server, browser):
    with session(browser, demo_server, locale="en-GB", name="expert") as person:
        page = person.page
        sign_in(person, "expert")
        page.get_by_role("link", name=STORY).first.click()
        page.wait_for_url("**/admin/pages/*/edit/**")
        person.shot("review")
        with page.expect_navigation():
            footer_action(page, "Approve and Publish")
        page.wait_for_url(f"{person.base}/admin/")
        message(page, f"“{STORY}” is approved and published.")
        assert "permission" not in page.locator(".messages").inner_text()
        person.shot("approved")
        live = db_value(demo_server, "SELECT live FROM wagtailcore_page WHERE title = %s", (STORY,))
        assert live
    with session(browser, demo_server, locale="pt-PT", name="expert-reader") as reader:
        reader.goto("/pt/knowledge/")
        assert reader.page.get_by_role("link", name=STORY).count() == 1


# --- Bamako's coordinator, in English ------------------------------------------------------


def test_bamako_coordinator_keeps_its_own_records_in_english(demo_server, browser):
    with session(browser, demo_server, locale="en-GB", name="bamako") as person:
        page = person.page
        sign_in(person, "bamako")
        person.labels = {"my_city": "My city", "done": "Done", "save": "Save", "updated": "updated"}
        complete_onboarding_step(
            person, "Inaugural event attended", "Two councillors came with the coordinator."
        )
        person.shot("step-saved")
        rank_needs(
            person,
            [
                ("Street addressing with digital tools", "Half of Hamdallaye is addressed."),
                ("Open data", "Start-ups ask for the market data."),
            ],
            {
                "hub": "Learning hub",
                "link": "Rank our needs",
                "rank": "Rank",
                "why": "Why (rank",
                "save": "Save our ranking",
                "saved": "Your ranking for 2022 Q4 is saved.",
            },
        )
        menu(person, "Pilots", "Pilots")
        page.get_by_role("link", name="Street addresses for Hamdallaye").click()
        existing = add_row(page, "indicators", re.compile("Add indicator"))
        page.locator(f"#id_indicators-{existing}-name").fill("Tax notices delivered")
        page.locator(f"#id_indicators-{existing}-unit").fill("notices")
        page.locator(f"#id_indicators-{existing}-baseline").fill("0")
        page.locator(f"#id_indicators-{existing}-target").fill("1000")
        person.shot("indicator")
        page.get_by_role("button", name="Save").first.click()
        message(page, "Street addresses for Hamdallaye")
        names = db_rows(
            demo_server,
            "SELECT i.name FROM experiments_indicator i JOIN experiments_pilot p"
            " ON p.id = i.pilot_id WHERE p.slug = %s",
            ("bamako-street-addressing",),
        )
        assert ("Tax notices delivered",) in names

        matola_pilot = db_value(
            demo_server,
            "SELECT id FROM experiments_pilot WHERE title = %s",
            ("Scanning the land registry",),
        )
        assert person.status_of(f"/admin/snippets/experiments/pilot/edit/{matola_pilot}/") == 404
        person.shot("other-city-refused")


# --- A reader on a phone ---------------------------------------------------------------------


def nav_is_usable(person):
    """Every link of the site's header can be seen and tapped on the phone, none over another."""
    page = person.page
    toggle = page.locator("header summary, header button")
    if toggle.count() and toggle.first.is_visible():
        toggle.first.click()
    links = page.locator("header a")
    assert links.count() >= 12, links.all_inner_texts()
    boxes = []
    for index in range(links.count()):
        link = links.nth(index)
        name = link.inner_text()
        assert link.is_visible(), name
        link.click(trial=True)
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        boxes.append((name, box))
    for i, (name, a) in enumerate(boxes):
        for other, b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (name, other)


def test_a_reader_on_a_phone_finds_the_story_and_its_pdf(demo_server, browser):
    with session(browser, demo_server, locale="pt-PT", viewport=PHONE, name="phone") as person:
        page = person.page
        person.goto("/pt/")
        no_horizontal_scroll(page)
        nav_is_usable(person)
        person.shot("menu")
        page.locator("header").get_by_role("link", name="Conhecimento").click()
        page.wait_for_url(f"{person.base}/pt/knowledge/")
        no_horizontal_scroll(page)
        person.shot("library")
        page.get_by_role("link", name=STORY).click()
        assert page.locator("h1").inner_text() == STORY
        no_horizontal_scroll(page)
        person.shot("story")
        pdf = page.get_by_role("link", name=re.compile("PDF")).first.get_attribute("href")
        answer = page.request.get(person.base + pdf if pdf.startswith("/") else pdf)
        assert answer.status == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.body().startswith(b"%PDF")
        nav_is_usable(person)
