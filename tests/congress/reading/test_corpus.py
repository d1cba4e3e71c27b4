"""The reader meets the issue's targets on the corpus (the benchmark prints the same numbers)."""

from pathlib import Path

from congress.tooling.benchmark.reading import score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "reading_corpus"


def test_the_corpus_meets_every_target():
    result = score_corpus(CORPUS)
    assert result.scores["people"].reports >= 20
    assert result.failures() == [], result.misses
