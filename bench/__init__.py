"""masdar's benchmark harness: ``python -m bench`` (or ``./dev bench``); see bench/README.md."""
