require('mail_lsp.filetype').register()
