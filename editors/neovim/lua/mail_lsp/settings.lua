--- The settings the server reads (the `mailLsp` table), for `:checkhealth mail_lsp` to check a
--- configuration against. Mirrors editors/settings.json; the tests keep the two in step.
local M = {}

---@class mail_lsp.Setting
---@field key string dotted key under `mailLsp`
---@field type 'string'|'integer'|'boolean'|'array'
---@field enum? string[]
---@field minimum? integer
---@field maximum? integer

---@type mail_lsp.Setting[]
M.schema = {
  { key = 'language', type = 'string', enum = { 'auto', 'en', 'fr', 'it', 'ja' } },
  { key = 'diagnostics.maxPerDocument', type = 'integer', minimum = 1 },
  { key = 'diagnostics.successCodes', type = 'boolean' },
  { key = 'diagnostics.debounceMs', type = 'integer', minimum = 0, maximum = 10000 },
  { key = 'diagnostics.authentication', type = 'boolean' },
  { key = 'diagnostics.antispam', type = 'boolean' },
  { key = 'catalog.extraPaths', type = 'array' },
  { key = 'dkim.keyFiles', type = 'array' },
  {
    key = 'logFormats',
    type = 'string',
    enum = { 'auto', 'postfix', 'exim', 'sendmail', 'exchange', 'm365', 'transcript' },
  },
  { key = 'kind', type = 'string', enum = { 'auto', 'message', 'log', 'rules' } },
  { key = 'trustedAuthservIds', type = 'array' },
  { key = 'trace', type = 'string', enum = { 'off', 'messages', 'verbose' } },
}

--- Flattens nested tables into dotted keys; lists (and empty tables) are leaves.
---@param value table
---@param prefix? string
---@param out? table<string, any>
---@return table<string, any>
function M.flatten(value, prefix, out)
  out = out or {}
  for key, inner in pairs(value) do
    local full = prefix and (prefix .. '.' .. key) or tostring(key)
    if type(inner) == 'table' and not vim.islist(inner) and next(inner) ~= nil then
      M.flatten(inner, full, out)
    else
      out[full] = inner
    end
  end
  return out
end

local function check_value(setting, value)
  if setting.type == 'string' then
    if type(value) ~= 'string' then
      return 'expects a string'
    end
    if setting.enum and not vim.tbl_contains(setting.enum, value) then
      return 'expects one of ' .. table.concat(setting.enum, ', ')
    end
  elseif setting.type == 'integer' then
    if type(value) ~= 'number' or value % 1 ~= 0 then
      return 'expects a whole number'
    end
    if (setting.minimum and value < setting.minimum) or (setting.maximum and value > setting.maximum) then
      return ('expects a number between %s and %s'):format(setting.minimum or '-inf', setting.maximum or 'inf')
    end
  elseif setting.type == 'boolean' then
    if type(value) ~= 'boolean' then
      return 'expects true or false'
    end
  elseif setting.type == 'array' then
    if type(value) ~= 'table' or not vim.islist(value) then
      return 'expects a list of strings'
    end
    for _, item in ipairs(value) do
      if type(item) ~= 'string' then
        return 'expects a list of strings'
      end
    end
  end
end

--- Problems in a `mailLsp` settings table, one message per bad key; empty when all is well.
---@param settings table the `mailLsp` table
---@return string[]
function M.validate(settings)
  local by_key = {}
  for _, setting in ipairs(M.schema) do
    by_key[setting.key] = setting
  end
  local problems = {}
  for key, value in pairs(M.flatten(settings)) do
    local setting = by_key[key]
    if setting == nil then
      table.insert(problems, ('unknown setting `%s`'):format(key))
    else
      local problem = check_value(setting, value)
      if problem then
        table.insert(problems, ('`%s` %s, got %s'):format(key, problem, vim.inspect(value)))
      end
    end
  end
  table.sort(problems)
  return problems
end

return M
