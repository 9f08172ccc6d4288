import pytest

from core.calendar import WorkCalendar
from core.rules.engine import Engine
from core.rules.loader import load_rulebook


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture(scope="session")
def engine(book):
    return Engine(book, WorkCalendar())
