-- wrk script: each request carries the next pre-signed Signature-Input/Signature pair from $APIKEYS_SIGNED
-- (one pair per line, tab-separated), so every signed request has a fresh nonce and wrk does no cryptography.
local pairs_ = {}
local next_ = 1

function init(args)
  local path = os.getenv("APIKEYS_SIGNED")
  if path == nil or path == "" then return end
  for line in io.lines(path) do
    local input, signature = line:match("^(.-)\t(.*)$")
    pairs_[#pairs_ + 1] = { input, signature }
  end
end

function request()
  if #pairs_ == 0 then
    return wrk.format("GET", wrk.path)
  end
  local pair = pairs_[next_]
  if pair == nil then
    -- The pool is spent: an unsigned request is refused and counted, never a replay.
    return wrk.format("GET", wrk.path)
  end
  next_ = next_ + 1
  return wrk.format("GET", wrk.path, { ["Signature-Input"] = pair[1], ["Signature"] = pair[2] })
end

if os.getenv("LOADTEST_DEBUG") then
  -- Shows why the first refused request was refused (slows wrk down: not for measuring).
  local shown = false
  function response(status, headers, body)
    if status >= 300 and not shown then
      shown = true
      io.stderr:write("first refusal: " .. status .. " " .. body .. "\n")
    end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.requests))
end
