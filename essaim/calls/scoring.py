"""A candidate's scores brought together: per criterion and in total, the average and the
spread (standard deviation, lowest and highest) of the reviews sent. Reviews not yet sent, and
reviews of people who declared a conflict of interest, do not count."""

from dataclasses import dataclass, field
from statistics import mean, pstdev


@dataclass
class Spread:
    values: list = field(default_factory=list)
    maximum: int | None = None

    @property
    def count(self):
        return len(self.values)

    @property
    def average(self):
        return round(mean(self.values), 2) if self.values else None

    @property
    def deviation(self):
        return round(pstdev(self.values), 2) if self.values else None

    @property
    def low(self):
        return min(self.values) if self.values else None

    @property
    def high(self):
        return max(self.values) if self.values else None


@dataclass
class ScoreSummary:
    criteria: list  # [(criterion, Spread)]
    total: Spread
    reviews: list  # the reviews counted

    @property
    def count(self):
        return len(self.reviews)


def counted_reviews(reviews):
    return [r for r in reviews if r.is_submitted and not r.conflict_declared]


def summarise(criteria, reviews):
    """`criteria` of the call in order; `reviews` with their scores prefetched."""
    counted = counted_reviews(reviews)
    by_criterion = {c.pk: Spread(maximum=c.max_score) for c in criteria}
    totals = []
    for review in counted:
        scores = {s.criterion_id: s.value for s in review.scores.all()}
        for criterion_id, value in scores.items():
            if criterion_id in by_criterion:
                by_criterion[criterion_id].values.append(value)
        totals.append(sum(scores.values()))
    total = Spread(totals, maximum=sum(c.max_score for c in criteria))
    return ScoreSummary([(c, by_criterion[c.pk]) for c in criteria], total, counted)
