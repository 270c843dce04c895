---@brief
---
--- https://github.com/mail-lsp/mail-lsp
---
--- mail-lsp explains SMTP status codes, bounces (NDRs and DSNs), mail logs and authentication
--- headers: diagnostics on each code, hover with the catalog's explanation, and code actions that
--- open the vendor's remediation article.
---
--- Build the server with `cargo build --release -p mail-lsp` and put `target/release/mail-lsp` on
--- PATH, or set `MAIL_LSP_PATH`, or override `cmd`:
---
--- ```lua
--- vim.lsp.config('mail_lsp', { cmd = { '/path/to/mail-lsp' } })
--- vim.lsp.enable('mail_lsp')
--- ```
---
--- Settings (the `mailLsp` table) are documented in editors/README.md of the repository.

-- The server reads the language id first; Neovim's filetype names are not the ids it knows.
local language_ids = {
  mail = 'email',
  maillog = 'mail-log',
  ['postfix-access'] = 'postfix-access',
  ps1 = 'powershell',
  messages = 'log',
  text = 'plaintext',
}

local env_path = vim.env.MAIL_LSP_PATH

---@type vim.lsp.Config
return {
  cmd = { (env_path ~= nil and env_path ~= '') and env_path or 'mail-lsp' },
  -- `ps1` and `messages` are shared: the server reads them only when the content is a
  -- transport-rule script or a mail log.
  filetypes = { 'mail', 'maillog', 'postfix-access', 'ps1', 'messages' },
  root_markers = { '.git' },
  get_language_id = function(_, filetype)
    return language_ids[filetype] or filetype
  end,
  settings = {
    mailLsp = {
      language = 'auto',
      diagnostics = {
        maxPerDocument = 1000,
        successCodes = false,
        debounceMs = 200,
        authentication = true,
        antispam = true,
      },
      catalog = {
        extraPaths = {},
      },
      dkim = {
        keyFiles = {},
      },
      logFormats = 'auto',
      kind = 'auto',
      trustedAuthservIds = {},
      trace = 'off',
    },
  },
}
