-- Configuration for the Neovim screenshot: the plugin from the repository, the server from
-- $MAIL_LSP_BIN, and a hover opened on the first diagnostic once the server has published.
local repo = vim.env.MAIL_LSP_REPO
vim.opt.runtimepath:prepend(repo .. '/editors/neovim')
vim.cmd('runtime! plugin/mail_lsp.lua')
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.o.termguicolors = true
vim.o.swapfile = false
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.wrap = false
vim.o.laststatus = 2
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.o.winborder = 'rounded'
vim.diagnostic.config({ virtual_text = { spacing = 2 }, severity_sort = true })

vim.lsp.config('mail_lsp', { cmd = { vim.env.MAIL_LSP_BIN }, settings = { mailLsp = { language = 'en' } } })
vim.lsp.enable('mail_lsp')

local shown = false
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function(args)
    local list = vim.diagnostic.get(args.buf)
    if shown or #list == 0 then
      return
    end
    shown = true
    table.sort(list, function(a, b)
      return a.lnum < b.lnum
    end)
    vim.schedule(function()
      vim.api.nvim_win_set_cursor(0, { list[1].lnum + 1, list[1].col + #'550 ' })
      vim.cmd('normal! zt')
      vim.fn.winrestview({ topline = math.max(1, list[1].lnum - 8) })
      vim.lsp.buf.hover({ max_width = 96, max_height = 40 })
      -- The screen is ready once the hover's float is drawn, however long a busy machine takes
      -- to answer: look for it every 100 ms.
      local function when_shown(tries)
        local float = nil
        for _, win in ipairs(vim.api.nvim_list_wins()) do
          if vim.api.nvim_win_get_config(win).relative ~= '' then
            float = win
          end
        end
        if float == nil and tries > 0 then
          vim.defer_fn(function()
            when_shown(tries - 1)
          end, 100)
          return
        end
        if float ~= nil then
          -- Wrap the hover at word boundaries, as a reader would set it up.
          vim.wo[float].linebreak = true
        end
        vim.cmd('redraw')
        vim.defer_fn(function()
          vim.fn.writefile({ 'ready' }, vim.env.MAIL_LSP_READY_FILE)
        end, 300)
      end
      when_shown(90)
    end)
  end,
})
