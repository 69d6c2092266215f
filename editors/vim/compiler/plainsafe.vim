" Vim compiler file for plainsafe, the plain-language linter for assessments.
" Use it with  :compiler plainsafe  then  :make  (checks the current file) and
" :copen to see the findings. Columns are Unicode characters (%v).
if exists("current_compiler")
  finish
endif
let current_compiler = "plainsafe"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=plainsafe\ --format\ text\ --color=never\ %:S
CompilerSet errorformat=%f:%l:%v:\ %trror:\ %m,
                       \%f:%l:%v:\ %tarning:\ %m,
                       \%f:%l:%v:\ suggestion:\ %m,
                       \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
