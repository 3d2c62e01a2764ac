-- GET of one page (the URL and headers wrk was given); reports the run as JSON.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function done(summary, latency, requests)
   bench_report(summary, latency)
end
