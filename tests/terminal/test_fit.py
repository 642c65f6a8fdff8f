""""Is this for me?": the answers as filters and a service, the pages, skipping, bad answers and starting over."""

from __future__ import annotations

import pytest

from kiosk.terminal import fit
from tests.catalogues import say


def test_each_answer_sets_its_filter():
    assert fit.Answers(looking="course").filters() == {"kind": "course"}
    assert fit.Answers(looking="advice").filters() == {}
    assert fit.Answers(italian="few_words").filters() == {"italian": "A1"}
    assert fit.Answers(italian="basic").filters() == {"italian": "A2"}
    assert fit.Answers(italian="good").filters() == {"italian": "B2"}
    assert fit.Answers(italian="native").filters() == {}
    assert fit.Answers(town="Sarzana").filters() == {"town": "Sarzana"}
    assert fit.Answers(town=fit.ANYWHERE).filters() == {}
    assert fit.Answers("", "", "").filters() == {}  # all skipped


@pytest.mark.parametrize(("looking", "service"), [
    ("job", "orientation"), ("course", "training"), ("internship", "orientation"),
    ("apprenticeship", "orientation"), ("advice", "orientation"), ("", "orientation"), (None, "orientation")])
def test_the_service_follows_what_is_looked_for(looking, service):
    assert fit.Answers(looking=looking).service_slug() == service


def test_an_answer_must_be_one_of_the_choices():
    assert fit.check_answer("looking", "job", []) == "job"
    assert fit.check_answer("town", "Sarzana", ["Sarzana"]) == "Sarzana"
    assert fit.check_answer("town", fit.ANYWHERE, []) == fit.ANYWHERE
    assert fit.check_answer("italian", "", []) == fit.SKIPPED
    for question, value in (("looking", "money"), ("town", "Atlantis"), ("italian", "A1")):
        with pytest.raises(fit.NotAChoice):
            fit.check_answer(question, value, ["Sarzana"])


def test_what_a_session_holds_is_read_carefully():
    assert fit.read_answers(None) == fit.Answers()
    assert fit.read_answers({"looking": "job", "italian": 3, "town": "x" * 200}) == fit.Answers(looking="job")
    assert not fit.Answers().started and fit.Answers(italian="").started


@pytest.fixture
def desk(make_site, make_service, make_offer):
    site = make_site()
    make_service(site, "A", "orientation", texts={"it": {"name": "Orientamento"}, "en": {"name": "Job orientation"}})
    make_service(site, "D", "training", texts={"it": {"name": "Corsi"}, "en": {"name": "Training courses"}})
    make_offer(kind="course", town="Sarzana", italian_level="A2")
    make_offer(kind="course", town="Sarzana", italian_level="B2")
    make_offer(kind="job", town="Lerici", italian_level="none")
    return site


def test_three_answers_lead_to_the_list_with_their_filters_and_the_service(client, desk):
    page = client.get("/fit/looking?lang=en")
    assert page.status_code == 200 and say("en", "What are you looking for?") in page.text
    assert say("en", "Question %(number)s of %(total)s", number=1, total=3) in page.text
    answered = client.post("/fit/looking", data={"answer": "course"})
    assert answered.status_code == 303 and answered.location == "/fit/italian"
    assert client.post("/fit/italian", data={"answer": "basic"}).location == "/fit/town"
    town_page = client.get("/fit/town").text
    assert 'value="Sarzana"' in town_page and 'value="Lerici"' in town_page and 'value="anywhere"' in town_page
    last = client.post("/fit/town", data={"answer": "Sarzana"})
    assert last.status_code == 303 and last.location == "/offers?kind=course&italian=A2&town=Sarzana"
    listed = client.get(last.location).text
    assert "Offer 1" in listed and "Offer 2" not in listed  # the B2 course asks for more Italian
    assert say("en", "Suggested for you") in listed and "Training courses" in listed
    assert 'href="/ticket/training"' in listed


def test_every_question_can_be_skipped(client, desk):
    for question, following in (("looking", "/fit/italian"), ("italian", "/fit/town"), ("town", "/offers")):
        assert client.post(f"/fit/{question}", data={"answer": ""}).location == following
    listed = client.get("/offers?lang=en").text
    assert 'href="/ticket/orientation"' in listed  # skipped: orientation, where anything can be asked


def test_a_bad_answer_is_refused_in_the_visitors_language_and_changes_nothing(client, desk):
    client.post("/fit/looking?lang=ar", data={"answer": "job"})
    refused = client.post("/fit/town", data={"answer": "Atlantis"})
    assert refused.status_code == 400 and say("ar", "This choice is not available.") in refused.text
    with client.session_transaction() as session:
        assert session["fit"] == {"looking": "job"}
    assert client.get("/fit/somewhere").status_code == 404


def test_nothing_is_suggested_before_an_answer_and_start_over_forgets_the_answers(client, desk):
    assert say("en", "Suggested for you") not in client.get("/offers?lang=en").text
    client.post("/fit/looking", data={"answer": "job"})
    assert 'href="/ticket/orientation"' in client.get("/offers").text
    client.post("/start-over")
    with client.session_transaction() as session:
        assert "fit" not in session
    assert 'href="/ticket/orientation"' not in client.get("/offers").text


def test_the_home_screen_leads_to_the_first_question(client, desk):
    assert 'href="/fit/looking"' in client.get("/home").text


def test_going_back_shows_the_answer_given(client, desk):
    client.post("/fit/looking", data={"answer": "internship"})
    page = client.get("/fit/looking?lang=en").text
    assert 'value="internship" class="button fit-answer fit-chosen"' in page
    assert page.count("fit-chosen") == 1 and say("en", "(your answer)") in page



def test_at_central_the_suggestion_asks_a_desk_for_a_number_from_the_phones_page(app, client, desk):
    app.config["KIOSK_ROLE"] = "central"
    client.post("/fit/looking", data={"answer": "job"})
    listed = client.get("/offers").text
    assert 'href="/ticket/orientation"' not in listed and 'href="/m/take?lang=it"' in listed
