-- Loads the Neovim plugin from the repository into a headless Neovim and checks it against the
-- real server binary ($MAIL_LSP_BIN): filetypes, diagnostics columns on a line with Japanese
-- text, hover, code actions, the remediation command, both encodings, Outlook .msg files, health
-- and restart.
local repo = vim.fs.normalize(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h:h'))
local bin = assert(vim.env.MAIL_LSP_BIN, 'set MAIL_LSP_BIN to the mail-lsp binary')
local fixtures = repo .. '/tests/editors/fixtures'
package.path = repo .. '/tests/editors/neovim/?.lua;' .. package.path
local t = require('harness')

vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.cmd('runtime! plugin/mail_lsp.lua')
vim.cmd('filetype on')
vim.o.swapfile = false

local mail_lsp = require('mail_lsp')

--- The mail-lsp client attached to a buffer, once it is there.
local function client_of(buf)
  local found
  t.wait_for(10000, function()
    found = vim.lsp.get_clients({ bufnr = buf, name = 'mail_lsp' })[1]
    return found ~= nil and found.initialized
  end, 'mail_lsp to attach')
  return found
end

local function diagnostics_of(buf)
  t.wait_for(10000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 'diagnostics')
  local list = vim.diagnostic.get(buf)
  table.sort(list, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return list
end

--- The 0-based line and byte column of the first `needle` in the buffer.
local function locate(buf, needle)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return lnum - 1, col - 1, line
    end
  end
  error('not in buffer: ' .. needle)
end

--- An LSP position (in the client's encoding) for a byte column.
local function position(buf, lnum, col, encoding)
  local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
  return { line = lnum, character = vim.str_utfindex(line, encoding, col) }
end

local function request(client, buf, method, params)
  local response = client:request_sync(method, params, 10000, buf)
  t.check(response, '%s: no response', method)
  t.check(response.err == nil, '%s failed: %s', method, vim.inspect(response.err))
  return response.result
end

local bounce = fixtures .. '/bounce-ja.eml'

t.test('filetypes: messages, logs and Postfix maps are detected', function()
  t.equal(vim.filetype.match({ filename = bounce }), 'mail', 'bounce-ja.eml')
  t.equal(vim.filetype.match({ filename = '/var/spool/x/archive.mbox' }), 'mail', '.mbox')
  t.equal(vim.filetype.match({ filename = '/var/log/mail.log' }), 'maillog', 'mail.log')
  t.equal(vim.filetype.match({ filename = '/var/log/exim4/mainlog' }), 'maillog', 'mainlog')
  t.equal(vim.filetype.match({ filename = 'MSGTRK2024110400-1.LOG' }), 'maillog', 'MSGTRK')
  t.equal(vim.filetype.match({ filename = '/etc/postfix/sender_access' }), 'postfix-access', 'sender_access')
  t.equal(vim.filetype.match({ filename = '/etc/postfix/header_checks.pcre' }), 'postfix-access', 'header_checks')
  t.check(vim.filetype.match({ filename = 'report.msg' }) ~= 'mail', '.msg is Outlook binary, not a message')
  -- Exchange logs and message-trace exports are recognised by their first line.
  local function detect(name, first)
    local buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(buf, vim.fn.tempname() .. '/' .. name)
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, { first, 'x' })
    local ft = vim.filetype.match({ buf = buf })
    vim.api.nvim_buf_delete(buf, { force = true })
    return ft
  end
  t.equal(detect('trace.csv', '\239\187\191"date_time_utc","client_ip","client_hostname"'), 'maillog', 'trace CSV')
  t.equal(detect('MTSummary_Report.csv', 'origin_timestamp_utc,sender_address,recipient_status'), 'maillog', 'historical')
  t.equal(detect('tracking.log', '#Software: Microsoft Exchange Server'), 'maillog', 'Exchange log')
  t.equal(detect('budget.csv', 'month,amount'), 'csv', 'other CSV')
  t.check(detect('app.log', 'started') ~= 'maillog', 'an unrelated .log file must not become maillog')
end)

t.test('lsp/mail_lsp.lua: a vim.lsp.Config mirroring editors/settings.json', function()
  local config = dofile(repo .. '/editors/neovim/lsp/mail_lsp.lua')
  t.check(type(config.cmd) == 'table' and config.cmd[1] ~= nil, 'cmd')
  t.check(vim.tbl_contains(config.filetypes, 'mail') and vim.tbl_contains(config.filetypes, 'maillog'), 'filetypes')
  t.equal(config.root_markers, { '.git' }, 'root_markers')
  t.equal(config.get_language_id(0, 'maillog'), 'mail-log', 'language id of maillog')
  t.equal(config.get_language_id(0, 'mail'), 'email', 'language id of mail')
  local shared = vim.json.decode(table.concat(vim.fn.readfile(repo .. '/editors/settings.json'), '\n'))
  local flat = require('mail_lsp.settings').flatten(config.settings.mailLsp)
  local want, schema_keys = {}, {}
  for _, setting in ipairs(shared.server) do
    local default = setting.default
    if type(default) == 'table' and #default == 0 then
      default = {}
    end
    want[setting.key] = default
  end
  for _, setting in ipairs(require('mail_lsp.settings').schema) do
    table.insert(schema_keys, setting.key)
  end
  t.equal(flat, want, 'settings.mailLsp defaults')
  local shared_keys = vim.tbl_keys(want)
  table.sort(shared_keys)
  table.sort(schema_keys)
  t.equal(schema_keys, shared_keys, 'lua/mail_lsp/settings.lua keys')
  t.equal(require('mail_lsp.settings').validate(config.settings.mailLsp), {}, 'default settings validate')
  t.equal(
    require('mail_lsp.settings').validate({ language = 'de', colour = 'blue', diagnostics = { maxPerDocument = 0 } }),
    {
      '`diagnostics.maxPerDocument` expects a number between 1 and inf, got 0',
      '`language` expects one of auto, en, fr, it, ja, got "de"',
      'unknown setting `colour`',
    },
    'validation messages'
  )
end)

local buf, client, lnum, col, line

t.test('vim.lsp.enable: the server attaches to a bounce and publishes diagnostics', function()
  vim.lsp.config('mail_lsp', { cmd = { bin } })
  vim.lsp.enable('mail_lsp')
  vim.cmd.edit(vim.fn.fnameescape(bounce))
  buf = vim.api.nvim_get_current_buf()
  t.equal(vim.bo[buf].filetype, 'mail', 'filetype')
  client = client_of(buf)
  t.equal(client.root_dir, repo, 'root from .git')
  local list = diagnostics_of(buf)
  t.check(#list >= 2, 'expected two diagnostics, got %d', #list)
  t.equal(list[1].source, 'mail-lsp', 'source')
  t.equal(list[1].code, '5.1.1', 'code')
  t.equal(list[1].severity, vim.diagnostic.severity.ERROR, 'severity')
end)

t.test('diagnostics sit on `550 5.1.1` in a line of Japanese text and a character outside the BMP', function()
  lnum, col, line = locate(buf, '550 5.1.1 RESOLVER')
  t.check(line:find('見つかりません', 1, true), 'the fixture line has Japanese text')
  t.check(col > #'𠮷田 様への配信に失敗しました。', 'multi-byte text precedes the code')
  local first = diagnostics_of(buf)[1]
  t.equal({ first.lnum, first.col, first.end_lnum, first.end_col }, { lnum, col, lnum, col + #'550 5.1.1' }, 'range')
  t.check(first.message:find('5.1.1', 1, true), 'message names the code: %s', first.message)
end)

t.test('hover on 5.1.1 shows the catalog text and its source', function()
  local pos = position(buf, lnum, col + #'550 ', client.offset_encoding)
  local result = request(client, buf, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = pos,
  })
  t.check(result and result.contents, 'hover result')
  t.equal(result.contents.kind, 'markdown', 'markup kind')
  local text = result.contents.value
  t.check(text:find('5.1.1', 1, true), 'hover names the code:\n%s', text)
  t.check(text:find('Exchange Online', 1, true), 'hover cites Exchange Online:\n%s', text)
  t.check(text:find('Source', 1, true), 'hover has a Source line:\n%s', text)
  t.equal(result.range.start, position(buf, lnum, col, client.offset_encoding), 'hover range start')
end)

local remediation

t.test('code actions offer the remediation link and the explanation', function()
  local start = position(buf, lnum, col + #'550 ', client.offset_encoding)
  local result = request(client, buf, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = start, ['end'] = start },
    context = { diagnostics = {} },
  })
  local titles = {}
  for _, action in ipairs(result or {}) do
    table.insert(titles, action.title)
    if action.title:find('^Open remediation: ') then
      remediation = action
    end
  end
  t.check(remediation, 'no "Open remediation" action in %s', vim.inspect(titles))
  t.check(remediation.title:find('5.1.1', 1, true), 'title names the code: %s', remediation.title)
  t.equal(remediation.command.command, 'mail-lsp.openUrl', 'command')
  t.check(remediation.command.arguments[1]:find('^https://'), 'https link')
  local explain = vim.tbl_filter(function(title)
    return title:find('^Explain .*5%.1%.1 in detail$') ~= nil
  end, titles)
  t.check(#explain == 1, 'no explain action in %s', vim.inspect(titles))
end)

t.test('running the remediation action opens the link through window/showDocument', function()
  local opened
  local original = vim.ui.open
  vim.ui.open = function(uri)
    opened = uri
    return { wait = function() return { code = 0 } end }, nil
  end
  local ok, err = pcall(function()
    local result = request(client, buf, 'workspace/executeCommand', remediation.command)
    t.equal(result, true, 'executeCommand result')
  end)
  vim.ui.open = original
  assert(ok, err)
  t.equal(opened, remediation.command.arguments[1], 'URL given to the browser')
end)

t.test('an Outlook .msg opens read-only as its message text, with diagnostics', function()
  vim.cmd.edit(vim.fn.fnameescape(repo .. '/tests/fixtures/msg/exchange-ndr.msg'))
  local msg = vim.api.nvim_get_current_buf()
  t.equal(vim.bo[msg].filetype, 'mail', 'filetype')
  t.equal(vim.bo[msg].buftype, 'nofile', 'buftype')
  t.check(vim.bo[msg].readonly and not vim.bo[msg].modifiable, 'read-only')
  t.equal(vim.api.nvim_buf_get_lines(msg, 0, 1, false)[1]:sub(1, 30), 'Received: from AM0PR01MB1234.e', 'first line')
  local status_line = locate(msg, "Remote Server returned '550 5.1.1")
  local dmarc_line = locate(msg, 'dmarc=fail')
  client_of(msg)
  local found = {}
  for _, d in ipairs(diagnostics_of(msg)) do
    found[d.code .. '@' .. d.lnum] = true
  end
  t.check(found['5.1.1@' .. status_line], 'the NDR status on its line: %s', vim.inspect(found))
  t.check(found['dmarc=fail@' .. dmarc_line], 'the DMARC verdict on its line: %s', vim.inspect(found))

  local shown = {}
  local notify = vim.notify
  vim.notify = function(message, level)
    table.insert(shown, { message, level })
  end
  -- A text file sharing the extension (a ROS message definition) opens as the text it is.
  local ros = vim.fn.tempname() .. '/Pose.msg'
  vim.fn.mkdir(vim.fs.dirname(ros), 'p')
  vim.fn.writefile({ '# A pose', 'float64 x' }, ros)
  vim.cmd.edit(vim.fn.fnameescape(ros))
  local text = vim.api.nvim_get_current_buf()
  t.equal(vim.api.nvim_buf_get_lines(text, 0, -1, false), { '# A pose', 'float64 x' }, 'text .msg lines')
  t.check(vim.bo[text].buftype == '' and vim.bo[text].modifiable and not vim.bo[text].modified, 'an ordinary buffer')
  t.check(vim.bo[text].filetype ~= 'mail', 'not a message: %s', vim.bo[text].filetype)

  local broken = repo .. '/tests/fixtures/msg/truncated.msg'
  vim.cmd.edit(vim.fn.fnameescape(broken))
  vim.notify = notify
  local empty = vim.api.nvim_get_current_buf()
  t.equal(vim.api.nvim_buf_get_lines(empty, 0, -1, false), { '' }, 'a broken .msg leaves the buffer empty')
  t.check(
    #shown == 1
      and shown[1][1]:find('cannot convert ' .. broken .. ': damaged or truncated', 1, true)
      and shown[1][2] == vim.log.levels.ERROR,
    'the error is shown: %s',
    vim.inspect(shown)
  )
end)

t.test('checkhealth mail_lsp finds the server and the running client', function()
  vim.cmd('checkhealth mail_lsp')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  vim.cmd('tabclose')
  t.check(report:find('server: ' .. bin, 1, true), 'server line missing:\n%s', report)
  t.check(report:find('settings: valid', 1, true), 'settings line missing:\n%s', report)
  t.check(report:find('client %d+: root'), 'client line missing:\n%s', report)
  t.check(not report:find('ERROR'), 'errors in report:\n%s', report)
end)

t.test(':MailLspRestart replaces the server and diagnostics come back', function()
  local old = client.id
  vim.cmd('MailLspRestart')
  client = client_of(buf)
  t.check(client.id ~= old, 'a new client')
  vim.diagnostic.reset(nil, buf)
  t.wait_for(10000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 'diagnostics after restart')
end)

t.test('a utf-16 client (vim.lsp.start, the 0.10 path) gets utf-16 columns', function()
  vim.lsp.enable('mail_lsp', false)
  for _, c in ipairs(mail_lsp.clients()) do
    c:stop(true)
  end
  t.wait_for(5000, function()
    return #mail_lsp.clients() == 0
  end, 'clients to stop')
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  capabilities.general.positionEncodings = { 'utf-16' }
  vim.diagnostic.reset(nil, buf)
  local id = mail_lsp.start(buf, { cmd = { bin }, capabilities = capabilities })
  t.check(id, 'vim.lsp.start returned no client')
  local c = client_of(buf)
  t.equal(c.offset_encoding, 'utf-16', 'negotiated encoding')
  local first = diagnostics_of(buf)[1]
  t.equal({ first.lnum, first.col, first.end_col }, { lnum, col, col + #'550 5.1.1' }, 'range in bytes')
  local result = request(c, buf, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = position(buf, lnum, col + 5, 'utf-16'),
  })
  -- 𠮷 (U+20BB7) is two UTF-16 units and four bytes, each kana three bytes and one unit.
  t.equal(result.range.start.character, vim.str_utfindex(line, 'utf-16', col), 'utf-16 start')
  t.check(result.range.start.character ~= col, 'utf-16 and byte columns differ on this line')
end)

t.test('setup({ use_lsp_start = true }) starts the server on a mail log from FileType', function()
  mail_lsp.setup({ cmd = { bin }, use_lsp_start = true })
  vim.cmd.edit(vim.fn.fnameescape(fixtures .. '/mail.log'))
  local log = vim.api.nvim_get_current_buf()
  t.equal(vim.bo[log].filetype, 'maillog', 'filetype')
  client_of(log)
  local codes = {}
  for _, d in ipairs(diagnostics_of(log)) do
    codes[d.code] = true
  end
  t.check(codes['5.1.1'] and codes['4.4.7'], 'codes %s', vim.inspect(codes))
end)

t.test('a transport-rule script (ps1, language id powershell) gets the rules explained', function()
  vim.cmd.edit(vim.fn.fnameescape(fixtures .. '/transport-rule.ps1'))
  local script = vim.api.nvim_get_current_buf()
  t.equal(vim.bo[script].filetype, 'ps1', 'filetype')
  local c = client_of(script)
  -- A valid rule has nothing to underline: parameter explanations are hover-only.
  local lnum, col = locate(script, 'RejectMessageEnhancedStatusCode')
  local result = request(c, script, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(script),
    position = position(script, lnum, col + 3, c.offset_encoding),
  })
  t.check(result and result.contents.value:find('enhanced status code', 1, true), 'hover: %s', vim.inspect(result))
end)

local ok = t.run()
-- For the caller, which checks that the servers end when Neovim quits.
if vim.env.MAIL_LSP_PID_FILE then
  local servers = vim.tbl_filter(function(pid)
    local cmdline = vim.fn.readfile('/proc/' .. pid .. '/cmdline', 'b')[1] or ''
    return cmdline:find('mail-lsp', 1, true) ~= nil
  end, vim.api.nvim_get_proc_children(vim.fn.getpid()))
  vim.fn.writefile(vim.tbl_map(tostring, servers), vim.env.MAIL_LSP_PID_FILE)
end
vim.cmd(ok and 'qall!' or 'cquit!')
