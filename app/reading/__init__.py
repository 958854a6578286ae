"""Reading numbers and quantities in text, Arabic or English: masdar's one number reader.

- ``numbers``: every number mention (digits in any script, Arabic and English
  number and scale words, abbreviations) with its value, precision and span;
- ``quantities``: a mention with its unit or currency, in base units;
- ``lexicon`` and ``units``: the words both read.

The seeder (coverage, ``mentions_value``), search, the fact-checker and
article proposals all read numbers through this package.
"""
