-- wrk script of the wrk probe (bench/wrk.py): hello world, the question page or the autosave.
--
-- wrk -s bench/wrk_probe.lua URL -- MODE TARGETS RUN FIRST_REVISION THREADS
--   MODE            hello, page or save
--   TARGETS         a file with one signed-in student a line (bench.wrk.write_targets):
--                   attempt, Cookie header, CSRF token, question id, choices (comma-separated),
--                   User-Agent, separated by tabs; "-" for hello. (The User-Agent is the one
--                   the student signed in with: Flask-Login's session protection marks a
--                   session whose browser changed as no longer fresh, on every request.)
--   RUN             a word unique to this run: the idempotency keys start with it, so no save
--                   is ever taken for a repeat of an earlier one
--   FIRST_REVISION  the revision of this run's first save (milliseconds); each save adds one
--   THREADS         wrk's -t: each thread takes every THREADS-th student, so one student's
--                   revisions only ever increase
--
-- Every answer that is not a 200 (and, for a save, not "saved": true) is counted as failed:
-- wrk itself counts a 302 to the sign-in page or a 429 from the rate limits as a success.

local threads = {}
local count = 0

function setup(thread)
   thread:set("index", count)
   count = count + 1
   table.insert(threads, thread)
end

function init(args)
   mode, run = args[1], args[3]
   revision = tonumber(args[4])
   local every = tonumber(args[5])
   failed, sent, statuses = 0, 0, {}
   mine = {}
   if mode == "hello" then
      hello = wrk.format("GET", "/")
      return
   end
   local number = 0
   for line in io.lines(args[2]) do
      if number % every == index then
         local attempt, cookie, token, question, choices, agent = line:match(
            "^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
         local values = {}
         for value in choices:gmatch("[^,]+") do
            table.insert(values, value)
         end
         table.insert(mine, {
            page = wrk.format("GET", "/attempts/" .. attempt,
                              {Cookie = cookie, ["User-Agent"] = agent}),
            path = "/attempts/" .. attempt .. "/answers",
            headers = {Cookie = cookie, ["Content-Type"] = "application/json",
                       ["X-CSRFToken"] = token, ["User-Agent"] = agent},
            question = question, values = values})
      end
      number = number + 1
   end
   if #mine == 0 then
      error("thread " .. index .. " has no student: give the probe more students than threads")
   end
end

function request()
   sent = sent + 1
   if mode == "hello" then
      return hello
   end
   local student = mine[(sent - 1) % #mine + 1]
   if mode == "page" then
      return student.page
   end
   local value = student.values[sent % #student.values + 1]
   local body = string.format(
      '{"key":"%s-%d-%d","question":"%s","revision":%d,"values":["%s"]}',
      run, index, sent, student.question, revision + sent, value)
   return wrk.format("POST", student.path, student.headers, body)
end

function response(status, headers, body)
   local ok = status == 200
   if ok and mode == "page" then
      ok = body:find('name="q-', 1, true) ~= nil
   elseif ok and mode == "save" then
      ok = body:find('"saved":%s*true') ~= nil
   end
   if not ok then
      failed = failed + 1
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local failures, by_status = 0, {}
   for _, thread in ipairs(threads) do
      failures = failures + thread:get("failed")
      for status, times in pairs(thread:get("statuses")) do
         by_status[status] = (by_status[status] or 0) + times
      end
   end
   io.write(string.format("probe failed: %d\n", failures))
   for status, times in pairs(by_status) do
      io.write(string.format("probe status %d: %d\n", status, times))
   end
end
