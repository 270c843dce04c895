--- Outlook `.msg` files, which are binary (compound files): reading one fills a read-only
--- `nofile` buffer with the message text `mail-lsp convert` prints, in the `mail` filetype, and
--- attaches the server, which then reads it like any message. Positions the server reports
--- are those of that text, as for `mail-lsp check`.
local M = {}

--- The mail-lsp executable: the first word of the configured `cmd`.
---@return string
local function binary()
  local ok, config = pcall(require('mail_lsp').config)
  local cmd = ok and config.cmd or nil
  if type(cmd) == 'table' and type(cmd[1]) == 'string' then
    return cmd[1]
  end
  local env_path = vim.env.MAIL_LSP_PATH
  return (env_path ~= nil and env_path ~= '') and env_path or 'mail-lsp'
end

local SIGNATURE = '\208\207\017\224\161\177\026\225'

--- Whether the file starts with the compound-file signature every Outlook `.msg` has.
---@param path string
---@return boolean
function M.is_compound_file(path)
  local file = io.open(path, 'rb')
  if file == nil then
    return false
  end
  local head = file:read(8)
  file:close()
  return head == SIGNATURE
end

--- A `.msg` that is text (ROS message definitions use the extension): read as Neovim would,
--- editable, with its own filetype.
---@param buf integer
---@param path string
local function read_as_text(buf, path)
  vim.cmd('silent keepalt read ++edit ' .. vim.fn.fnameescape(path))
  vim.api.nvim_buf_set_lines(buf, 0, 1, false, {})
  vim.bo[buf].modified = false
  vim.api.nvim_exec_autocmds('BufReadPost', { buffer = buf, modeline = false })
end

--- Fills `buf` with the converted text of the `.msg` at `path`; on failure the buffer stays
--- empty and the server's error is shown. A file that exists but is not a compound file is
--- read as ordinary text.
---@param buf integer
---@param path string
function M.read(buf, path)
  if vim.fn.filereadable(path) == 1 and not M.is_compound_file(path) then
    read_as_text(buf, path)
    return
  end
  local ok, result = pcall(function()
    return vim.system({ binary(), 'convert', path }, { text = true }):wait()
  end)
  local lines = {}
  local converted = ok and result.code == 0
  if converted then
    lines = vim.split(result.stdout, '\n', { plain = true })
    if lines[#lines] == '' then
      table.remove(lines)
    end
  else
    local message = ok and vim.trim(result.stderr or '') or tostring(result)
    if message == '' then
      message = ('mail-lsp convert %s failed'):format(path)
    end
    vim.notify(message, vim.log.levels.ERROR)
  end
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].swapfile = false
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].readonly = true
  vim.bo[buf].modified = false
  vim.bo[buf].filetype = 'mail'
  if converted then
    -- `vim.lsp.enable` leaves buffers that are not files alone, so the server is attached here.
    require('mail_lsp').attach(buf)
  end
end

--- Registers the `BufReadCmd` for `*.msg`; safe to call more than once.
function M.register()
  local group = vim.api.nvim_create_augroup('mail_lsp_msg', { clear = true })
  vim.api.nvim_create_autocmd('BufReadCmd', {
    group = group,
    pattern = { '*.msg', '*.MSG' },
    desc = 'mail-lsp: show an Outlook .msg as its message text',
    callback = function(args)
      M.read(args.buf, vim.fn.fnamemodify(args.file, ':p'))
    end,
  })
end

return M
