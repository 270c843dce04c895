" Mail logs (Postfix, Exim, Sendmail, Exchange tracking logs): a light touch, the language server
" does the explaining.
if exists('b:current_syntax')
  finish
endif

syn match maillogComment   /^#.*$/
syn match maillogTimestamp /^\a\{3} [ 0-9]\d \d\d:\d\d:\d\d/
syn match maillogTimestamp /^\d\{4}-\d\d-\d\dT\?[ 0-9:.]\+\%(Z\|[+-]\d\d:\?\d\d\)\?/
syn match maillogQueueId   /\<[0-9A-F]\{10,}\ze:/
syn match maillogStatus    /\<status=\%(sent\|delivered\)\>/
syn match maillogDeferred  /\<status=deferred\>/
syn match maillogBounced   /\<status=\%(bounced\|expired\|undeliverable\)\>/
syn match maillogCode      /\<[245]\.\d\{1,3}\.\d\{1,3}\>/
syn match maillogReply     /\<[245]\d\d\ze[ -][245]\./
syn match maillogAddress   /<[^<> ]*@[^<> ]*>/

hi def link maillogComment   Comment
hi def link maillogTimestamp Constant
hi def link maillogQueueId   Identifier
hi def link maillogStatus    DiagnosticOk
hi def link maillogDeferred  DiagnosticWarn
hi def link maillogBounced   DiagnosticError
hi def link maillogCode      Number
hi def link maillogReply     Number
hi def link maillogAddress   Underlined

let b:current_syntax = 'maillog'
