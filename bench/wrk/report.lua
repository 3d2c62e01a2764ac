-- The result of one wrk run as a JSON line for bench/run.py ("BENCH_JSON {...}").
-- Loaded by get.lua and register.lua; latencies in microseconds.
function bench_report(summary, latency, extra)
   local e = summary.errors
   local parts = {
      string.format('"requests": %d', summary.requests),
      string.format('"duration_us": %d', summary.duration),
      string.format('"bytes": %d', summary.bytes),
      string.format(
         '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
         e.connect, e.read, e.write, e.status, e.timeout
      ),
      string.format(
         '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}',
         latency.mean, latency:percentile(50), latency:percentile(90),
         latency:percentile(99), latency.max
      ),
   }
   for key, value in pairs(extra or {}) do
      table.insert(parts, string.format('"%s": %d', key, value))
   end
   io.write("BENCH_JSON {" .. table.concat(parts, ", ") .. "}\n")
end
