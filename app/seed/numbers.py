"""The seeder's number reading is masdar's one number reader: ``app.reading.numbers``.

Kept as the seeder's import path (coverage report, ``mentions_value`` on every
figure's quote); nothing is defined here.
"""

from app.reading.numbers import NumberMention, find_numbers, mentions_value

__all__ = ["NumberMention", "find_numbers", "mentions_value"]
