-- A small test runner for headless Neovim: `test(name, fn)` records, `run()` executes in order,
-- prints one line per test and a closing `N passed, N failed` line, and exits non-zero on failure.
local M = { tests = {} }

function M.test(name, fn)
  table.insert(M.tests, { name = name, fn = fn })
end

--- Fails with `message` unless `value` is truthy.
function M.check(value, message, ...)
  if not value then
    error(string.format(message or 'check failed', ...), 2)
  end
  return value
end

function M.equal(got, want, what)
  if not vim.deep_equal(got, want) then
    error(('%s: expected %s, got %s'):format(what or 'value', vim.inspect(want), vim.inspect(got)), 2)
  end
end

--- Waits up to `ms` for `predicate`; fails with `what` on timeout.
function M.wait_for(ms, predicate, what)
  if not vim.wait(ms, predicate, 20) then
    error('timed out after ' .. ms .. ' ms waiting for ' .. what, 2)
  end
end

function M.run()
  local passed, failed = 0, 0
  for _, t in ipairs(M.tests) do
    local started = vim.uv.hrtime()
    local ok, err = xpcall(t.fn, debug.traceback)
    local ms = (vim.uv.hrtime() - started) / 1e6
    if ok then
      passed = passed + 1
      io.stdout:write(('ok - %s (%d ms)\n'):format(t.name, ms))
    else
      failed = failed + 1
      io.stdout:write(('not ok - %s\n  %s\n'):format(t.name, tostring(err):gsub('\n', '\n  ')))
    end
  end
  io.stdout:write(('%d passed, %d failed\n'):format(passed, failed))
  return failed == 0
end

return M
