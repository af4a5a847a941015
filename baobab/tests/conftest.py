def pytest_collection_modifyitems(items):
    # The persona journeys change the shared demo (a new pilot, a chosen topic, a published
    # story): they run after every other test that reads the demo as it was loaded.
    def is_journey(item):
        return item.nodeid.split("::")[0].rsplit("/", 1)[-1].startswith("test_journeys_")

    items.sort(key=is_journey)
