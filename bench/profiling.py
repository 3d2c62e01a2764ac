"""Where a page's time goes: cProfile over repeated requests, in-process.

    make bench BENCH_ARGS="--profile home,apply,register_form"   (runs this module)
    python -m bench.profiling home apply [--requests 50] [--top 20]
    python -m bench.profiling export-csv export-xlsx --requests 1

Through bench/run.py the environment is the benchmark's (its database, filled, and
bench.settings); run directly, it needs the same variables (DATABASE_URL of the filled
database, SECRET_KEY, DEBUG=false). Pages are the scenario names of bench/run.py; each
is asked a few times to warm up, then ``--requests`` times plainly and ``--requests``
times under cProfile, through Django's test Client with the production settings (DEBUG
off, cached templates). Prints per page: the median time of a plain request, the time
under the profiler, the part of the latter in SQL, template rendering, crispy-forms,
form construction, translation lookups and URL reversing (nested, so they do not add
up), and the top functions.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from bench.prepare import context  # noqa: E402
from bench.queries import HEADERS, ask, client_for  # noqa: E402

# (label, file ending, function name): cumulative time of these, per request. They
# nest (crispy renders templates, templates run SQL), so they do not add up.
BUCKETS = [
    ("SQL (cursor execute)", "django/db/backends/utils.py", "_execute"),
    ("template rendering (all)", "django/template/backends/django.py", "render"),
    ("crispy-forms tag", "crispy_forms/templatetags/crispy_forms_tags.py", "render"),
    ("crispy-forms field", "crispy_forms/templatetags/crispy_forms_field.py", "render"),
    ("form construction", "django/forms/forms.py", "__init__"),
    ("gettext", "django/utils/translation/trans_real.py", "gettext"),
    ("reverse()", "django/urls/base.py", "reverse"),
    ("template loading", "django/template/loaders/cached.py", "get_template"),
]
EXPORT_ACTIONS = {
    "export-csv": "export_applications",
    "export-xlsx": "export_applications_xlsx",
}


def bucket_times(stats):
    found = {}
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        for label, ending, name in BUCKETS:
            if function == name and filename.endswith(ending):
                found[label] = found.get(label, 0) + ct
    return found


def one_request(ctx, name, client):
    if name in EXPORT_ACTIONS:
        data = {
            "action": EXPORT_ACTIONS[name],
            "select_across": "1",
            "index": "0",
            "_selected_action": [str(pk) for pk in ctx["first_page_ids"]],
        }
        response = client.post(ctx["paths"]["changelist"], data, headers=HEADERS)
    else:
        response = ask(client, name, ctx["paths"][name])
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    response.close()
    return response.status_code


def profile(ctx, name, requests, top):
    client = client_for("changelist" if name in EXPORT_ACTIONS else name)
    for _ in range(min(3, requests)):
        one_request(ctx, name, client)
    plain = []
    for _ in range(requests):
        started = time.perf_counter()
        one_request(ctx, name, client)
        plain.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        status = one_request(ctx, name, client)
    profiler.disable()
    wall = (time.perf_counter() - started) / requests * 1000
    stats = pstats.Stats(profiler)
    print(
        f"== {name}: {statistics.median(plain):.1f} ms a request (median of {requests}), "
        f"{wall:.1f} ms under the profiler (status {status})"
    )
    for label, seconds in sorted(bucket_times(stats).items(), key=lambda item: -item[1]):
        print(f"   {label:28} {seconds / requests * 1000:8.2f} ms")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        body = out.getvalue()
        print(f"-- top {top} by {order}")
        print(body[body.find("   ncalls") :].rstrip())
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    ctx = context(clean=False)
    for name in args.pages:
        if name not in ctx["paths"] and name not in EXPORT_ACTIONS:
            parser.error(f"unknown page {name!r}: {', '.join([*ctx['paths'], *EXPORT_ACTIONS])}")
        profile(ctx, name, args.requests, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
