--- mail-lsp for Neovim.
---
--- On Neovim 0.11+ the plain way is `vim.lsp.enable('mail_lsp')`, which reads lsp/mail_lsp.lua.
--- `setup()` does that too, and on 0.10 starts the server with `vim.lsp.start` from a FileType
--- autocommand instead.
local M = {}

local NAME = 'mail_lsp'

---@type table options given to the last setup(), reused by restart()
local last_opts = {}

---@type boolean whether setup() ran
local set_up = false

--- True when this Neovim has `vim.lsp.config` and `vim.lsp.enable` (0.11+).
function M.has_native_config()
  return type(vim.lsp.config) == 'table' and type(vim.lsp.enable) == 'function'
end

--- The default configuration, read from lsp/mail_lsp.lua on 'runtimepath'.
---@return table
function M.default_config()
  local file = vim.api.nvim_get_runtime_file('lsp/' .. NAME .. '.lua', false)[1]
  if file == nil then
    error('mail-lsp: lsp/mail_lsp.lua is not on runtimepath; add the editors/neovim folder of mail-lsp')
  end
  return dofile(file)
end

--- The configuration in force: on 0.11+ the merged `vim.lsp.config.mail_lsp` (which includes
--- the user's `vim.lsp.config('mail_lsp', ...)` overrides), else the default.
---@param opts? table overrides
---@return table
function M.config(opts)
  local base
  if M.has_native_config() then
    base = vim.deepcopy(vim.lsp.config[NAME] or M.default_config())
  else
    base = M.default_config()
  end
  return vim.tbl_deep_extend('force', base, opts or {})
end

--- Starts (or reuses) the server for a buffer with `vim.lsp.start`; works on 0.10 and later.
---@param bufnr? integer
---@param opts? table overrides of the configuration
---@return integer? client_id
function M.start(bufnr, opts)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.config(opts)
  config.name = NAME
  if config.root_dir == nil and config.root_markers ~= nil then
    config.root_dir = vim.fs.root(bufnr, config.root_markers)
  end
  config.root_markers = nil
  config.filetypes = nil
  return vim.lsp.start(config, { bufnr = bufnr })
end

--- Registers filetype detection and arranges for the server to start on mail buffers.
---@param opts? table overrides of the configuration (cmd, settings, filetypes, ...)
function M.setup(opts)
  opts = opts or {}
  last_opts = opts
  set_up = true
  require('mail_lsp.filetype').register()
  if M.has_native_config() and not opts.use_lsp_start then
    vim.lsp.config(NAME, opts)
    vim.lsp.enable(NAME)
    return
  end
  opts = vim.deepcopy(opts)
  opts.use_lsp_start = nil
  local filetypes = M.config(opts).filetypes
  local group = vim.api.nvim_create_augroup(NAME, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = filetypes,
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(filetypes, vim.bo[buf].filetype) then
      M.start(buf, opts)
    end
  end
end

--- Starts the server on a buffer that is not a file (a converted Outlook `.msg`), which
--- `vim.lsp.enable` never attaches to, when the user asked for mail-lsp at all: through
--- `setup()` or `vim.lsp.enable('mail_lsp')`.
---@param bufnr integer
---@return integer? client_id
function M.attach(bufnr)
  local enabled = set_up
    or (type(vim.lsp.is_enabled) == 'function' and vim.lsp.is_enabled(NAME))
    or (vim.lsp._enabled_configs ~= nil and vim.lsp._enabled_configs[NAME] ~= nil)
  if not enabled then
    return nil
  end
  local opts = vim.deepcopy(last_opts)
  opts.use_lsp_start = nil
  return M.start(bufnr, opts)
end

--- Stops a client; the method became `client:stop()` in 0.11.
local function stop(client, force)
  if vim.fn.has('nvim-0.11') == 1 then
    client:stop(force)
  else
    client.stop(force)
  end
end

--- The running mail-lsp clients.
---@return vim.lsp.Client[]
function M.clients()
  return vim.lsp.get_clients({ name = NAME })
end

--- Stops the server and starts it again on the buffers it was attached to, for instance after
--- rebuilding the binary.
function M.restart()
  local buffers = {}
  for _, client in ipairs(M.clients()) do
    for buf in pairs(client.attached_buffers) do
      table.insert(buffers, buf)
    end
    stop(client)
  end
  vim.wait(3000, function()
    return #M.clients() == 0
  end, 50)
  for _, client in ipairs(M.clients()) do
    stop(client, true)
  end
  local opts = vim.deepcopy(last_opts)
  opts.use_lsp_start = nil
  for _, buf in ipairs(buffers) do
    if vim.api.nvim_buf_is_valid(buf) then
      M.start(buf, opts)
    end
  end
end

return M
