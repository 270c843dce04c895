--- `:checkhealth mail_lsp`: is the server there, is it the right one, are the settings valid, is
--- it attached here.
local M = {}

local health = vim.health

local function check_neovim()
  if vim.fn.has('nvim-0.11') == 1 then
    health.ok("Neovim 0.11+: `vim.lsp.enable('mail_lsp')` or `require('mail_lsp').setup()`")
  elseif vim.fn.has('nvim-0.10') == 1 then
    health.ok("Neovim 0.10: use `require('mail_lsp').setup()`")
  else
    health.error('Neovim 0.10 or later is needed', { 'Upgrade Neovim' })
  end
end

local function check_server(config)
  local cmd = config.cmd
  if type(cmd) == 'function' then
    health.info('`cmd` is a function; the server binary cannot be checked from here')
    return
  end
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    health.error('`cmd` is not set', { "vim.lsp.config('mail_lsp', { cmd = { '/path/to/mail-lsp' } })" })
    return
  end
  local exe = cmd[1]
  if vim.fn.executable(exe) ~= 1 then
    health.error(('`%s` is not an executable found on PATH'):format(exe), {
      'Build it: cargo build --release -p mail-lsp',
      'Then put target/release/mail-lsp on PATH, set MAIL_LSP_PATH, or',
      "vim.lsp.config('mail_lsp', { cmd = { '/path/to/mail-lsp' } })",
    })
    return
  end
  local path = vim.fn.exepath(exe)
  local ok, result = pcall(function()
    return vim.system({ path, '--version' }, { text = true }):wait(3000)
  end)
  if not ok or result.code ~= 0 then
    health.error(('`%s --version` failed'):format(path), { 'Is it really the mail-lsp binary?' })
    return
  end
  local version = vim.trim(result.stdout or '')
  if not version:find('^mail%-lsp ') then
    health.warn(('`%s --version` printed %q, not `mail-lsp <version>`'):format(path, version))
    return
  end
  health.ok(('server: %s (%s)'):format(path, version))
end

local function check_filetypes()
  local cases = { ['bounce.eml'] = 'mail', ['mail.log'] = 'maillog', ['sender_access'] = 'postfix-access' }
  local wrong = {}
  for name, want in pairs(cases) do
    local got = vim.filetype.match({ filename = name })
    if got ~= want then
      table.insert(wrong, ('%s is %s, expected %s'):format(name, tostring(got), want))
    end
  end
  if #wrong == 0 then
    health.ok('filetype detection: messages are `mail`, logs `maillog`, Postfix maps `postfix-access`')
  else
    table.sort(wrong)
    health.warn('filetype detection is not registered: ' .. table.concat(wrong, '; '), {
      'Add editors/neovim of mail-lsp to runtimepath (your plugin manager does this)',
      "or call require('mail_lsp').setup()",
    })
  end
end

local function check_settings(config)
  local settings = (config.settings or {}).mailLsp
  if settings == nil then
    health.info('no `settings.mailLsp` table: the server uses its defaults')
    return
  end
  local problems = require('mail_lsp.settings').validate(settings)
  if #problems == 0 then
    health.ok('settings: valid')
  else
    for _, problem in ipairs(problems) do
      health.warn('settings: ' .. problem, { 'See editors/README.md for the settings table' })
    end
  end
end

local function check_clients()
  local clients = require('mail_lsp').clients()
  if #clients == 0 then
    health.info('mail-lsp is not running; it starts when a mail, maillog or postfix-access buffer opens')
    return
  end
  for _, client in ipairs(clients) do
    local buffers = vim.tbl_count(client.attached_buffers)
    health.ok(
      ('client %d: root %s, position encoding %s, %d buffer(s)'):format(
        client.id,
        client.root_dir or '(none: single files)',
        client.offset_encoding,
        buffers
      )
    )
  end
end

function M.check()
  local mail_lsp = require('mail_lsp')
  health.start('mail-lsp: Neovim')
  check_neovim()
  health.start('mail-lsp: server')
  local ok, config = pcall(mail_lsp.config)
  if not ok then
    health.error(tostring(config))
    return
  end
  check_server(config)
  health.start('mail-lsp: filetypes and settings')
  check_filetypes()
  check_settings(config)
  health.start('mail-lsp: clients')
  check_clients()
end

return M
