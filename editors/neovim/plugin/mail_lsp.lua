-- Filetype detection, Outlook .msg reading and the :MailLspRestart command. The server is not
-- started from here: call `vim.lsp.enable('mail_lsp')` (Neovim 0.11+) or
-- `require('mail_lsp').setup()`.
if vim.g.loaded_mail_lsp ~= nil then
  return
end
vim.g.loaded_mail_lsp = 1

-- ftdetect/ already does this at startup; repeating it covers plugin managers that load the
-- plugin after startup.
require('mail_lsp.filetype').register()
-- Outlook .msg files open as their message text (`mail-lsp convert`).
require('mail_lsp.msg').register()

vim.api.nvim_create_user_command('MailLspRestart', function()
  require('mail_lsp').restart()
end, { desc = 'Restart the mail-lsp language server' })
