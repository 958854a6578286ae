"""30 random statements from a running masdar, for a reader of the Arabic to audit.

```
.venv/bin/python -m bench.audit_sample http://127.0.0.1:8000 SEED OUT.json
```

Draws from every kind of answer: list items of /v1/figures, whole funds, targets,
partners, people and events, nested partner links of initiatives, timeline entries,
/v1/stats entries, conflicts and claims (3, 2, 2, 3, 2, 3, 2, 4, 3, 4, 2). The reviewer
gets only the five articles, this file and the served rules of conflicts, stats and the
timeline; the closing note of issue 16 gives the six audits made with it.
"""

import json
import random
import sys

import httpx


def main() -> None:
    BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20261130)
    c = httpx.Client(base_url=BASE, timeout=30)
    DROP = {"version", "retracted_at", "prefix", "suffix", "url", "id_url"}

    def trim(x):
        if isinstance(x, dict):
            return {k: trim(v) for k, v in x.items() if k not in DROP}
        if isinstance(x, list):
            return [trim(v) for v in x]
        return x

    def walk(path):
        out, cur = [], None
        while True:
            sep = "&" if "?" in path else "?"
            r = c.get(path + (f"{sep}cursor={cur}" if cur else f"{sep}limit=100")).json()
            out += r["items"]
            cur = r.get("next_cursor")
            if not cur:
                return out

    samples = []

    def add(endpoint, where, fragment):
        samples.append({"endpoint": endpoint, "where": where, "statement": trim(fragment)})

    for f in rng.sample(walk("/v1/figures"), 3):
        add("GET /v1/figures", f"item {f['id']}", f)
    for f in rng.sample(walk("/v1/funds"), 2):
        add(f"GET /v1/funds/{f['id']}", "whole record", c.get(f"/v1/funds/{f['id']}").json())
    for t in rng.sample(walk("/v1/targets"), 2):
        add(f"GET /v1/targets/{t['id']}", "whole record", c.get(f"/v1/targets/{t['id']}").json())
    links = []
    for i in walk("/v1/initiatives"):
        d = c.get(f"/v1/initiatives/{i['id']}").json()
        for p in d.get("partners", []):
            links.append((i["id"], d.get("name"), d.get("name_ar"), p))
    for iid, name, name_ar, p in rng.sample(links, 3):
        add(
            f"GET /v1/initiatives/{iid}",
            "nested partners[] entry",
            {"initiative": {"id": iid, "name": name, "name_ar": name_ar}, "partner_link": p},
        )
    for p in rng.sample(walk("/v1/partners"), 2):
        add(f"GET /v1/partners/{p['id']}", "whole record", c.get(f"/v1/partners/{p['id']}").json())
    for p in rng.sample(walk("/v1/people"), 3):
        add(f"GET /v1/people/{p['id']}", "whole record", c.get(f"/v1/people/{p['id']}").json())
    for e in rng.sample(walk("/v1/events"), 2):
        add(f"GET /v1/events/{e['id']}", "whole record", c.get(f"/v1/events/{e['id']}").json())
    tl = c.get("/v1/timeline").json()
    for e in rng.sample(tl["items"] + tl.get("undated", []), 4):
        add("GET /v1/timeline", f"entry {e['id']}", e)
    st = c.get("/v1/stats").json()
    pool = [("headline", h) for h in st.get("headline", [])]
    for k, v in st.items():
        if isinstance(v, dict):
            for k2, v2 in v.items():
                if isinstance(v2, list):
                    pool += [(f"{k}.{k2}", x) for x in v2 if isinstance(x, dict)]
    for where, x in rng.sample(pool, 3):
        add("GET /v1/stats", where, x)
    for x in rng.sample(walk("/v1/conflicts"), 4):
        add(f"GET /v1/conflicts/{x['id']}", "whole record", x)
    for x in rng.sample(walk("/v1/claims"), 2):
        add(f"GET /v1/claims/{x['id']}", "whole record", x)
    assert len(samples) == 30, len(samples)
    json.dump(
        samples,
        open(sys.argv[3] if len(sys.argv) > 3 else "statements.json", "w"),
        ensure_ascii=False,
        indent=1,
    )
    print("stats sections:", sorted({w for w, _ in pool}))
    print("\n".join(f"{i + 1}. {s['endpoint']} — {s['where']}" for i, s in enumerate(samples)))


if __name__ == "__main__":
    main()
