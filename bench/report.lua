-- wrk: print the numbers bench/load.py reads, one line, after the run.
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f errors=%d non2xx=%d p50=%d p95=%d p99=%d\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
