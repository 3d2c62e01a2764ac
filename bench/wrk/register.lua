-- Registrations through the real form: each thread first GETs the form (its CSRF cookie
-- and token), then POSTs it with a new e-mail address every time. gunicorn's sync workers
-- close the connection after each answer, so the pair belongs to the thread, as a
-- browser's cookie belongs to the browser, not to a connection. Until a thread holds a
-- token its connections GET the form (counted as "form_gets" and left in the figures).
--
-- Environment: BENCH_LUA_DIR, BENCH_ORIGIN (https://host:port), BENCH_RUN_ID,
-- BENCH_LOAD_DOMAIN (domain of the addresses), BENCH_FIELDS (the other fields, encoded).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

-- Per thread (globals, so done() can read them with thread:get).
form_gets, registered, refused, other = 0, 0, 0, 0
local token, cookie
local sent = 0

local function escape(text)
   return (text:gsub("[^%w%-%._~]", function(char)
      return string.format("%%%02X", string.byte(char))
   end))
end

function request()
   if token == nil then
      form_gets = form_gets + 1
      return wrk.format("GET", wrk.path, {["X-Forwarded-Proto"] = "https"})
   end
   sent = sent + 1
   local email = string.format(
      "last-%s-%d-%d@%s", os.getenv("BENCH_RUN_ID"), id, sent, os.getenv("BENCH_LOAD_DOMAIN")
   )
   local body = os.getenv("BENCH_FIELDS") .. "&email=" .. escape(email)
      .. "&csrfmiddlewaretoken=" .. escape(token)
   local origin = os.getenv("BENCH_ORIGIN")
   return wrk.format("POST", wrk.path, {
      ["X-Forwarded-Proto"] = "https",
      ["Origin"] = origin,
      ["Referer"] = origin .. wrk.path,
      ["Cookie"] = "csrftoken=" .. cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
   }, body)
end

function response(status, headers, body)
   if status == 302 then
      registered = registered + 1   -- stored; on to the thank-you page
   elseif status == 200 and body:find('id="fehler"', 1, true) then
      refused = refused + 1         -- the form again, with errors: not stored
   elseif status == 200 then
      if token == nil then
         local set_cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
         local value = set_cookie:match("csrftoken=([^;]+)")
         local hidden = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
         if value and hidden then
            cookie, token = value, hidden
         end
      end
   else
      other = other + 1             -- 4xx/5xx (wrk counts them as errors too)
   end
end

function done(summary, latency, requests)
   local totals = {form_gets = 0, registered = 0, refused = 0, other = 0}
   for _, thread in ipairs(threads) do
      for key, _ in pairs(totals) do
         totals[key] = totals[key] + (thread:get(key) or 0)
      end
   end
   bench_report(summary, latency, totals)
end
