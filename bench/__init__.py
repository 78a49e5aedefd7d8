"""
`make bench`: the newsroom at 1k, 10k and 100k releases and 10k to 1M enquiries.

One run seeds a throwaway PostgreSQL database at growing scales, counts each
public page's SQL queries at every scale, loads the pages through gunicorn with
wrk (with the Redis cache and with no cache, beside /healthz as the baseline),
submits enquiries through the real Contact Us form from 32 clients, exports the
consented contacts three ways (command, admin download, PostgreSQL's own COPY)
and writes everything to bench/results/. See README's "Benchmark" section.
"""
