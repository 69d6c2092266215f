-- plainsafe linter definition for nvim-lint (https://github.com/mfussenegger/nvim-lint).
-- Sends the buffer on stdin and reads JSON Lines; positions are converted from
-- Unicode characters to the byte columns Neovim's diagnostics use.
--
--   require('lint').linters.plainsafe = require('plainsafe')
--   require('lint').linters_by_ft = { markdown = { 'plainsafe' }, text = { 'plainsafe' } }

local severities = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  suggestion = vim.diagnostic.severity.HINT,
}

local function byte_col(bufnr, line, column)
  local text = vim.api.nvim_buf_get_lines(bufnr, line - 1, line, false)[1] or ''
  local ok, col = pcall(vim.str_byteindex, text, column - 1)
  return ok and col or column - 1
end

return {
  cmd = 'plainsafe',
  stdin = true,
  args = {
    '--format', 'json', '--no-text',
    '--stdin-filename', function() return vim.api.nvim_buf_get_name(0) end,
    '-',
  },
  stream = 'stdout',
  ignore_exitcode = true,
  parser = function(output, bufnr)
    local diagnostics = {}
    for line in vim.gsplit(output, '\n', { trimempty = true }) do
      local ok, obj = pcall(vim.json.decode, line)
      if ok and type(obj) == 'table' and obj.type == 'diagnostic' then
        table.insert(diagnostics, {
          lnum = obj.line - 1,
          col = byte_col(bufnr, obj.line, obj.column),
          end_lnum = obj.end_line - 1,
          end_col = byte_col(bufnr, obj.end_line, obj.end_column),
          severity = severities[obj.severity] or vim.diagnostic.severity.INFO,
          message = obj.message,
          source = 'plainsafe',
          code = obj.rule,
        })
      end
    end
    return diagnostics
  end,
}
