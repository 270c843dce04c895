--- Filetype detection for mail files. Messages use Neovim's own `mail` filetype; mail logs get
--- `maillog` and Postfix lookup tables `postfix-access`. Exchange tracking logs and Microsoft 365
--- message-trace exports are recognised by their first line, like VS Code's `firstLine`.
local M = {}

local function first_line(bufnr)
  if bufnr == nil or not vim.api.nvim_buf_is_valid(bufnr) then
    return ''
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] or ''
  return (line:gsub('^\239\187\191', '')) -- drop a UTF-8 byte order mark
end

--- True for the header line of an Exchange log or a message-trace CSV.
---@param line string
---@return boolean
function M.is_mail_log_header(line)
  return line:find('^#Software: Microsoft Exchange Server') ~= nil
    or line:find('^#Log%-type: Message Tracking Log') ~= nil
    or line:find('^#Log%-type: SMTP %a+ Protocol Log') ~= nil
    or line:find('^"?date_time_utc"?,') ~= nil
    or line:find('^"?origin_timestamp_utc"?,') ~= nil
    or line:find('^"?Received"?,"?SenderAddress"?,') ~= nil
    or line:find('^received,sender_address,') ~= nil
end

local function sniff_log(_, bufnr)
  if M.is_mail_log_header(first_line(bufnr)) then
    return 'maillog'
  end
end

M.spec = {
  extension = {
    eml = 'mail',
    mbox = 'mail',
  },
  filename = {
    ['mail.log'] = 'maillog',
    ['maillog'] = 'maillog',
    ['mail.err'] = 'maillog',
    ['mail.warn'] = 'maillog',
    ['mail.info'] = 'maillog',
    ['exim_mainlog'] = 'maillog',
    ['exim_rejectlog'] = 'maillog',
    ['mainlog'] = 'maillog',
    ['rejectlog'] = 'maillog',
    ['paniclog'] = 'maillog',
    ['access'] = 'postfix-access',
    ['header_checks'] = 'postfix-access',
    ['body_checks'] = 'postfix-access',
  },
  pattern = {
    ['mail%.log%.%d+'] = 'maillog',
    ['maillog%-%d+'] = 'maillog',
    ['[Mm][Ss][Gg][Tt][Rr][Kk].*%.[Ll][Oo][Gg]'] = 'maillog',
    ['[Rr][Ee][Cc][Vv]%d.*%.[Ll][Oo][Gg]'] = 'maillog',
    ['[Ss][Ee][Nn][Dd]%d.*%.[Ll][Oo][Gg]'] = 'maillog',
    ['.*_access'] = 'postfix-access',
    ['.*_access%.pcre'] = 'postfix-access',
    ['.*_access%.regexp'] = 'postfix-access',
    ['.*_checks'] = 'postfix-access',
    ['.*_checks%.pcre'] = 'postfix-access',
    ['.*_checks%.regexp'] = 'postfix-access',
    -- Only claims a .log or .csv file whose first line says it is a mail log; others fall
    -- through to Neovim's own detection.
    ['.*%.[Ll][Oo][Gg]'] = { sniff_log, { priority = 1 } },
    ['.*%.[Cc][Ss][Vv]'] = { sniff_log, { priority = 1 } },
  },
}

--- Registers the detection; safe to call more than once.
function M.register()
  vim.filetype.add(M.spec)
end

return M
