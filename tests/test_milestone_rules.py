"""What a milestone is, as the milestone guidelines write it, on hand-written sentences: the speech
date is never the event's, one record per event per article, early/mid/late ranges, the war's own
turning points, places the text puts events in, recency; and reports merged across articles only
when they tell of one event."""
import datetime as dt

import pandas as pd

from analysis import Resources, run
from analysis.gazetteer import load_gazetteer
from analysis.milestones import load_cues
from analysis.text import segments, sentence_starts

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)
RESOURCES = Resources(MINI)


def articles(*texts, published="2025-02-12", titles=None):
    n = len(texts)
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "title": titles or [""] * n,
                         "standfirst": [""] * n, "text": list(texts), "source": [f"S{i}" for i in range(n)],
                         "published": [pd.Timestamp(published, tz="UTC")] * n})


def milestones(*texts, **options):
    return run(articles(*texts, **options), RESOURCES, want="milestones").milestones


def test_sentences_glued_by_web_extraction_are_split():
    text = "The call is scheduled.Emmanuel Macron is also to talk. St.Petersburg stays one. Kyiv e.g.Lviv."
    assert [text[a:b] for a, b in segments(text, sentence_starts(text))] == [
        "The call is scheduled.", "Emmanuel Macron is also to talk.", "St.Petersburg stays one.", "Kyiv e.g.Lviv."]
    glued = ('He stood for office in 2010.Then he withdrew. Kyiv called it "a sham".A week later talks began. '
             'Law was broken in Crimea.I agree with that. The ratio was 1.5.It rose by No.5.')
    assert [glued[a:b] for a, b in segments(glued, sentence_starts(glued))] == [
        "He stood for office in 2010.", "Then he withdrew.", 'Kyiv called it "a sham".', "A week later talks began.",
        "Law was broken in Crimea.", "I agree with that.", "The ratio was 1.5.It rose by No.5."]
    accented = 'They said so in a communiqué."Next year we meet in Genève.Talks follow.'
    assert [accented[a:b] for a, b in segments(accented, sentence_starts(accented))] == [
        'They said so in a communiqué."', "Next year we meet in Genève.", "Talks follow."]


def test_the_day_something_was_said_is_never_the_event_date():
    assert milestones("Antony Blinken said on Friday that an invasion could begin at any time.").empty
    table = milestones("Joe Biden said on Friday that talks with Russia will take place next week.")
    assert table[["kind", "expression", "status"]].values.tolist() == [["talks", "next week", "upcoming"]]


def test_one_record_per_event_per_article():
    # the headline repeats the lead: one event, dated where the date is most precise
    table = milestones("Russia and Ukraine will hold talks next week. The talks will open on Tuesday in Istanbul.",
                       titles=["Talks next week"])
    assert table[["kind", "expression", "place"]].values.tolist() == [["talks", "Tuesday", "Istanbul"]]
    # two calls on one day with other participants are two events
    two = milestones("Antony Blinken held a call with Dmitry Peskov on Saturday. "
                     "Joe Biden held a call with Vladimir Putin on Saturday.")
    assert [set(a) for a in two["actors"]] == [{"Antony Blinken", "Dmitry Peskov"}, {"Joe Biden", "Vladimir Putin"}]
    # a year holds many events: "in 2014" twice is kept twice when the kinds differ, once when not
    years = milestones("Russia annexed Crimea in 2014. The war began in 2014. In 2014 the war began in the east.")
    assert years["kind"].tolist() == ["annexation", "war"]


def test_early_mid_and_late_give_the_guidelines_ranges():
    table = milestones("Talks are due in early April. A summit is planned for mid-2025. "
                       "A deal was signed in late February. Elections are due at the end of the year.",
                       published="2025-01-10")
    ranges = [(r.start.date(), r.end.date()) for r in table.itertuples()]
    assert ranges == [(dt.date(2025, 4, 1), dt.date(2025, 4, 10)), (dt.date(2025, 5, 1), dt.date(2025, 8, 31)),
                      (dt.date(2025, 2, 20), dt.date(2025, 2, 28)), (dt.date(2025, 10, 1), dt.date(2025, 12, 31))]


def test_the_war_s_turning_points_are_war_and_a_deal_left_is_cancelled():
    table = milestones("Russian troops crossed into the Kursk region in an incursion on Tuesday. "
                       "Russia withdrew from the grain deal on Monday.", published="2025-08-08")
    assert table[["kind", "status"]].values.tolist() == [["war", "past"], ["agreement", "cancelled"]]


def test_the_place_is_where_the_text_puts_the_event():
    table = milestones("Zelenskiy will visit Washington on Friday, after a plea by Kyiv.",
                       "Kyiv rejected the deal on Monday.",
                       "The UN Security Council met on Monday to vote on a resolution.",
                       "Delegations met in Riyadh on Monday, and officials in Moscow praised the talks.")
    assert table["place"].tolist() == ["Washington", "", "New York", "Riyadh"]


def test_recency_says_how_long_before_the_article_the_event_was():
    table = milestones("Talks were held in Istanbul on Monday. Russia annexed Crimea in 2014. "
                       "A summit will open on Friday.", published="2025-02-12")
    assert table[["recency", "background"]].values.tolist() == [[2, False], [3696, True], [-2, False]]
    assert str(table["recency"].dtype) == "int64" and str(table["background"].dtype) == "bool"


def test_reports_merge_only_when_they_tell_of_one_event():
    texts = ["Russia and Ukraine held talks in Istanbul on Monday.",             # one event, three reports:
             "Delegations of Ukraine and Russia met in Istanbul on Monday.",     # a meeting is a gathering too
             "Vladimir Putin's envoys held talks with Ukraine on Monday.",       # no place, shared participants
             "Antony Blinken held talks with Dmitry Peskov on Monday.",          # other participants, no place
             "Russia and Ukraine agreed a prisoner exchange in Istanbul on Monday."]  # another kind of event
    events = run(articles(*texts, published="2025-02-12"), RESOURCES, want="timeline").timeline
    assert sorted(events[["kind", "n_articles"]].values.tolist()) == [["prisoner exchange", 1], ["talks", 1],
                                                                      ["talks", 3]]


def test_an_event_reads_as_a_title_with_its_salience_and_supporting_sentences():
    texts = ["Russia and Ukraine held talks in Istanbul on Monday.",
             "Delegations of Ukraine and Russia met in Istanbul on Monday.",
             "Joe Biden held a call with Vladimir Putin on Tuesday.",
             "Russia annexed Crimea in 2014 and has held it since."]
    frame = articles(*texts, published="2025-02-12").assign(source=["Wire", "Wire", "Post", "Post"])
    events = run(frame, RESOURCES, want="timeline").timeline.set_index("kind")
    talks, call, annexation = events.loc["talks"], events.loc["call"], events.loc["annexation"]
    assert talks["title"] == "Russia–Ukraine talks in Istanbul" and call["title"] == "Biden–Putin call"
    assert talks["participants"] == ["Russia", "Ukraine"]
    assert talks["salience"] == 1.1  # one outlet, and a tenth for its second article
    assert talks["sentences"] == texts[:2] and not talks["background"]
    assert annexation["background"] and annexation["title"] == "Russia–Ukraine annexation"


def test_the_war_s_turning_points_are_its_sides_whoever_the_sentence_names():
    """The guidelines' participants of a war event: its sides, a person where the sentence makes one
    the actor; not who speaks of it, nor bystanders."""
    table = milestones("Putin annexed Crimea in 2014, Antony Blinken said.",
                       "Zelensky said the first invasion of Ukraine began in 2014.",
                       "Also involving Antony Blinken, the visit came a week after the invasion began on 24 February.",
                       "Ukrainian forces retook the island from Russian forces in June.",
                       published="2022-08-17")
    assert table[["article_id", "kind", "cue"]].values.tolist() == [
        ["a0", "annexation", "annexed"], ["a1", "war", "invasion"], ["a2", "war", "invasion"], ["a3", "war", "retook"]]
    assert [sorted(a) for a in table["actors"]] == [["Ukraine", "Vladimir Putin"], ["Russia", "Ukraine"],
                                                    ["Russia", "Ukraine"], ["Russia", "Ukraine"]]
    assert table["people"].tolist() == [["Vladimir Putin"], [], [], []]


def test_a_date_in_a_since_clause_dates_the_event_the_clause_names():
    table = milestones("It is the first ship to leave Ukraine since Russia's invasion began in February.",
                       "Talks with Russia have been stalled since January.", published="2022-08-01")
    assert table[["article_id", "kind", "expression", "status"]].values.tolist() == [
        ["a0", "war", "February", "past"]]
    assert table["start"].dt.strftime("%Y-%m-%d").tolist() == ["2022-02-01"]


def test_an_event_that_dates_the_rest_of_the_sentence_has_happened_whatever_the_rest_says():
    table = milestones("Russia attacked Ukraine in 2022 because, after its 2014 invasion, Putin thought he could get away with it.",
                       "Envoys met in Geneva after Thursday's talks, and officials said a deal could follow.",
                       published="2023-03-02")
    assert table[["kind", "expression", "status"]].values.tolist() == [
        ["war", "2022", "past"], ["war", "2014", "past"], ["talks", "Thursday", "past"]]


def test_reports_of_two_acts_of_the_war_are_two_events_titled_by_their_acts():
    """The war's sides are in every report of it, so they cannot tell its turning points apart: the
    act named does ("invaded" in 2022 is not the counteroffensive of 29 August)."""
    events = run(articles("Ukraine launched a counteroffensive on 29 August 2022.", "Russia invaded Ukraine in 2022.",
                          "The invasion of 2022 was long planned.", published="2025-02-12"),
                 RESOURCES, want="timeline").timeline
    assert events[["title", "n_articles", "precision"]].values.tolist() == [
        ["Russia–Ukraine war: invasion", 2, "year"], ["Russia–Ukraine war: counteroffensive", 1, "day"]]


def test_a_year_report_naming_no_one_joins_no_event_of_that_year():
    events = run(articles("Russia and Ukraine held talks in Istanbul on 29 March 2022.",
                          "During a visit last year, officials toured the town.", published="2023-06-01"),
                 RESOURCES, want="timeline").timeline
    assert events[["kind", "n_articles", "precision"]].values.tolist() == [["visit", 1, "year"], ["talks", 1, "day"]]


def test_the_day_an_act_was_announced_dates_it_unless_the_sentence_has_another_date():
    aid = milestones("The United States announced on Wednesday a new military aid package for Ukraine.")
    assert aid[["kind", "expression"]].values.tolist() == [["military aid", "Wednesday"]]
    talks = milestones("Turkey announced on Wednesday that talks will be held in Istanbul next week.")
    assert talks[["kind", "expression", "place"]].values.tolist() == [["talks", "next week", "Istanbul"]]


def test_an_event_that_only_dates_another_is_not_the_other_s_date():
    # "since the invasion" dates the attack; the date is the attack's, which is no milestone
    assert milestones("On Monday, the worst cyberattack since the start of the Russian invasion hit Kyiv.").empty
    # a date the phrase restates, or one inside or right after it, is the anchoring event's own
    table = milestones("In 2014, after the outbreak of the war in the east, he mediated between the sides. "
                       "Exports fell sharply after the invasion on February 24.", published="2025-03-12")
    assert table[["kind", "expression"]].values.tolist() == [["war", "2014"], ["war", "February 24"]]


def test_dates_people_write_as_runs_of_days_and_long_clauses_keep_their_tense():
    table = milestones("Volodymyr Zelenskiy from Friday to Sunday is visiting Washington.",
                       "Zelenskiy will hold talks in the western city of Lviv with the leaders of the "
                       "United Nations and of the European Union on Thursday.", published="2025-02-15")
    assert [(r.start.date(), r.end.date()) for r in table.itertuples()] == [
        (dt.date(2025, 2, 14), dt.date(2025, 2, 16)), (dt.date(2025, 2, 20), dt.date(2025, 2, 20))]
    assert table["status"].tolist() == ["past", "upcoming"]


def test_a_way_home_is_not_where_an_event_happens():
    table = milestones("Zelenskiy attended the conference on Saturday before returning to Kyiv.",
                       "Joe Biden travelled to Kyiv on Saturday.", published="2025-02-16")
    assert table["place"].tolist() == ["", "Kyiv"]


def test_reports_kept_apart_by_what_came_later_are_joined():
    # the first report names no place, the second no shared participant: once the third gives the
    # first its place, all three are one summit in Munich
    texts = ["Zelenskiy spoke at the conference on Saturday.",
             "Antony Blinken addressed the conference in Munich on Saturday.",
             "Zelenskiy gave a speech at the conference in Munich on Saturday."]
    events = run(articles(*texts, published="2025-02-16"), RESOURCES, want="timeline").timeline
    assert events[["kind", "place", "n_articles"]].values.tolist() == [["summit", "Munich", 3]]


def test_a_city_after_the_government_in_is_a_government_not_a_venue():
    table = milestones("Envoys held talks on Monday with the government in Kyiv.",
                       "Envoys held talks in Kyiv on Monday.", published="2025-02-12")
    assert table["place"].tolist() == ["", "Kyiv"]


def test_sanctions_are_a_decision_and_a_press_conference_is_no_summit():
    table = milestones("Britain imposed new sanctions on Russia on Monday.",
                       "Prices rose in the winter because of the fallout from sanctions.",
                       "The United States on Thursday sanctioned two Russian banks.",
                       "Blinken told a press conference on Friday that the alliance stands ready.",
                       published="2025-02-15")
    assert table[["article_id", "kind", "expression"]].values.tolist() == [
        ["a0", "sanctions", "Monday"], ["a2", "sanctions", "Thursday"]]


def test_an_invasion_of_another_state_is_another_war():
    """The war's own turning points only: an act done to a state of neither side (one the gazetteer
    names, or one the cue file lists) is another war's, and no milestone."""
    frame = articles("The invasion of Poland in 1939 began the Second World War.",
                     "The invasion of Iraq in 2003 split the alliance.",
                     "The invasion of Ukraine in 2022 split the continent.", published="2025-02-12")
    table = run(frame, Resources.load(), want="milestones").milestones
    assert table[["article_id", "kind", "expression"]].values.tolist() == [["a2", "war", "2022"]]
    assert sorted(table["actors"][0]) == ["Russia", "Ukraine"]


def test_of_the_dates_nearest_to_one_cue_the_nearest_is_its_event():
    table = milestones("After the Georgia war in 2008, Putin annexed Crimea in 2014.",
                       "The invasion on 24 February came after the winter harvest.", published="2025-08-01")
    assert table[["kind", "expression"]].values.tolist() == [["annexation", "2014"], ["war", "24 February"]]


def test_a_date_in_a_relative_clause_about_a_person_or_a_place_is_that_clause_s():
    table = milestones("Blinken met an envoy who was arrested in Moscow last month.",
                       "Putin, who met Blinken on Friday in Geneva, left early.", published="2025-02-12")
    assert table[["article_id", "kind", "expression", "place"]].values.tolist() == [
        ["a1", "meeting", "Friday", "Geneva"]]


def test_a_speaker_s_date_before_the_verb_and_a_state_as_of_a_day_are_no_event_s():
    assert milestones("The Ukrainian ministry on Tuesday stressed the role of the U.N. in the talks.",
                      "As of today, there is no chance of a peace deal.").empty
    table = milestones("Kyiv on Tuesday announced talks with Moscow.", published="2025-02-12")
    assert table[["kind", "expression"]].values.tolist() == [["talks", "Tuesday"]]


def test_a_city_an_event_happens_in_is_no_party_save_a_visit_s_host():
    """The guidelines: a place is not a participant, a visit's host state is; a person named for
    a side stands for it ("Russia and Vladimir Putin": Putin)."""
    table = milestones("Biden and Putin held a summit in Moscow on Monday.", "Biden visited Kyiv on Monday.",
                       "Russia and Vladimir Putin held talks with Zelenskiy on Monday.", published="2025-02-12")
    assert [sorted(a) for a in table["actors"]] == [["Joe Biden", "Vladimir Putin"], ["Joe Biden", "Ukraine"],
                                                    ["Vladimir Putin", "Volodymyr Zelenskiy"]]


def test_a_visit_and_the_gathering_it_is_for_are_two_events():
    table = milestones("Zelenskiy will travel to Washington for talks with Biden on Friday.", published="2025-02-12")
    rows = {r.kind: (r.expression, r.place, sorted(r.actors)) for r in table.itertuples()}
    assert rows == {"visit": ("Friday", "Washington", ["Joe Biden", "United States", "Volodymyr Zelenskiy"]),
                    "talks": ("Friday", "Washington", ["Joe Biden", "Volodymyr Zelenskiy"])}


def test_a_date_after_a_verb_dates_the_verb_not_the_phrase_that_follows():
    # "In 2014, after the outbreak of the war": a date that opens the clause is the phrase's own
    assert milestones("Police searched the hotel on 6 July, after the mutiny.", published="2025-08-01").empty


def test_a_state_an_event_is_about_is_no_party_to_it():
    """The guidelines: participants are the actors taking part; "the war in Ukraine" is a topic."""
    table = milestones("Biden and Putin discussed the Ukraine crisis in a call on Monday.",
                       "The European Union adopted a statement on Tuesday condemning Russia's invasion of Ukraine.",
                       published="2025-02-12")
    assert [sorted(a) for a in table["actors"]] == [["Joe Biden", "Vladimir Putin"], ["European Union"]]


def test_one_who_only_tells_of_an_event_is_no_party_to_it():
    table = milestones("Blinken said Putin had made it clear in a call with Biden on Monday that talks were over.",
                       "Biden said he had a call with Putin on Monday.",
                       "Biden wrote after his visit to Kyiv on Friday that Putin could not win.", published="2025-02-12")
    assert [sorted(a) for a in table["actors"]] == [["Joe Biden", "Vladimir Putin"], ["Joe Biden", "Vladimir Putin"],
                                                    ["Joe Biden", "Ukraine"]]


def test_a_status_word_in_what_a_speaker_goes_on_to_tell_is_not_the_event_s():
    table = milestones("My visit to Kyiv this morning has confirmed to me that Russia will not win.",
                       "Biden said on Monday that talks with Russia will take place next week.", published="2025-02-12")
    assert table[["kind", "status"]].values.tolist() == [["visit", "past"], ["talks", "upcoming"]]


def test_a_state_named_by_its_officials_takes_part():
    table = milestones("U.S. and Russian officials held talks in Riyadh on Tuesday.", published="2025-02-12")
    assert sorted(table.iloc[0]["actors"]) == ["Russia", "United States"]


def test_a_ban_is_a_decree_and_a_call_for_a_freeze_a_plan():
    table = milestones("Zelenskiy banned the party three weeks ago.", "Putin was banned from entering Poland last year.",
                       "On Friday, Putin called for a freeze of hostilities in Ukraine.", published="2025-02-12")
    assert table[["kind", "status"]].values.tolist() == [["decree", "past"], ["plan", "past"]]
    assert table.iloc[1]["actors"] == ["Vladimir Putin"]


def test_a_date_one_article_gives_against_many_coarser_reports_does_not_date_the_event():
    texts = ["Putin annexed Crimea in 2014."] * 5 + ["Putin annexed Crimea in April 2014."]
    events = run(articles(*texts, published="2025-02-12"), RESOURCES, want="timeline").timeline
    assert events[["kind", "precision", "n_articles"]].values.tolist() == [["annexation", "year", 6]]
    texts = ["Putin annexed Crimea in 2014."] * 4 + ["Putin annexed Crimea in April 2014."]
    events = run(articles(*texts, published="2025-02-12"), RESOURCES, want="timeline").timeline
    assert events[["precision", "start"]].values.tolist() == [["month", pd.Timestamp("2014-04-01")]]


def test_a_report_two_days_after_a_range_is_not_of_it():
    """Two days' tolerance is for sources that disagree on one day, not on a range they give."""
    events = run(articles("Biden and Putin held talks in Geneva on 14-16 February.",
                          "Biden and Putin met on 18 February.", published="2025-02-20"),
                 RESOURCES, want="timeline").timeline
    assert len(events) == 2


def test_a_call_brought_in_as_new_is_not_swallowed_by_another_on_its_day():
    """Two calls on one day are two events; one whose parties are only described ("a call between
    the two foreign ministers") is brought in as new, not told of again ("the call")."""
    table = milestones("On Saturday, a call between the two foreign ministers is to take place. "
                       "Also on Saturday, Joe Biden will hold a phone call with Vladimir Putin.", published="2025-02-15")
    assert [sorted(a) for a in table["actors"]] == [[], ["Joe Biden", "Vladimir Putin"]]
    again = milestones("Joe Biden held a phone call with Vladimir Putin on Saturday. The call on Saturday was long.",
                       published="2025-02-16")
    assert len(again) == 1


def test_an_event_said_to_last_some_days_covers_them():
    table = milestones("Joe Biden began a three-day visit to Kyiv on Monday.", published="2025-02-12")
    assert [(r.start.date(), r.end.date()) for r in table.itertuples()] == [(dt.date(2025, 2, 10), dt.date(2025, 2, 12))]


def test_a_date_in_what_a_speaker_tells_does_not_date_an_event_outside_it():
    assert milestones("Asked why Kyiv had not imposed sanctions, Zelenskiy replied that it recalled 2014.",
                      published="2025-02-12").empty
    # an announcement's words are the announced act's
    table = milestones("Joe Biden announced that new sanctions would be imposed on Russia on Friday.", published="2025-02-12")
    assert table["kind"].tolist() == ["sanctions"]


def test_where_someone_is_posted_is_not_where_an_event_happens():
    table = milestones("A diplomat stationed in Kyiv said Russia and Ukraine held talks last week.", published="2025-02-12")
    assert table["place"].tolist() == [""]


def test_a_forum_s_leaders_gathered_are_its_summit():
    table = milestones("G20 leaders meet in Rio in November.", "Nato defence ministers will gather in Brussels on Thursday.",
                       published="2025-07-01")
    assert table["kind"].tolist() == ["summit", "summit"]


def test_a_war_waged_since_a_date_began_then():
    table = milestones("Russia has been waging a war against Ukraine since 2014.",
                       "It was the worst offensive since 2014.", published="2025-02-12")
    assert table[["kind", "start"]].values.tolist() == [["war", pd.Timestamp("2014-01-01")]]


def test_the_date_of_a_cited_article_is_no_event_s():
    assert milestones("The letter (Putin rejects the ceasefire during Biden's visit, 29 April) misses the point.",
                      published="2025-05-02").empty


def test_a_leader_travelling_at_home_pays_no_visit():
    table = milestones("Zelenskiy visited the front in Odesa on Monday.", "Joe Biden visited Odesa on Monday.",
                       published="2025-02-12")
    assert table["actors"].tolist() == [["Joe Biden"]]


def test_a_teaser_cut_short_gives_way_to_the_sentence_in_full():
    table = milestones("Russia and Ukraine will hold talks in Istanbul on Monday, officials…\n\n"
                       "Russia and Ukraine will hold talks in Istanbul on Monday, officials in Ankara confirmed.",
                       published="2025-02-12")
    assert table["sentence"].tolist() == ["Russia and Ukraine will hold talks in Istanbul on Monday, officials in Ankara confirmed."]


def test_arriving_for_talks_is_a_visit_and_talks():
    table = milestones("Vladimir Putin is expected to arrive for talks in Kyiv on Wednesday.", published="2025-02-10")
    assert sorted(table["kind"]) == ["talks", "visit"]


def test_people_a_later_sentence_says_attended_an_event_take_part_in_it():
    table = milestones("On Monday, a video conference of the allies was held, convened by Joe Biden. "
                       "Markets were calm. The video conference was attended by Volodymyr Zelenskiy and Antony Blinken.",
                       published="2025-02-12")
    assert sorted(table["actors"][0]) == ["Antony Blinken", "Joe Biden", "Volodymyr Zelenskiy"]


def test_a_person_a_clause_refers_to_is_the_one_named_just_before():
    table = milestones("Antony Blinken is the first envoy to go there since the war began. "
                       "The visit was kept quiet until his arrival in Kyiv on Tuesday.", published="2025-02-12")
    assert [sorted(a) for a in table["actors"]] == [["Antony Blinken", "Ukraine"]]
    named = milestones("Antony Blinken spoke of peace. Joe Biden began his visit to Kyiv on Tuesday.", published="2025-02-12")
    assert [sorted(a) for a in named["actors"]] == [["Joe Biden", "Ukraine"]]  # a clause naming its person keeps to it


def test_the_event_a_place_names_is_the_only_one_it_locates():
    table = milestones("In 2015, after the war broke out, he mediated between Russia and Ukraine in the Minsk agreements.",
                       published="2025-02-12")
    assert table[["kind", "place"]].values.tolist() == [["war", ""], ["agreement", "Minsk"]]


def test_a_date_opening_a_sentence_dates_each_kind_of_event_in_it():
    table = milestones("In 2015, after the war broke out, Russia and Ukraine signed the Minsk agreements.",
                       "On Saturday, a call between the two ministers will take place, Blinken said on a visit to Fiji.",
                       published="2025-02-12")
    assert table["kind"].tolist() == ["war", "agreement", "call"]  # a day's date keeps to its nearest event


def test_of_cues_about_as_near_a_date_one_in_its_own_clause_is_its_event():
    table = milestones("Referendums are due in four occupied areas later this week, and Russia is then "
                       "expected to declare the regions annexed.", published="2025-02-12")
    assert table["kind"].tolist() == ["election"]  # "occupied areas" is a description, no occupation


def test_a_cue_beyond_a_semicolon_is_not_a_date_s_event():
    table = milestones("The poll ran in May 2023, after the invasion; and again in May 2024, after a year of full-scale war.",
                       published="2025-02-12")
    assert table.empty


def test_dates_worked_out_from_another_event():
    table = milestones("Putin fled on February 26, two days after the start of the Russian invasion.",
                       published="2022-04-14")
    assert table[["kind", "start", "expression"]].values.tolist() == [
        ["war", pd.Timestamp("2022-02-24"), "February 26, two days after"]]
    table = milestones("Joe Biden met Vladimir Putin on Friday. The meeting comes a week after Russia and Ukraine "
                       "signed a joint statement.", published="2025-02-15")
    assert table[["kind", "start", "end"]].values.tolist() == [
        ["meeting", pd.Timestamp("2025-02-14"), pd.Timestamp("2025-02-14")],
        ["statement", pd.Timestamp("2025-02-03"), pd.Timestamp("2025-02-09")]]  # "a week": about a week
    table = milestones("The summit comes a day after the ministers held talks.", published="2025-02-15")
    assert table[["kind", "start"]].values.tolist() == [["talks", pd.Timestamp("2025-02-14")]]  # the summit is now


def test_an_acronym_in_brackets_breaks_no_clause_and_a_topic_is_no_party():
    table = milestones("In March, the Kremlin (KGB) issued an arrest warrant for Joe Biden over war crimes in Ukraine.",
                       "The question of Ukraine's membership will dominate this week's Nato summit in Vilnius.",
                       published="2025-04-12")
    assert table["actors"].tolist() == [["Kremlin", "Joe Biden"], ["NATO"]]


def test_events_counted_as_many_are_no_one_milestone():
    assert milestones("In 2023 the council held dozens of hearings, sessions and meetings on the war.",
                      "Last year the assembly passed numerous resolutions on the conflict.",
                      "Several rounds of talks took place in Geneva last spring.", published="2024-03-01").empty
    table = milestones("Officials met in Geneva last spring.", published="2024-03-01")
    assert table["kind"].tolist() == ["meeting"]


def test_an_act_s_participle_before_its_noun_is_a_description():
    assert milestones("In 1990 the state argued over occupied disputed land with its neighbour.",
                      "The occupied Donbas saw shelling on Monday.", published="2025-02-12").empty
    table = milestones("Russian forces occupied the town last March.", published="2025-02-12")
    assert table[["kind", "cue"]].values.tolist() == [["war", "occupied"]]


def test_a_turning_point_named_by_a_noun_is_dated_only_by_a_date_on_it():
    # the date is another verb's: the aid sent, the report released, the war ongoing
    assert milestones("The United States on Tuesday sent more food aid as Ukraine fights Russia's invasion.",
                      "Refugee numbers grew with Russia's ongoing invasion, a report issued on Wednesday says.",
                      "Today yet another invasion is under way.",
                      "In late March, the ministry reckoned that thousands had fled during the full-scale war.",
                      published="2025-04-03").empty
    table = milestones("Russia's 24 February 2022 invasion shocked Europe.",
                       "The invasion of Ukraine began in February 2022.",
                       "In late August 2022, Ukraine launched a major offensive in the south.",
                       "Kyiv struck back in early September 2022 with a swift counter-offensive near Kharkiv.",
                       "Russia invaded Ukraine in 2022.", published="2023-02-01")
    assert table[["kind", "expression"]].values.tolist() == [
        ["war", "24 February 2022"], ["war", "February 2022"], ["war", "late August 2022"], ["war", "early September 2022"],
        ["war", "2022"]]


def test_an_anniversary_s_date_is_not_its_event_s():
    table = milestones("Kyiv held vigils on the second anniversary of the invasion of Ukraine on 24 February.",
                       published="2024-02-26")
    assert table[["kind", "start"]].values.tolist() == [["war", pd.Timestamp("2022-02-24")]]
    # which year's invasion the anniversary is of is not said
    assert milestones("Crowds are expected for the anniversary of the invasion next week.", published="2023-02-17").empty


def test_a_year_things_are_measured_by_is_no_event_s_date():
    assert milestones("Such a proposal would turn the clock back to 2014.",
                      "Kyiv calls for a deal on a return to the 1991 borders.",
                      "The war goes on much as it was in March last year.", published="2023-02-01").empty


def test_a_date_in_a_clause_of_its_own_or_of_a_comment_is_not_an_earlier_cue_s():
    assert milestones("The banker faced sanctions for years, and eventually in June 2021 he was detained.",
                      "She praised that statement, but asked when it was broken, and it was in 2014, she said.",
                      "In his speech on Friday evening, March 3, the president commented on the harvest, "
                      "negotiations with Ankara and the front.", published="2023-03-04").empty
    assert milestones("Kyiv welcomed this statement on Monday.", published="2023-03-04").empty  # said already


def test_a_gathering_of_nobody_the_diplomacy_is_about_is_no_milestone():
    assert milestones("Today I chaired the weekly meeting of my staff.", published="2025-02-12").empty
    table = milestones("On Friday a meeting of the bloc's foreign ministers was held.", published="2025-02-12")
    assert table["kind"].tolist() == ["meeting"]  # its participants are named by their office


def test_a_call_happens_in_no_city_and_a_speaker_told_on_it_takes_part():
    table = milestones("Joe Biden told a news conference in Washington that he will hold a phone call with "
                       "Vladimir Putin on Friday.", "Biden told Zelensky on a call on Tuesday that aid was coming.")
    assert table[["kind", "place"]].values.tolist() == [["call", ""], ["call", ""]]
    assert [set(a) for a in table["actors"]] == [{"Joe Biden", "Vladimir Putin"}, {"Joe Biden", "Volodymyr Zelenskiy"}]
    cues = load_cues()
    assert "call" in cues.placeless and "visit" not in cues.placeless


def test_a_capital_in_an_event_s_name_is_its_place_not_a_party():
    table = milestones("Ukraine signed the 1995 Moscow accords with the United States.", published="2024-03-01")
    assert table[["kind", "place"]].values.tolist() == [["agreement", "Moscow"]]
    assert set(table["actors"][0]) == {"Ukraine", "United States"}


def test_a_visit_s_parties_are_the_visitor_and_the_host_not_who_he_phones():
    # published on a Wednesday: the call this week, the visit on Thursday
    table = milestones("This week, Joe Biden will talk to Vladimir Putin about Ukraine by phone, "
                       "and will also travel to Kyiv on Thursday.")
    rows = {r.kind: r for r in table.itertuples()}
    assert set(rows["visit"].actors) == {"Joe Biden", "Ukraine"} and rows["visit"].place == "Kyiv"
    assert set(rows["call"].actors) == {"Joe Biden", "Vladimir Putin"} and rows["call"].expression == "This week"
    assert milestones("Peskov told reporters by phone on Monday that the weather was fine.").empty  # an interview


def test_a_day_an_event_marks_is_no_date_when_the_sentence_gives_another():
    table = milestones("Putin held a solemn meeting on the occasion of Victory Day on 7 May.",
                       "Biden issued a statement celebrating the Independence Day of Ukraine (August 24) "
                       "at the end of August.", published="2025-09-03")
    assert table[["kind", "expression"]].values.tolist() == [["meeting", "7 May"], ["statement", "the end of August"]]
    alone = milestones("Putin held a meeting to mark Victory Day.", published="2025-05-12")
    assert alone["start"].tolist() == [pd.Timestamp("2025-05-09")]


def test_a_dateline_s_day_is_when_the_report_was_filed():
    assert milestones("KYIV, 3 March (Wire) – Ukraine is ready for a summit, Zelensky said.",
                      published="2025-03-03").empty


def test_what_a_speaker_said_before_the_verb_gives_the_event_no_status():
    table = milestones("Russia will never give up, Putin said at a meeting on Monday.")
    assert table[["kind", "status", "start"]].values.tolist() == [["meeting", "past", pd.Timestamp("2025-02-10")]]


def test_an_event_dated_from_an_act_s_day():
    table = milestones("Less than a week after the start of Russia’s February 2022 invasion, talks began in Belarus.",
                       "The day before the February 24, 2022 invasion, Putin signed a decree.",
                       "Shortly before Russia’s February 24 invasion, Moscow and Washington issued a joint statement.",
                       "Putin and Biden issued a statement before the February 2022 invasion.", published="2022-07-01")
    dated = {(r.article_id, r.kind): (r.start.date(), r.end.date(), r.precision) for r in table.itertuples()}
    assert dated[("a0", "talks")] == (dt.date(2022, 2, 28), dt.date(2022, 3, 6), "week")
    assert dated[("a1", "decree")] == (dt.date(2022, 2, 23), dt.date(2022, 2, 23), "day")
    assert dated[("a2", "statement")] == dated[("a3", "statement")] == (dt.date(2022, 2, 1), dt.date(2022, 2, 23), "month")
    assert dated[("a1", "war")][:2] == (dt.date(2022, 2, 24),) * 2  # the act keeps its own date
    assert load_cues().known_day("war", "invasion", dt.date(2022, 2, 1), dt.date(2022, 2, 28)) == dt.date(2022, 2, 24)


def test_days_later_is_later_than_the_event_before_never_than_publication():
    table = milestones("The first round of talks was held in Gomel on March 1. Three days later they met again in Minsk.",
                       "Eight years later, the talks resumed.", published="2025-04-10")
    assert table[["article_id", "kind", "start"]].values.tolist() == [
        ["a0", "talks", pd.Timestamp("2025-03-01")], ["a0", "meeting", pd.Timestamp("2025-03-04")]]


def test_who_stays_away_takes_no_part_and_a_kremlin_ceremony_is_in_moscow():
    table = milestones("The United States will boycott a Kremlin ceremony to swear in Vladimir Putin on Tuesday.")
    assert table[["kind", "status", "place"]].values.tolist() == [["election", "upcoming", "Moscow"]]
    assert table["actors"].tolist() == [["Vladimir Putin"]]


def test_a_un_vote_is_in_new_york_and_a_region_is_no_city():
    table = milestones("During a vote by the UN last year, most states condemned the war.",
                       "Russian forces captured the town in the Donetsk region in February.", published="2025-04-10")
    assert table[["kind", "place"]].values.tolist() == [["statement", "New York"], ["war", ""]]


def test_whose_envoy_or_source_one_is_takes_no_part():
    table = milestones("On Monday, Zelensky held a call with Trump’s envoy Marco Rubio.",
                       "According to Peskov, the war began in 2022.")
    assert [set(a) for a in table["actors"]] == [{"Volodymyr Zelenskiy", "Marco Rubio"}, {"Russia", "Ukraine"}]


def test_a_since_phrase_reaches_a_date_past_a_long_object():
    table = milestones("Children were taken since Russia’s occupation of Ukraine’s Donbas region and Crimea in 2014.",
                       published="2023-06-03")
    assert table[["kind", "expression"]].values.tolist() == [["war", "2014"]]


def test_a_place_in_a_quotation_the_event_is_outside_of_is_not_its_place():
    table = milestones("Talks began on Monday, as Putin's boast to be “in Kyiv in three days” had failed.")
    assert table[["kind", "place"]].values.tolist() == [["talks", ""]]


def test_troops_and_weapons_arriving_pay_no_visit():
    table = milestones("Thousands more troops have arrived in Belarus on Wednesday, officials said.",
                       "New tanks arrived in Poland on Wednesday.",
                       "Antony Blinken arrived in Kyiv on Wednesday.", published="2025-02-13")
    assert table[["article_id", "kind"]].values.tolist() == [["a2", "visit"]]


def test_an_aid_bill_signed_into_law_is_military_aid_and_a_package_of_assistance_is_too():
    table = milestones("Congress expects Joe Biden to sign the Ukraine bill into law by Friday.",
                       "The Pentagon unveiled a new military assistance package for Ukraine on Monday.",
                       "The president signed the language bill into law on Monday.", published="2025-02-12")
    assert table[["article_id", "kind"]].values.tolist() == [["a0", "military aid"], ["a1", "military aid"], ["a2", "decree"]]


def test_a_subject_pronoun_is_the_one_person_named_just_before():
    table = milestones("Volodymyr Zelensky spoke to reporters in Kyiv. "
                       "On Saturday he will attend the conference and meet Antony Blinken.", published="2025-02-13")
    assert table[["kind", "expression", "status"]].values.tolist() == [["summit", "Saturday", "upcoming"]]
    assert set(table["actors"].iloc[0]) == {"Volodymyr Zelenskiy", "Antony Blinken"}


def test_a_state_s_border_is_where_an_event_is_not_who_takes_part():
    text = "Russia and Ukraine held talks on the Belarus border on Monday."
    table = run(articles(text, published="2025-02-12"), Resources.load(), want="milestones").milestones
    assert sorted(table["actors"].iloc[0]) == ["Russia", "Ukraine"]
