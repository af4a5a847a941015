from network import selectors
from network.models import Membership


def test_figures_count_member_cities_and_sum_their_population(aston):
    figures = selectors.network_figures(network=aston)
    assert figures["cities"] == 11
    assert figures["population"] == sum(
        m.city.population for m in aston.memberships.select_related("city")
    )


def test_withdrawn_and_selected_cities_are_not_counted_as_members(aston):
    Membership.objects.filter(network=aston, city__slug="lagos").update(status="withdrawn")
    Membership.objects.filter(network=aston, city__slug="kumasi").update(status="selected")
    figures = selectors.network_figures(network=aston)
    assert figures["cities"] == 9
    assert figures["population"] == sum(
        c.population for c in selectors.network_member_cities(network=aston)
    )


def test_a_section_page_belongs_to_the_network_of_the_home_page_above_it(aston):
    from wagtail.models import Page

    from learning.models import LearningPage

    page = LearningPage.objects.filter(locale__language_code="en").first()
    assert selectors.page_network(page) == aston
    assert selectors.page_network(Page.get_first_root_node()) is None
